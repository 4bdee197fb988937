//! Chat statuses (C10, S5): name, colour, closed or not, actions on entering.

use serde_json::json;

use super::{in_use, unique_name};
use crate::model::directory::{check_status, Status};
use crate::model::problem::{Problem, Thing};
use crate::model::settings::AuditAction;
use crate::server::admin::audit;
use crate::server::clock::new_key;
use crate::server::chats::statuses;
use crate::server::store::db::first;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::record;
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;

pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<Status>> {
    administer(actor)?;
    Ok(statuses::all(state).await?.into_iter().map(Status::from).collect())
}

/// Creates (empty id) or updates a status. Exactly one status is the default
/// for new chats: making one the default takes it from the other.
pub async fn save(state: &AppState, actor: &Actor, status: Status) -> ServiceResult<Status> {
    let all = list(state, actor).await?;
    check_status(&status)?;
    let name = unique_name(all.iter().map(|s| (s.id.as_str(), s.name.as_str())), &status.name, &status.id, Thing::Status)?;
    let old = if status.id.is_empty() { None } else { Some(all.iter().find(|s| s.id == status.id).cloned().ok_or(ServiceError::not_found(Thing::Status))?) };
    if old.as_ref().is_some_and(|o| o.is_default) && !status.is_default {
        return Err(Problem::DefaultStatusRequired.into());
    }
    let move_to_room = match status.move_to_room.as_deref().filter(|r| !r.is_empty()) {
        Some(room) => {
            let mut response = state.db.query("SELECT VALUE kind FROM $room").bind(("room", record("room", room)?)).await?;
            let kind = first::<String>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::Room))?;
            // Statuses belong to client chats: they move only into another client room.
            if kind != "client" {
                return Err(Problem::MoveOnlyToClientRoom.into());
            }
            Some(record("room", room)?)
        }
        None => None,
    };
    let message = status.message.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string);
    let key = if status.id.is_empty() { new_key() } else { status.id.clone() };
    let position = old.as_ref().map(|o| o.position).unwrap_or_else(|| all.iter().map(|s| s.position).max().unwrap_or(0) + 1);
    state
        .db
        .query(
            "BEGIN;
             IF $is_default { UPDATE chat_status SET is_default = false WHERE is_default = true AND id != $status };
             UPSERT $status SET name = $name, color = $color, closed = $closed, is_default = $is_default,
                 remove_responsible = $remove_responsible, message = $message, move_to_room = $move_to_room, position = $position;
             UPDATE chat SET rev += 1 WHERE status = $status;
             COMMIT;",
        )
        .bind(("status", record("chat_status", &key)?))
        .bind(("name", name.clone()))
        .bind(("color", status.color.to_lowercase()))
        .bind(("closed", status.closed))
        .bind(("is_default", status.is_default))
        .bind(("remove_responsible", status.remove_responsible))
        .bind(("message", message.clone()))
        .bind(("move_to_room", move_to_room))
        .bind(("position", position))
        .await?
        .check()?;
    let saved = Status { id: key, name, color: status.color.to_lowercase(), message, position, ..status };
    let action = if old.is_some() { AuditAction::StatusChanged } else { AuditAction::StatusCreated };
    audit::write(state, actor, action, &saved.id, old.map(|o| json!(o)), Some(json!(saved))).await?;
    Ok(saved)
}

/// Deletes a status. The default one stays; chats in it move to
/// `replacement`, and without one the deletion is refused.
pub async fn delete(state: &AppState, actor: &Actor, key: &str, replacement: Option<&str>) -> ServiceResult<()> {
    let all = list(state, actor).await?;
    let old = all.iter().find(|s| s.id == key).cloned().ok_or(ServiceError::not_found(Thing::Status))?;
    if old.is_default {
        return Err(Problem::DefaultStatusUndeletable.into());
    }
    let id = record("chat_status", key)?;
    let mut response = state.db.query("SELECT VALUE count() FROM chat WHERE status = $status GROUP ALL").bind(("status", id.clone())).await?;
    let used = first::<i64>(&mut response, 0)?.unwrap_or(0) as usize;
    let replacement = match replacement.filter(|r| !r.is_empty()) {
        Some(r) if r == key => return Err(Problem::SameReplacement { thing: Thing::Status }.into()),
        Some(r) => Some(all.iter().find(|s| s.id == r).ok_or(ServiceError::not_found(Thing::Status))?.id.clone()),
        None if used > 0 => return Err(in_use(Thing::Status, used)),
        None => None,
    };
    state
        .db
        .query(
            "BEGIN;
             IF $replacement { UPDATE chat SET status = $replacement, rev += 1 WHERE status = $status };
             DELETE $status;
             COMMIT;",
        )
        .bind(("status", id))
        .bind(("replacement", replacement.as_deref().map(|r| record("chat_status", r)).transpose()?))
        .await?
        .check()?;
    audit::write(state, actor, AuditAction::StatusDeleted, key, Some(json!(old)), replacement.map(|r| json!({ "replacement": r }))).await
}
