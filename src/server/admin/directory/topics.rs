//! Topics (C12, S5). A chat keeps its topic's text (the manual's «Другая»
//! lets an operator type one) and, for a directory topic, a link to it that
//! the rights model reads; renaming a topic renames it in its chats.

use serde_json::json;

use super::{place, Placement, audited, replacement_for, unique_name, uses};
use crate::model::directory::Topic;
use crate::model::problem::Thing;
use crate::model::settings::AuditAction;
use crate::server::admin::audit;
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
    let Placement { old, key, position } = place(&all, &topic.id, |t| (t.id.as_str(), t.position), Thing::Topic)?;
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
    audited(state, actor, &saved.id.clone(), (AuditAction::TopicCreated, AuditAction::TopicChanged), old, saved).await
}

/// Deletes a topic. Chats with it take the `replacement` topic; without
/// one, a topic still in use is refused. Groups stop granting it.
pub async fn delete(state: &AppState, actor: &Actor, key: &str, replacement: Option<&str>) -> ServiceResult<()> {
    let all = list(state, actor).await?;
    let old = all.iter().find(|t| t.id == key).cloned().ok_or(ServiceError::not_found(Thing::Topic))?;
    let used = uses(state, "SELECT VALUE count() FROM chat WHERE topic_ref = $entry GROUP ALL", record("topic", key)?).await?;
    let replacement_key = replacement.filter(|r| !r.is_empty());
    let replacement = replacement_for(&all, |t| &t.id, key, replacement, used, Thing::Topic)?.map(|t| t.name.clone());
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
