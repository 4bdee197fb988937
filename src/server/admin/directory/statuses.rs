//! Chat statuses (C10, S5): name, colour, closed or not, actions on entering.

use serde_json::json;

use super::{place, Placement, audited, replacement_for, unique_name, uses};
use crate::model::directory::{check_status, Status};
use crate::model::problem::{Problem, Thing};
use crate::model::settings::AuditAction;
use crate::server::admin::audit;
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
    let Placement { old, key, position } = place(&all, &status.id, |s| (s.id.as_str(), s.position), Thing::Status)?;
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
    audited(state, actor, &saved.id.clone(), (AuditAction::StatusCreated, AuditAction::StatusChanged), old, saved).await
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
    let used = uses(state, "SELECT VALUE count() FROM chat WHERE status = $entry GROUP ALL", id.clone()).await?;
    let replacement = replacement_for(&all, |s| &s.id, key, replacement, used, Thing::Status)?.map(|s| s.id.clone());
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
