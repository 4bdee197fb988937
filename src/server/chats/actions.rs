//! The chat menu's actions (C10, C11, C17, C18, W6): status, responsible,
//! leave, delete, restore, delete forever. Each asks `rights::may`, writes a
//! history event, and reaches open workspaces through the live fan-out.

use crate::server::people::auth::{actor_for_employee, enabled_staff};
use crate::server::chats::participants::assignee;
use crate::server::chats::summary::accessible;
use crate::server::clock::new_key;
use crate::server::store::db::first;
use crate::server::error::{ResultContext, ServiceError, ServiceResult};
use crate::server::chats::messages::{store, Effect};
use crate::server::store::records::{key, record};
use crate::server::chats::statuses::StatusRow;
use crate::server::rights::{may, Action, Actor, Object};
use crate::server::state::AppState;
use crate::server::chats::events::{event, HistoryAction};
use crate::model::employee::Assignee;
use crate::model::message::Author;
use crate::model::problem::{Problem, Thing};
use crate::model::room::RoomKind;

/// C18: to «Удаленные». Needs the right to view and delete chats.
pub async fn delete(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<()> {
    set_deleted(state, actor, chat, true).await
}

/// W6 «Восстановить чат»: back where it was.
pub async fn restore(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<()> {
    set_deleted(state, actor, chat, false).await
}

async fn set_deleted(state: &AppState, actor: &Actor, chat: &str, deleted: bool) -> ServiceResult<()> {
    let summary = accessible(state, actor, chat, Action::Delete).await?;
    if summary.deleted == deleted {
        return Ok(());
    }
    let (operation, action) = if deleted { ("delete chat", HistoryAction::ChatDeleted) } else { ("restore chat", HistoryAction::ChatRestored) };
    state
        .db
        .query("UPDATE $chat SET deleted = $deleted, rev += 1")
        .bind(("chat", record("chat", chat)?))
        .bind(("deleted", deleted))
        .await
        .and_then(|r| r.check())
        .context(operation, Some(chat))?;
    crate::server::meetings::meeting::recheck_calls(state, Some(chat)).await;
    event(state, actor, &summary, action, None).await
}

/// W6 «Удалить чат насовсем»: the chat, its messages, files and read
/// positions, in one transaction; then the files' bytes (#14). Only a chat
/// already in «Удаленные».
pub async fn erase(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<()> {
    let summary = accessible(state, actor, chat, Action::Delete).await?;
    if !summary.deleted {
        return Err(Problem::EraseOnlyDeleted.into());
    }
    let mut response = state
        .db
        .query("BEGIN; SELECT VALUE path FROM file WHERE chat = $chat; DELETE file WHERE chat = $chat; DELETE message WHERE chat = $chat; DELETE message_search WHERE chat = $chat; DELETE read_position WHERE chat = $chat; DELETE $chat; COMMIT;")
        .bind(("chat", record("chat", chat)?))
        .await
        .and_then(|r| r.check())
        .context("erase chat", Some(chat))?;
    // Statements: 0 BEGIN, 1 the files' paths.
    let paths = crate::server::store::db::rows::<String>(&mut response, 1)?;
    state.files.delete(&paths).await;
    crate::server::meetings::meeting::end_call(state, chat, Problem::MeetingDeleted);
    event(state, actor, &summary, HistoryAction::ChatErased, summary.client_name.clone()).await
}

/// C10: a new status, and the actions the administrator attached to it:
/// remove the responsible person, move to another room, a message to the
/// client. A closed status stops the wait timer.
pub async fn set_status(state: &AppState, actor: &Actor, chat: &str, status: &str) -> ServiceResult<()> {
    let summary = accessible(state, actor, chat, Action::Write).await?;
    let mut response = state
        .db
        .query(concat!("SELECT ", crate::status_fields!(), " FROM $status"))
        .bind(("status", record("chat_status", status)?))
        .await?;
    let row = first::<StatusRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::Status))?;
    if summary.status.id == status {
        return Ok(());
    }
    // Only a client chat moves, and only into a client room (a room whose type
    // changed since the status was saved keeps its chats out).
    let moves = summary.room_kind == RoomKind::Client && row.move_to_kind.as_deref() == Some("client");
    let room = row.move_to_room.as_ref().map(key).filter(|r| moves && *r != summary.room);
    state
        .db
        .query(
            "BEGIN;
             UPDATE $chat SET status = $status, room = $room ?? room, rev += 1;
             IF $closed { UPDATE $chat SET waiting_since_ms = NONE, rating_operator = responsible ?? rating_operator };
             IF $remove_responsible { UPDATE $chat SET responsible = NONE };
             COMMIT;",
        )
        .bind(("chat", record("chat", chat)?))
        .bind(("status", record("chat_status", status)?))
        .bind(("remove_responsible", row.remove_responsible && summary.room_kind == RoomKind::Client))
        .bind(("closed", row.closed))
        .bind(("room", room.as_deref().map(|r| record("room", r)).transpose()?))
        .await
        .and_then(|r| r.check())
        .context("set status", Some(chat))?;
    crate::server::meetings::meeting::recheck_calls(state, Some(chat)).await;
    // Closed or open again: the client's widget looks again (a closed
    // inquiry asks for a rating, #14).
    if let Some(user) = summary.user.as_deref().filter(|_| row.closed != summary.status.closed) {
        crate::server::cluster::bus::refresh_visitor(state, user);
    }
    event(state, actor, &summary, HistoryAction::StatusChanged, Some(format!("{} → {}", summary.status.name, row.name))).await?;
    if let Some(text) = row.message.filter(|m| !m.trim().is_empty()).filter(|_| summary.user.is_some()) {
        let author = Author::Employee { id: actor.id.clone(), name: actor.name.clone() };
        store(state, chat, &format!("status-{}", new_key()), &text, &author, Effect::Plain).await?;
    }
    Ok(())
}

/// Enabled employees who may see the chat: people first, bots last, by
/// name; the green dot marks whose Chats window is open now.
pub async fn candidates(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<Vec<Assignee>> {
    let summary = accessible(state, actor, chat, Action::Write).await?;
    let viewers = crate::server::cluster::presence::online(state).await;
    Ok(enabled_staff(state)
        .await?
        .into_iter()
        .filter(|person| may(&person.actor, Action::Write, Object::Chat(&summary)))
        .map(|person| assignee(person, &viewers))
        .collect())
}

/// C11: makes `employee` responsible. Refused in a closed status (C6) and
/// for someone who may not see the chat.
pub async fn assign_responsible(state: &AppState, actor: &Actor, chat: &str, employee: &str) -> ServiceResult<()> {
    let summary = accessible(state, actor, chat, Action::Write).await?;
    if summary.room_kind != RoomKind::Client {
        return Err(Problem::ResponsibleOnlyInClientChats.into());
    }
    if summary.status.closed {
        return Err(Problem::ChatClosed.into());
    }
    let person = actor_for_employee(state, employee).await?.ok_or(ServiceError::not_found(Thing::Employee))?;
    if !may(&person, Action::Write, Object::Chat(&summary)) {
        return Err(Problem::NoAccessToChat { employee: person.name.clone() }.into());
    }
    if summary.responsible.as_ref().is_some_and(|r| r.id == employee) {
        return Ok(());
    }
    state
        .db
        .query("UPDATE $chat SET responsible = $employee, rev += 1")
        .bind(("chat", record("chat", chat)?))
        .bind(("employee", record("employee", employee)?))
        .await
        .and_then(|r| r.check())
        .context("assign responsible", Some(chat))?;
    let before = summary.responsible.as_ref().map(|r| r.name.clone()).unwrap_or_else(|| "—".into());
    event(state, actor, &summary, HistoryAction::ResponsibleAssigned, Some(format!("{before} → {}", person.name))).await
}

/// C17: a participant who is not the responsible person leaves the chat.
pub async fn leave(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<()> {
    let summary = accessible(state, actor, chat, Action::View).await?;
    if !summary.participants.iter().any(|p| p.id == actor.id) {
        return Err(Problem::NotAParticipant.into());
    }
    if summary.responsible.as_ref().is_some_and(|r| r.id == actor.id) {
        return Err(Problem::ResponsibleCannotLeave.into());
    }
    state
        .db
        .query("UPDATE $chat SET participants -= $me, rev += 1")
        .bind(("chat", record("chat", chat)?))
        .bind(("me", record("employee", &actor.id)?))
        .await
        .and_then(|r| r.check())
        .context("leave chat", Some(chat))?;
    event(state, actor, &summary, HistoryAction::ChatLeft, None).await
}
