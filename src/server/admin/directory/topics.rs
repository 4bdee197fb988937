//! Topics (C12, S5). A chat keeps its topic's text (the manual's «Другая»
//! lets an operator type one) and, for a directory topic, a link to it that
//! the rights model reads; renaming a topic renames it in its chats.

use serde_json::json;

use super::{in_use, unique_name};
use crate::model::directory::Topic;
use crate::model::problem::{Problem, Thing};
use crate::model::settings::AuditAction;
use crate::server::admin::audit;
use crate::server::clock::new_key;
use crate::server::store::db::first;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::live::refresh_rights;
use crate::server::store::records::record;
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;

pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<Topic>> {
    administer(actor)?;
    crate::server::chats::topics::topics(state).await
}

/// Creates (empty id) or renames a topic; chats with the old name follow.
pub async fn save(state: &AppState, actor: &Actor, topic: Topic) -> ServiceResult<Topic> {
    let all = list(state, actor).await?;
    let name = unique_name(all.iter().map(|t| (t.id.as_str(), t.name.as_str())), &topic.name, &topic.id, Thing::Topic)?;
    let old = if topic.id.is_empty() { None } else { Some(all.iter().find(|t| t.id == topic.id).cloned().ok_or(ServiceError::not_found(Thing::Topic))?) };
    let key = if topic.id.is_empty() { new_key() } else { topic.id.clone() };
    let position = old.as_ref().map(|o| o.position).unwrap_or_else(|| all.iter().map(|t| t.position).max().unwrap_or(0) + 1);
    state
        .db
        .query(
            "BEGIN;
             UPSERT $topic SET name = $name, position = $position;
             IF $old_name { UPDATE chat SET topic = $name, rev += 1 WHERE topic_ref = $topic };
             COMMIT;",
        )
        .bind(("topic", record("topic", &key)?))
        .bind(("name", name.clone()))
        .bind(("position", position))
        .bind(("old_name", old.as_ref().map(|o| o.name.clone())))
        .await?
        .check()?;
    let saved = Topic { id: key, name, position };
    let action = if old.is_some() { AuditAction::TopicChanged } else { AuditAction::TopicCreated };
    audit::write(state, actor, action, &saved.id, old.map(|o| json!(o)), Some(json!(saved))).await?;
    Ok(saved)
}

/// Deletes a topic. Chats with it take the `replacement` topic; without
/// one, a topic still in use is refused. Groups stop granting it.
pub async fn delete(state: &AppState, actor: &Actor, key: &str, replacement: Option<&str>) -> ServiceResult<()> {
    let all = list(state, actor).await?;
    let old = all.iter().find(|t| t.id == key).cloned().ok_or(ServiceError::not_found(Thing::Topic))?;
    let mut response = state
        .db
        .query("SELECT VALUE count() FROM chat WHERE topic_ref = $topic GROUP ALL")
        .bind(("topic", record("topic", key)?))
        .await?;
    let used = first::<i64>(&mut response, 0)?.unwrap_or(0) as usize;
    let replacement_key = replacement.filter(|r| !r.is_empty());
    let replacement = match replacement_key {
        Some(r) if r == key => return Err(Problem::SameReplacement { thing: Thing::Topic }.into()),
        Some(r) => Some(all.iter().find(|t| t.id == r).ok_or(ServiceError::not_found(Thing::Topic))?.name.clone()),
        None if used > 0 => return Err(in_use(Thing::Topic, used)),
        None => None,
    };
    let id = record("topic", key)?;
    state
        .db
        .query(
            "BEGIN;
             IF $replacement { UPDATE chat SET topic = $replacement, topic_ref = $replacement_ref, rev += 1 WHERE topic_ref = $topic };
             UPDATE staff_group SET topics -= $topic WHERE topics CONTAINS $topic;
             DELETE $topic;
             COMMIT;",
        )
        .bind(("topic", id))
        .bind(("replacement", replacement.clone()))
        .bind(("replacement_ref", replacement_key.map(|r| record("topic", r)).transpose()?))
        .await?
        .check()?;
    audit::write(state, actor, AuditAction::TopicDeleted, key, Some(json!(old)), replacement.map(|r| json!({ "replacement": r }))).await?;
    refresh_rights(state).await;
    Ok(())
}
