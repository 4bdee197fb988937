//! The history of a chat (who did what, when, on what): every chat action
//! writes an event here; the chat, user and client histories read them.

use surrealdb::types::SurrealValue;

use crate::server::chats::summary::accessible;
use crate::server::clock::now_ms;
use crate::server::store::db::rows;
use crate::server::error::ServiceResult;
use crate::server::store::records::record;
use crate::server::rights::{Action, Actor};
use crate::server::state::AppState;
use crate::model::chat::{ChatEvent, ChatSummary};
/// What happened, as the callers name it (`event(…, HistoryAction::…, …)`).
pub use crate::model::history::HistoryAction;

/// One history event (who, what, when, on what). `detail` is data (names,
/// «before → after», a reason), never fixed wording: that belongs to `action`.
pub async fn event(state: &AppState, actor: &Actor, chat: &ChatSummary, action: HistoryAction, detail: Option<String>) -> ServiceResult<()> {
    state
        .db
        .query("CREATE chat_event SET chat = $chat, user = $user, actor = $actor, actor_name = $name, action = $action, detail = $detail, at_ms = $now")
        .bind(("chat", chat.id.clone()))
        .bind(("user", chat.user.as_deref().map(|u| record("user", u)).transpose()?))
        .bind(("actor", record("employee", &actor.id)?))
        .bind(("name", actor.name.clone()))
        .bind(("action", action.as_code()))
        .bind(("detail", detail))
        .bind(("now", now_ms()))
        .await?
        .check()?;
    Ok(())
}

/// A history event as every history query selects it.
#[derive(SurrealValue)]
pub(crate) struct EventRow {
    actor_name: String,
    action: String,
    detail: Option<String>,
    at_ms: i64,
}

impl EventRow {
    pub(crate) fn into_event(self) -> ChatEvent {
        ChatEvent { actor_name: self.actor_name, action: stored_action(&self.action), detail: self.detail, at_ms: self.at_ms }
    }
}

/// The action stored as `code`; one this version does not know is `Other`
/// (logged), so the rest of the history still loads.
pub(crate) fn stored_action(code: &str) -> HistoryAction {
    HistoryAction::from_code(code).unwrap_or_else(|| {
        tracing::warn!("chat_event with an unknown action {code:?}");
        HistoryAction::Other
    })
}

/// A chat's history, newest first (for employees who may see the chat).
pub async fn history(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<Vec<ChatEvent>> {
    accessible(state, actor, chat, Action::View).await?;
    let mut response = state
        .db
        .query("SELECT actor_name, action, detail, at_ms FROM chat_event WHERE chat = $chat ORDER BY at_ms DESC LIMIT 200")
        .bind(("chat", chat.to_string()))
        .await?;
    Ok(rows::<EventRow>(&mut response, 0)?.into_iter().map(EventRow::into_event).collect())
}
