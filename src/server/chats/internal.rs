//! Chats between employees in internal rooms (R2, W12): the chats I already
//! have with exactly the chosen people, and creating a personal or group
//! chat, idempotently by the browser's key.

use crate::model::problem::{Problem, Thing};
use crate::model::room::RoomKind;

use crate::server::people::auth::enabled_staff;
use crate::server::chats::events::{event, HistoryAction};
use crate::server::chats::summary::{summary, SummaryRow};
use crate::server::chats::requests::{earlier, made_before, request};
use crate::server::clock::now_ms;
use crate::server::store::db::{made_now, rows};
use crate::server::error::{ResultContext, ServiceError, ServiceResult};
use crate::server::store::records::record;
use crate::server::rights::{may, require, Action, Actor, Object};
use crate::server::state::AppState;
use crate::model::chat::ChatSummary;
use crate::model::internal_chat::{NewInternalChat, MAX_OTHERS};

/// The room, if the actor has it and it is internal.
async fn internal_room(state: &AppState, actor: &Actor, room: &str) -> ServiceResult<()> {
    require(actor, Action::Write, Object::Room { id: room }).map_err(|_| ServiceError::not_found(Thing::Room))?;
    match crate::server::chats::rooms::kind(state, room).await? {
        RoomKind::Internal => Ok(()),
        _ => Err(Problem::InternalRoomRequired.into()),
    }
}

/// Me and the others, as record ids, once each.
fn people(actor: &Actor, others: &[String]) -> ServiceResult<Vec<surrealdb::types::RecordId>> {
    let mut keys: Vec<&str> = others.iter().map(String::as_str).filter(|k| *k != actor.id).collect();
    keys.push(&actor.id);
    keys.sort();
    keys.dedup();
    keys.into_iter().map(|k| record("employee", k)).collect()
}

/// R2: my chats in `room` whose participants are exactly me and `others`,
/// newest first (offered instead of creating a twin).
pub async fn same_people(state: &AppState, actor: &Actor, room: &str, others: &[String]) -> ServiceResult<Vec<ChatSummary>> {
    internal_room(state, actor, room).await?;
    if others.is_empty() || others.len() > MAX_OTHERS {
        return Ok(Vec::new());
    }
    let people = people(actor, others)?;
    let sql = concat!(
        "SELECT ",
        summary_fields!(),
        " FROM chat WHERE room = $room AND deleted = false AND participants CONTAINS $me
            AND array::len(participants) = $count AND participants CONTAINSALL $people"
    );
    let mut response = state
        .db
        .query(sql)
        .bind(("room", record("room", room)?))
        .bind(("me", record("employee", &actor.id)?))
        .bind(("count", people.len() as i64))
        .bind(("people", people))
        .await?;
    let mut found: Vec<ChatSummary> = rows::<SummaryRow>(&mut response, 0)?
        .into_iter()
        .map(SummaryRow::into_summary)
        .filter(|chat| may(actor, Action::View, Object::Chat(chat)))
        .collect();
    found.sort_by_key(|chat| std::cmp::Reverse(chat.last.as_ref().map_or(chat.created_ms, |l| l.at_ms)));
    Ok(found)
}

/// R2 «Создать»: the new chat with me and the others as participants. A
/// retry with the same key returns the chat the first attempt made.
pub async fn create(state: &AppState, actor: &Actor, new: NewInternalChat) -> ServiceResult<ChatSummary> {
    let new = new.normalized(&actor.id);
    internal_room(state, actor, &new.room).await?;
    if let Some(problem) = new.problem() {
        return Err(problem.into());
    }
    let request = request(&actor.id, &new.key)?;
    if let Some(chat) = made_before(state, &request).await? {
        return earlier(state, actor, &chat, &new.room).await;
    }
    let staff = enabled_staff(state).await?;
    let mut names = Vec::new();
    for key in &new.others {
        let person = staff.iter().find(|p| &p.actor.id == key).ok_or(ServiceError::not_found(Thing::Employee))?;
        names.push(person.actor.name.clone());
    }
    let created = state
        .db
        .query(
            "BEGIN;
             CREATE $request SET chat = $chat, at_ms = $now;
             CREATE $chat SET room = $room, source = source:workspace, topic = $topic, participants = $people,
                status = (SELECT VALUE id FROM chat_status WHERE is_default = true LIMIT 1)[0],
                created_ms = $now, last_seq = 0, deleted = false, rev = 1;
             COMMIT;",
        )
        .bind(("request", request.id.clone()))
        .bind(("chat", record("chat", &request.chat)?))
        .bind(("room", record("room", &new.room)?))
        .bind(("topic", Some(new.topic.clone()).filter(|t| !t.is_empty())))
        .bind(("people", people(actor, &new.others)?))
        .bind(("now", now_ms()))
        .await?
        .check();
    // Two clicks racing with one key: the other one made it.
    if !made_now(created).context("create chat", Some(&new.key))? {
        let chat = made_before(state, &request).await?.ok_or_else(|| ServiceError::internal("create chat: request without a chat", Some(&new.key)))?;
        return earlier(state, actor, &chat, &new.room).await;
    }
    let made = summary(state, &request.chat).await?.ok_or_else(|| ServiceError::internal("create chat: not found after creating", Some(&request.chat)))?;
    event(state, actor, &made, HistoryAction::ChatCreated, Some(names.join(", "))).await?;
    Ok(made)
}
