//! What earns a push (#15): a new message from someone else in a chat that
//! notifies an employee (a new inquiry in «Новые» of their rooms, or a chat
//! where they are responsible or a participant) while no workspace tab of
//! theirs is open, as their profile asks; on a break, nothing but calls.

use surrealdb::types::SurrealValue;

use crate::model::chat::ChatSummary;
use crate::model::message::{Author, Message};
use crate::model::push::{PushKind, PushPayload, PushSettings};
use crate::server::error::ServiceResult;
use crate::server::people::auth::actor_for_employee;
use crate::server::rights::{may, Action, Object};
use crate::server::state::AppState;
use crate::server::store::db::first;
use crate::server::store::records::record;

use super::{delivery, subscriptions};

/// Called by the live fan-out for each new message: cheap when nobody it
/// could concern has a subscription; the rest runs in its own task.
pub fn on_message(state: &AppState, message: &Message, chat: &ChatSummary) {
    if !state.push.has_subscribers() {
        return;
    }
    let author = match &message.author {
        Author::Employee { id, .. } => Some(id.clone()),
        Author::Visitor { .. } => None,
        Author::System => return,
    };
    let candidates: Vec<String> = match state.push.subscribed.read() {
        Ok(subscribed) => subscribed.iter().filter(|e| Some(*e) != author.as_ref() && chat.notifies(e)).cloned().collect(),
        Err(_) => return,
    };
    if candidates.is_empty() {
        return;
    }
    let (state, message, chat) = (state.clone(), message.clone(), chat.clone());
    tokio::spawn(async move {
        // The room's name is the same for everyone: read once.
        let room = match room_name(&state, &chat.room).await {
            Ok(room) => room,
            Err(error) => return tracing::warn!("push about chat {}: room unreadable: {error}", chat.id),
        };
        for employee in candidates {
            if let Err(error) = push_message(&state, &employee, &message, &chat, &room).await {
                tracing::warn!("push for {employee} about chat {} failed: {error}", chat.id);
            }
        }
    });
}

#[derive(SurrealValue)]
struct Presence {
    active: Option<bool>,
    away_auto: Option<bool>,
}

/// Whether the employee is on a break by their own switch (P2); an
/// automatic «away» after the last tab closed is not a break.
async fn on_break(state: &AppState, employee: &str) -> ServiceResult<bool> {
    let mut response = state.db.query("SELECT active, away_auto FROM $employee").bind(("employee", record("employee", employee)?)).await?;
    Ok(first::<Presence>(&mut response, 0)?.is_some_and(|p| !p.active.unwrap_or(false) && !p.away_auto.unwrap_or(false)))
}

/// Whether `employee` gets a push for a new message in `chat`, and what
/// kind, with their settings: not while a workspace tab of theirs is open
/// (it rings and notifies by itself), not for a chat they may not see, not
/// for a kind they turned off, and not on a break.
pub async fn decide(state: &AppState, employee: &str, chat: &ChatSummary) -> ServiceResult<Option<(PushKind, PushSettings)>> {
    if state.hub.has_employee(employee) || !chat.notifies(employee) {
        return Ok(None);
    }
    let Some(actor) = actor_for_employee(state, employee).await? else { return Ok(None) };
    if !may(&actor, Action::View, Object::Chat(chat)) {
        return Ok(None);
    }
    let kind = if chat.is_new() { PushKind::Inquiry } else { PushKind::Message };
    let settings = subscriptions::settings_of(state, employee).await?;
    if !wants(settings, kind) || on_break(state, employee).await? {
        return Ok(None);
    }
    Ok(Some((kind, settings)))
}

async fn push_message(state: &AppState, employee: &str, message: &Message, chat: &ChatSummary, room: &str) -> ServiceResult<()> {
    let Some((kind, settings)) = decide(state, employee, chat).await? else { return Ok(()) };
    let subscriptions = subscriptions::of_employee(state, employee).await?;
    if subscriptions.is_empty() {
        return Ok(());
    }
    let payload = PushPayload {
        kind,
        chat: chat.id.clone(),
        title: chat.title(),
        room: room.to_string(),
        author: Some(message.author.name().to_string()).filter(|n| !n.is_empty()),
        text: settings.previews.then(|| crate::model::message::text_or_files(&message.text, &message.files).chars().take(200).collect()),
        lang: String::new(),
    };
    delivery::enqueue(state, &subscriptions, &payload, "high").await
}

fn wants(settings: PushSettings, kind: PushKind) -> bool {
    match kind {
        PushKind::Inquiry => settings.inquiries,
        PushKind::Message => settings.messages,
        PushKind::Call | PushKind::CallEnded => settings.calls,
    }
}

async fn room_name(state: &AppState, room: &str) -> ServiceResult<String> {
    let mut response = state.db.query("SELECT VALUE name FROM ONLY $room").bind(("room", record("room", room)?)).await?;
    Ok(response.take::<Option<String>>(0)?.unwrap_or_default())
}

/// `employee` was mentioned in `message` (#14): a push if no workspace tab
/// of theirs is open, even for a chat that does not otherwise notify them
/// (one that does gets its push from [`on_message`] already).
pub fn on_mention(state: &AppState, employee: &str, message: &Message, chat: &ChatSummary) {
    if !state.push.has_subscribers() || chat.notifies(employee) {
        return;
    }
    let (state, employee, message, chat) = (state.clone(), employee.to_string(), message.clone(), chat.clone());
    tokio::spawn(async move {
        if let Err(error) = push_mention(&state, &employee, &message, &chat).await {
            tracing::warn!("push of a mention for {employee} in chat {} failed: {error}", chat.id);
        }
    });
}

async fn push_mention(state: &AppState, employee: &str, message: &Message, chat: &ChatSummary) -> ServiceResult<()> {
    if state.hub.has_employee(employee) {
        return Ok(());
    }
    let settings = subscriptions::settings_of(state, employee).await?;
    if !settings.messages || on_break(state, employee).await? {
        return Ok(());
    }
    let subscriptions = subscriptions::of_employee(state, employee).await?;
    if subscriptions.is_empty() {
        return Ok(());
    }
    let payload = PushPayload {
        kind: PushKind::Message,
        chat: chat.id.clone(),
        title: chat.title(),
        room: room_name(state, &chat.room).await?,
        author: Some(message.author.name().to_string()).filter(|n| !n.is_empty()),
        text: settings.previews.then(|| crate::model::message::text_or_files(&message.text, &message.files).chars().take(200).collect()),
        lang: String::new(),
    };
    delivery::enqueue(state, &subscriptions, &payload, "high").await
}

/// A call started in `chat` by `by`: its participants are rung (C3); those
/// with no workspace tab open get a push, even on a break (calls only).
pub fn on_call(state: &AppState, chat: &ChatSummary, by: &str, by_name: &str) {
    if !state.push.has_subscribers() {
        return;
    }
    let candidates: Vec<String> = chat.participants.iter().map(|p| p.id.clone()).filter(|id| id != by && state.push.is_subscribed(id)).collect();
    if candidates.is_empty() {
        return;
    }
    let (state, chat, by_name) = (state.clone(), chat.clone(), by_name.to_string());
    tokio::spawn(async move {
        for employee in candidates {
            if let Err(error) = push_call(&state, &employee, &chat, &by_name).await {
                tracing::warn!("call push for {employee} in chat {} failed: {error}", chat.id);
            }
        }
    });
}

/// Whether `employee` gets a push for a call in `chat`: a participant
/// without an open tab (which rings by itself) who may see the chat and
/// wants call pushes; a break does not stop a call.
pub async fn decide_call(state: &AppState, employee: &str, chat: &ChatSummary) -> ServiceResult<bool> {
    if state.hub.has_employee(employee) || chat.deleted || !chat.participants.iter().any(|p| p.id == employee) {
        return Ok(false);
    }
    let Some(actor) = actor_for_employee(state, employee).await? else { return Ok(false) };
    Ok(may(&actor, Action::View, Object::Chat(chat)) && subscriptions::settings_of(state, employee).await?.calls)
}

async fn push_call(state: &AppState, employee: &str, chat: &ChatSummary, by_name: &str) -> ServiceResult<()> {
    if !decide_call(state, employee, chat).await? {
        return Ok(());
    }
    let subscriptions = subscriptions::of_employee(state, employee).await?;
    let payload = PushPayload {
        kind: PushKind::Call,
        chat: chat.id.clone(),
        title: chat.title(),
        room: room_name(state, &chat.room).await?,
        author: Some(by_name.to_string()).filter(|n| !n.is_empty()),
        text: None,
        lang: String::new(),
    };
    delivery::enqueue(state, &subscriptions, &payload, "high").await?;
    state.push.mark_rung(&chat.id, employee);
    Ok(())
}

/// The call in `chat` ended (`answered_by` none), or `answered_by` joined
/// it: the devices that ring for it by push get a quiet «Звонок завершён»
/// under the same tag, which replaces the ringing notification (a push
/// must always show one, so it is replaced rather than closed).
pub fn on_call_over(state: &AppState, chat: &str, answered_by: Option<&str>) {
    let rung = state.push.take_rung(chat, answered_by);
    if rung.is_empty() {
        return;
    }
    let (state, chat) = (state.clone(), chat.to_string());
    tokio::spawn(async move {
        let summary = match crate::server::chats::summary::summary(&state, &chat).await {
            Ok(Some(summary)) => summary,
            Ok(None) => return,
            Err(error) => return tracing::warn!("call-over push for chat {chat}: {error}"),
        };
        let room = room_name(&state, &summary.room).await.unwrap_or_default();
        let payload = PushPayload { kind: PushKind::CallEnded, chat: chat.clone(), title: summary.title(), room, author: None, text: None, lang: String::new() };
        for employee in rung {
            let sent = async {
                let subscriptions = subscriptions::of_employee(&state, &employee).await?;
                delivery::enqueue(&state, &subscriptions, &payload, "normal").await
            };
            if let Err(error) = sent.await {
                tracing::warn!("call-over push for {employee} in chat {chat} failed: {error}");
            }
        }
    });
}
