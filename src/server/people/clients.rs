//! Clients (C7): several users merged into one client, and undoing it. A user
//! belongs to at most one client; merging a user who is already in another
//! client is refused, and a client left with one user is dissolved.

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::chats::events::{event, HistoryAction};
use crate::server::clock::now_ms;
use crate::server::store::db::{first, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::people::users::UserRow;
use crate::server::store::records::{key, record};
use crate::server::rights::{may, require, Action, Actor, Object};
use crate::server::state::AppState;
use crate::server::people::users::{chat_user, client_of, client_users, in_visible_room};
use crate::model::problem::{Problem, Thing};
use crate::model::user_info::UserRef;

/// Users whose name contains `query`, in rooms the actor has, to merge with
/// the chat's user.
pub async fn candidates(state: &AppState, actor: &Actor, chat: &str, query: &str) -> ServiceResult<Vec<UserRef>> {
    let (summary, user) = chat_user(state, actor, chat).await?;
    require(actor, Action::MergeClients, Object::Chat(&summary))?;
    let query = query.trim().to_lowercase();
    if query.chars().count() < 2 || query.chars().count() > 100 {
        return Ok(Vec::new());
    }
    let mut response = state
        .db
        .query("SELECT id, name, room, room.name AS room_name FROM user WHERE id != $user AND string::contains(string::lowercase(name), $query) LIMIT 200")
        .bind(("user", record("user", &user)?))
        .bind(("query", query))
        .await?;
    Ok(rows::<UserRow>(&mut response, 0)?
        .into_iter()
        .filter(|r| in_visible_room(actor, r))
        .take(20)
        .map(UserRef::from)
        .collect())
}

#[derive(SurrealValue)]
struct OtherRow {
    name: String,
    room: RecordId,
    client: Option<RecordId>,
    client_name: Option<String>,
}

/// «Объединить»: the chat's user and `other` become one client.
pub async fn merge(state: &AppState, actor: &Actor, chat: &str, other: &str) -> ServiceResult<()> {
    let (summary, user) = chat_user(state, actor, chat).await?;
    require(actor, Action::MergeClients, Object::Chat(&summary))?;
    if other == user {
        return Err(Problem::MergeWithSelf.into());
    }
    let mut response = state
        .db
        .query("SELECT name, room, client, client.name AS client_name FROM $other")
        .bind(("other", record("user", other)?))
        .await?;
    let found = first::<OtherRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::User))?;
    if !may(actor, Action::View, Object::Room { id: &key(&found.room) }) {
        return Err(ServiceError::not_found(Thing::User));
    }
    let mine = client_of(state, &user).await?;
    let theirs = found.client.as_ref().map(key);
    let client = match (&mine, &theirs) {
        (Some(a), Some(b)) if a == b => return Err(Problem::AlreadyMerged.into()),
        (Some(_), Some(_)) => {
            return Err(Problem::InAnotherClient { user: found.name, client: found.client_name.unwrap_or_default() }.into())
        }
        (Some(c), None) | (None, Some(c)) => c.clone(),
        (None, None) => crate::server::clock::new_key(),
    };
    // Checked again inside the transaction: a merge that committed since the
    // reads above (the same user into another client) wins, this one is refused.
    let result = state
        .db
        .query(
            "BEGIN;
             IF $user.client != $mine OR $other.client != $theirs { THROW 'merge_changed' };
             IF (SELECT VALUE id FROM $client)[0] = NONE { CREATE $client SET name = $name, created_ms = $now };
             UPDATE $user SET client = $client;
             UPDATE $other SET client = $client;
             COMMIT;",
        )
        .bind(("client", record("client", &client)?))
        .bind(("name", summary.client_name.clone().unwrap_or_else(|| found.name.clone())))
        .bind(("now", now_ms()))
        .bind(("user", record("user", &user)?))
        .bind(("other", record("user", other)?))
        .bind(("mine", mine.as_deref().map(|c| record("client", c)).transpose()?))
        .bind(("theirs", theirs.as_deref().map(|c| record("client", c)).transpose()?))
        .await?
        .check();
    match result {
        Err(error) if error.to_string().contains("merge_changed") => {
            return Err(Problem::MergeRace.into())
        }
        other => other?,
    };
    event(state, actor, &summary, HistoryAction::MergedIntoClient, Some(found.name)).await
}

/// «Отменить объединение»: `member` leaves the chat user's client.
pub async fn unmerge(state: &AppState, actor: &Actor, chat: &str, member: &str) -> ServiceResult<()> {
    let (summary, user) = chat_user(state, actor, chat).await?;
    require(actor, Action::MergeClients, Object::Chat(&summary))?;
    let client = client_of(state, &user).await?.ok_or(Problem::NotMerged)?;
    // Only a member the actor may see (in one of their rooms) can be taken out.
    let users = client_users(state, actor, &client).await?;
    let leaving = users.iter().find(|u| u.id == member).ok_or(Problem::NotInClient)?;
    // One user left (counting those the actor cannot see): the client is gone.
    state
        .db
        .query(
            "BEGIN;
             UPDATE $member SET client = NONE;
             LET $left = (SELECT VALUE id FROM user WHERE client = $client);
             IF array::len($left) <= 1 { UPDATE user SET client = NONE WHERE client = $client; DELETE field_value WHERE owner = $owner; DELETE $client; };
             COMMIT;",
        )
        .bind(("member", record("user", member)?))
        .bind(("client", record("client", &client)?))
        .bind(("owner", format!("client:{client}")))
        .await?
        .check()?;
    event(state, actor, &summary, HistoryAction::MergeUndone, Some(leaving.name.clone())).await
}
