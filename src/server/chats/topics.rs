//! C12 «Изменить тему»: the administrator's topics or a typed one. A
//! directory topic decides who sees the chat (`rights::may`); the live
//! fan-out takes the chat out of the lists of those who lost it.

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::chats::events::{event, HistoryAction};
use crate::server::chats::summary::accessible;
use crate::server::store::db::{first, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::{key, record};
use crate::server::rights::{Action, Actor};
use crate::server::state::AppState;
use crate::model::chat::{TopicChoice, TOPIC_MAX_CHARS};
use crate::model::directory::Topic;
use crate::model::problem::{Problem, Thing};

#[derive(SurrealValue)]
struct TopicRow {
    id: RecordId,
    name: String,
    position: i64,
}

/// The topics an employee may choose from, in the administrator's order.
pub async fn topics(state: &AppState) -> ServiceResult<Vec<Topic>> {
    let mut response = state.db.query("SELECT id, name, position FROM topic ORDER BY position, name").await?;
    Ok(rows::<TopicRow>(&mut response, 0)?.into_iter().map(|r| Topic { id: key(&r.id), name: r.name, position: r.position }).collect())
}

/// Gives the chat a topic. Unavailable in a closed status (C6).
pub async fn set_topic(state: &AppState, actor: &Actor, chat: &str, choice: TopicChoice) -> ServiceResult<()> {
    let summary = accessible(state, actor, chat, Action::Write).await?;
    if summary.status.closed {
        return Err(Problem::ChatClosed.into());
    }
    let (name, topic_key) = match choice {
        TopicChoice::None => (None, None),
        TopicChoice::Other(text) => {
            let text = text.trim().to_string();
            if text.is_empty() {
                return Err(Problem::TopicMissing.into());
            }
            if text.chars().count() > TOPIC_MAX_CHARS {
                return Err(Problem::TopicTooLong { max: TOPIC_MAX_CHARS }.into());
            }
            // A directory topic's name typed under «Другая» is that topic,
            // with its restrictions: typing cannot bypass topic rights.
            let mut response = state
                .db
                .query("SELECT id, name, position FROM topic WHERE string::lowercase(name) = string::lowercase($text) LIMIT 1")
                .bind(("text", text.clone()))
                .await?;
            match first::<TopicRow>(&mut response, 0)? {
                Some(topic) => (Some(topic.name), Some(key(&topic.id))),
                None => (Some(text), None),
            }
        }
        TopicChoice::Directory(key) => {
            let id = record("topic", &key)?;
            let mut response = state.db.query("SELECT VALUE name FROM $topic").bind(("topic", id.clone())).await?;
            let name = first::<String>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::Topic))?;
            (Some(name), Some(key))
        }
    };
    if summary.topic == name && summary.topic_id == topic_key {
        return Ok(());
    }
    let topic_ref = topic_key.as_deref().map(|k| record("topic", k)).transpose()?;
    state
        .db
        .query("UPDATE $chat SET topic = $name, topic_ref = $topic_ref, rev += 1")
        .bind(("chat", record("chat", chat)?))
        .bind(("name", name.clone()))
        .bind(("topic_ref", topic_ref))
        .await?
        .check()?;
    let before = summary.topic.clone().unwrap_or_else(|| "—".into());
    event(state, actor, &summary, HistoryAction::TopicChanged, Some(format!("{before} → {}", name.unwrap_or_else(|| "—".into())))).await
}
