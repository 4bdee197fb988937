//! «История пользователя» and «История клиента» (C7): the events of every
//! chat of the user, or of all users merged into the client, filtered by
//! period and by kind of action.

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::chats::events::{stored_action, EventRow, HistoryAction};
use crate::server::chats::summary::summaries;
use crate::server::store::db::rows;
use crate::server::error::ServiceResult;
use crate::server::store::records::{key, records};
use crate::server::rights::{may, Action, Actor, Object};
use crate::server::state::AppState;
use crate::server::people::users::{chat_user, client_of, client_users};
use crate::model::chat::ChatEvent;
use crate::model::user_info::{History, HistoryQuery};

/// The most events one history shows.
pub const HISTORY_LIMIT: i64 = 500;

/// `chat_event.chat` holds the chat's key (a string), not a record link.
#[derive(SurrealValue)]
struct ChatKeyRow {
    chat: String,
}

#[derive(SurrealValue)]
struct ActionRow {
    action: String,
}

pub async fn history(state: &AppState, actor: &Actor, query: HistoryQuery) -> ServiceResult<History> {
    let (_, user) = chat_user(state, actor, &query.chat).await?;
    let mut users = vec![user.clone()];
    if query.client {
        if let Some(client) = client_of(state, &user).await? {
            users = client_users(state, actor, &client).await?.into_iter().map(|u| u.id).collect();
        }
    }
    let ids = records("user", &users)?;
    // The user's (or client's) other chats may lie in rooms or topics the
    // caller may not see: their events stay out of the history.
    let mut response = state
        .db
        .query("SELECT chat FROM chat_event WHERE user IN $users GROUP BY chat; SELECT VALUE id FROM chat WHERE user IN $users;")
        .bind(("users", ids.clone()))
        .await?;
    let mut chats: Vec<String> = rows::<ChatKeyRow>(&mut response, 0)?.into_iter().map(|row| row.chat).collect();
    chats.extend(rows::<RecordId>(&mut response, 1)?.iter().map(key));
    // A page visited before the first message belongs to no chat ('').
    chats.retain(|chat| !chat.is_empty());
    chats.sort();
    chats.dedup();
    let visible: Vec<String> = summaries(state, &chats)
        .await?
        .into_iter()
        .filter(|chat| may(actor, Action::View, Object::Chat(chat)))
        .map(|chat| chat.id)
        .collect();
    let mut response = state
        .db
        .query(
            "SELECT actor_name, action, detail, at_ms FROM chat_event WHERE user IN $users AND (chat IN $chats OR chat = '')
                AND ($from = NONE OR at_ms >= $from) AND ($to = NONE OR at_ms <= $to)
                AND ($action = NONE OR action = $action OR ($action = 'other' AND action NOT IN $known))
                ORDER BY at_ms DESC LIMIT $limit;
             SELECT action FROM chat_event WHERE user IN $users AND (chat IN $chats OR chat = '') GROUP BY action;
             SELECT user.name ?? '' AS actor_name, 'inquiry_started' AS action, NONE AS detail, created_ms AS at_ms FROM $chat_ids
                WHERE user IN $users AND ($from = NONE OR created_ms >= $from) AND ($to = NONE OR created_ms <= $to)
                AND ($action = NONE OR $action = 'inquiry_started');
             SELECT author_name AS actor_name, 'message_sent' AS action, string::slice(text, 0, 200) AS detail, at_ms FROM message
                WHERE chat IN $chat_ids AND author_kind = 'visitor'
                AND ($from = NONE OR at_ms >= $from) AND ($to = NONE OR at_ms <= $to)
                AND ($action = NONE OR $action = 'message_sent')
                ORDER BY at_ms DESC LIMIT $limit;
             SELECT user.name ?? '' AS actor_name, rating, rating_comment, rated_ms FROM $chat_ids
                WHERE user IN $users AND rated_ms != NONE AND rating != NONE
                AND ($from = NONE OR rated_ms >= $from) AND ($to = NONE OR rated_ms <= $to)
                AND ($action = NONE OR $action = 'rated');",
        )
        .bind(("users", ids))
        .bind(("chat_ids", records("chat", &visible)?))
        .bind(("chats", visible))
        .bind(("from", query.from_ms))
        .bind(("to", query.to_ms))
        .bind(("action", query.action.map(|a| a.as_code())))
        .bind(("known", known_codes()))
        .bind(("limit", HISTORY_LIMIT))
        .await?;
    // Staff events and page visits, then the user's own inquiries and
    // messages (read from the chats and messages, not stored twice).
    let mut events: Vec<ChatEvent> = rows::<EventRow>(&mut response, 0)?.into_iter().map(EventRow::into_event).collect();
    let mut actions: Vec<HistoryAction> = rows::<ActionRow>(&mut response, 1)?.into_iter().map(|a| stored_action(&a.action)).collect();
    for index in [2, 3] {
        let own: Vec<ChatEvent> = rows::<EventRow>(&mut response, index)?.into_iter().map(EventRow::into_event).collect();
        if let Some(first) = own.first() {
            actions.push(first.action);
        }
        events.extend(own);
    }
    // Ratings (#14), from the chats too: «5/5 — comment».
    let rated: Vec<ChatEvent> = rows::<RatedRow>(&mut response, 4)?.into_iter().map(RatedRow::into_event).collect();
    if !rated.is_empty() {
        actions.push(HistoryAction::Rated);
    }
    events.extend(rated);
    events.sort_by_key(|e| std::cmp::Reverse(e.at_ms));
    events.truncate(HISTORY_LIMIT as usize);
    actions.sort_by_key(|a| a.as_code());
    actions.dedup();
    Ok(History { events, actions })
}

/// A rated inquiry as the history shows it.
#[derive(SurrealValue)]
struct RatedRow {
    actor_name: String,
    rating: i64,
    rating_comment: Option<String>,
    rated_ms: i64,
}

impl RatedRow {
    fn into_event(self) -> ChatEvent {
        let detail = match self.rating_comment {
            Some(comment) => format!("{}/5 — {comment}", self.rating),
            None => format!("{}/5", self.rating),
        };
        ChatEvent { actor_name: self.actor_name, action: HistoryAction::Rated, detail: Some(detail), at_ms: self.rated_ms }
    }
}

/// The codes of every action but `Other`: a stored action outside them is
/// one `Other` stands for.
fn known_codes() -> Vec<&'static str> {
    HistoryAction::ALL.into_iter().filter(|a| *a != HistoryAction::Other).map(|a| a.as_code()).collect()
}
