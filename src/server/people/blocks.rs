//! Blocking a website visitor (C14) until a time with a reason, and
//! «Разблокировать» (C15). A block ends by itself at its time; the visitor's
//! sends are refused meanwhile. Both are written to the chat's history.

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::chats::events::{event, HistoryAction};
use crate::server::chats::summary::accessible;
use crate::server::clock::now_ms;
use crate::server::store::db::first;
use crate::server::error::{ResultContext, ServiceResult};
use crate::server::store::records::{key, record, records};
use crate::server::people::users::{client_of, client_users};
use crate::server::rights::{Action, Actor};
use crate::server::state::AppState;
use crate::model::block::{BlockInfo, NewBlock};
use crate::model::chat::ChatSummary;
use crate::model::problem::Problem;

#[derive(SurrealValue)]
struct BlockRow {
    until_ms: i64,
    reason: String,
    by_name: String,
}

/// The block in force on a user now, if any.
pub async fn active_block(state: &AppState, user: &str) -> ServiceResult<Option<BlockInfo>> {
    let mut response = state
        .db
        .query("SELECT until_ms, reason, by_name FROM block WHERE user = $user AND ended_ms = NONE AND until_ms > $now ORDER BY until_ms DESC LIMIT 1")
        .bind(("user", record("user", user)?))
        .bind(("now", now_ms()))
        .await?;
    Ok(first::<BlockRow>(&mut response, 0)?.map(|r| BlockInfo { until_ms: r.until_ms, reason: r.reason, by_name: r.by_name }))
}

/// The chat's visitor, for an actor with the right to block.
async fn blockable(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<(ChatSummary, String)> {
    let summary = accessible(state, actor, chat, Action::View).await?;
    crate::server::rights::require(actor, Action::Block, crate::server::rights::Object::Chat(&summary))?;
    let user = summary.user.clone().ok_or(Problem::NoVisitorToBlock)?;
    Ok((summary, user))
}

/// C14 «Заблокировать»: until a time in the future, with a reason.
pub async fn block(state: &AppState, actor: &Actor, new: NewBlock) -> ServiceResult<BlockInfo> {
    let (summary, user) = blockable(state, actor, &new.chat).await?;
    let now = now_ms();
    if let Some(problem) = new.problem(now) {
        return Err(problem.into());
    }
    let reason = new.reason.trim().to_string();
    // The whole client: each of its users.
    let (users, client) = if new.client {
        let client = client_of(state, &user).await?.ok_or(Problem::BlockClientNotMerged)?;
        (client_users(state, actor, &client).await?.into_iter().map(|u| u.id).collect(), Some(client))
    } else {
        (vec![user.clone()], None)
    };
    // A new block replaces the one in force.
    state
        .db
        .query(
            "BEGIN;
             UPDATE block SET ended_ms = $now WHERE user IN $users AND ended_ms = NONE AND until_ms > $now;
             FOR $user IN $users {
                 CREATE block SET user = $user, client = $client, until_ms = $until, reason = $reason, by = $by, by_name = $by_name, created_ms = $now,
                     address = $user.address;
             };
             UPDATE chat SET blocked_until_ms = $until, rev += 1 WHERE user IN $users;
             COMMIT;",
        )
        .bind(("users", records("user", &users)?))
        .bind(("client", client.as_deref().map(|c| record("client", c)).transpose()?))
        .bind(("until", new.until_ms))
        .bind(("reason", reason.clone()))
        .bind(("by", record("employee", &actor.id)?))
        .bind(("by_name", actor.name.clone()))
        .bind(("now", now))
        .await
        .and_then(|r| r.check())
        .context("block", Some(&new.chat))?;
    let action = if new.client { HistoryAction::ClientBlocked } else { HistoryAction::UserBlocked };
    event(state, actor, &summary, action, Some(format!("{} · {reason}", until_text(new.until_ms)))).await?;
    for user in &users {
        crate::server::cluster::bus::refresh_visitor(state, user);
    }
    Ok(BlockInfo { until_ms: new.until_ms, reason, by_name: actor.name.clone() })
}

#[derive(SurrealValue)]
struct ClientRow {
    client: Option<RecordId>,
}

/// C15 «Разблокировать»: ends the block in force early; a client's block
/// ends for all its users.
pub async fn unblock(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<()> {
    let (summary, user) = blockable(state, actor, chat).await?;
    let now = now_ms();
    let mut response = state
        .db
        .query("SELECT client FROM block WHERE user = $user AND ended_ms = NONE AND until_ms > $now LIMIT 1")
        .bind(("user", record("user", &user)?))
        .bind(("now", now))
        .await?;
    let block = first::<ClientRow>(&mut response, 0)?.ok_or(Problem::NotBlocked)?;
    let users = match block.client.as_ref().map(key) {
        Some(client) => {
            let mut users: Vec<String> = client_users(state, actor, &client).await?.into_iter().map(|u| u.id).collect();
            if !users.contains(&user) {
                users.push(user.clone());
            }
            users
        }
        None => vec![user.clone()],
    };
    // New visitors from the blocked address inherited the block (#12): they are let go too.
    let mut response = state
        .db
        .query("SELECT VALUE user FROM block WHERE from_block.user IN $users AND ended_ms = NONE AND until_ms > $now")
        .bind(("users", records("user", &users)?))
        .bind(("now", now))
        .await?;
    let inherited: Vec<RecordId> = response.take(0)?;
    let users: Vec<String> = users.into_iter().chain(inherited.iter().map(key)).collect();
    state
        .db
        .query(
            "BEGIN;
             UPDATE block SET ended_ms = $now WHERE user IN $users AND ended_ms = NONE AND until_ms > $now;
             UPDATE chat SET blocked_until_ms = NONE, rev += 1 WHERE user IN $users;
             COMMIT;",
        )
        .bind(("users", records("user", &users)?))
        .bind(("now", now))
        .await
        .and_then(|r| r.check())
        .context("unblock", Some(chat))?;
    let action = if block.client.is_some() { HistoryAction::ClientUnblocked } else { HistoryAction::UserUnblocked };
    event(state, actor, &summary, action, None).await?;
    for user in &users {
        crate::server::cluster::bus::refresh_visitor(state, user);
    }
    Ok(())
}

/// The end of a block for the history, in UTC (browsers show local times).
fn until_text(until_ms: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(until_ms.div_euclid(1000)) {
        Ok(t) => format!("{:02}.{:02}.{} {:02}:{:02} UTC", t.day(), u8::from(t.month()), t.year(), t.hour(), t.minute()),
        Err(_) => until_ms.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn until_is_written_as_a_utc_date() {
        assert_eq!(super::until_text(1_764_072_000_000), "25.11.2025 12:00 UTC");
        assert_eq!(super::until_text(0), "01.01.1970 00:00 UTC");
    }
}
