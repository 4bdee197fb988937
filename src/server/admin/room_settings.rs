//! Rooms in the settings area (S4, S7): create within the tariff, edit, order,
//! and the room image. Administrators only; changes reach workspaces at once.

use base64::Engine as _;
use surrealdb::types::SurrealValue;
use serde_json::json;

use crate::server::admin::audit;
use crate::server::clock::{new_key, now_ms};
use crate::server::store::db::{exists, first, rows};
use crate::server::error::{ResultContext, ServiceError, ServiceResult};
use crate::server::live::refresh_rights;
use crate::server::store::records::record;
use crate::server::rights::{administer, Actor};
use crate::server::chats::rooms::RoomRow;
use crate::server::state::AppState;
use crate::model::problem::{Problem, Thing};
use crate::model::room::{is_panel_field, Room, PANEL_FIELDS};
use crate::model::settings::{check_new_room, AuditAction, NewRoom, RoomEdit, MAX_ROOM_IMAGE_BYTES, ROOM_IMAGE_TYPES};

pub use crate::server::chats::rooms::room_limit;

/// The tariff's room limit, for the settings' «N из M комнат».
pub fn tariff(actor: &Actor) -> ServiceResult<usize> {
    administer(actor)?;
    Ok(room_limit())
}

/// Every room of the installation, granted or not, in order.
pub async fn all_rooms(state: &AppState, actor: &Actor) -> ServiceResult<Vec<Room>> {
    administer(actor)?;
    let mut response = state.db.query(concat!("SELECT ", crate::room_fields!(), " FROM room ORDER BY position, name")).await?;
    Ok(rows::<RoomRow>(&mut response, 0)?.into_iter().filter_map(RoomRow::into_room).collect())
}

fn unique_name(rooms: &[Room], name: &str, except: Option<&str>) -> ServiceResult<()> {
    if rooms.iter().any(|r| Some(r.id.as_str()) != except && r.name.to_lowercase() == name.to_lowercase()) {
        return Err(Problem::DuplicateName { thing: Thing::Room }.into());
    }
    Ok(())
}

/// Creates a room (and, for a client room, its website widget source).
pub async fn create_room(state: &AppState, actor: &Actor, room: NewRoom) -> ServiceResult<Room> {
    administer(actor)?;
    check_new_room(&room)?;
    let existing = all_rooms(state, actor).await?;
    let name = room.name.trim().to_string();
    if existing.len() >= room_limit() {
        return Err(Problem::RoomLimit { max: room_limit() }.into());
    }
    unique_name(&existing, &name, None)?;
    let key = new_key();
    let position = existing.iter().map(|r| r.position).max().unwrap_or(0) + 1;
    let with_widget = room.kind.has_new_list();
    state
        .db
        .query(
            "BEGIN;
             CREATE $room SET name = $name, kind = $kind, max_wait_secs = $wait, position = $position;
             IF $with_widget { CREATE $source SET kind = 'widget', name = 'Виджет сайта', room = $room };
             COMMIT;",
        )
        .bind(("room", record("room", &key)?))
        .bind(("source", record("source", &format!("{key}_widget"))?))
        .bind(("name", name.clone()))
        .bind(("kind", room.kind.as_str()))
        .bind(("wait", room.max_wait_secs))
        .bind(("position", position))
        .bind(("with_widget", with_widget))
        .await
        .and_then(|r| r.check())
        .context("create room", Some(&key))?;
    let panel_fields = PANEL_FIELDS.iter().map(|(k, _)| k.to_string()).collect();
    let created = Room { id: key, name, kind: room.kind, image: None, max_wait_secs: room.max_wait_secs, position, panel_fields };
    audit::write(state, actor, AuditAction::RoomCreated, &created.id, None, Some(json!(created))).await?;
    Ok(created)
}

/// Renames a room, changes its maximum wait and client-panel fields, and its
/// type while it has no chats yet (a chat's menu depends on the room type).
pub async fn edit_room(state: &AppState, actor: &Actor, edit: RoomEdit) -> ServiceResult<Room> {
    administer(actor)?;
    check_new_room(&edit.as_new())?;
    if let Some(unknown) = edit.panel_fields.iter().find(|f| !is_panel_field(f)) {
        return Err(Problem::UnknownPanelField { field: unknown.clone() }.into());
    }
    let existing = all_rooms(state, actor).await?;
    let old = existing.iter().find(|r| r.id == edit.id).cloned().ok_or(ServiceError::not_found(Thing::Room))?;
    let name = edit.name.trim().to_string();
    unique_name(&existing, &name, Some(&edit.id))?;
    let id = record("room", &edit.id)?;
    if edit.kind != old.kind {
        let mut response = state.db.query("SELECT VALUE id FROM chat WHERE room = $room LIMIT 1").bind(("room", id.clone())).await?;
        if exists(&mut response, 0)? {
            return Err(Problem::RoomKindFixed.into());
        }
    }
    let mut panel_fields: Vec<String> = PANEL_FIELDS.iter().map(|(k, _)| k.to_string()).filter(|k| edit.panel_fields.contains(k)).collect();
    panel_fields.dedup();
    state
        .db
        .query(
            "BEGIN;
             UPDATE $room SET name = $name, kind = $kind, max_wait_secs = $wait, panel_fields = $fields;
             IF $with_widget AND !(SELECT VALUE id FROM source WHERE room = $room AND kind = 'widget') {
                 CREATE $source SET kind = 'widget', name = 'Виджет сайта', room = $room
             };
             COMMIT;",
        )
        .bind(("room", id))
        .bind(("source", record("source", &format!("{}_widget", edit.id))?))
        .bind(("name", name.clone()))
        .bind(("kind", edit.kind.as_str()))
        .bind(("wait", edit.max_wait_secs))
        .bind(("fields", panel_fields.clone()))
        .bind(("with_widget", edit.kind.has_new_list()))
        .await
        .and_then(|r| r.check())
        .context("edit room", Some(&edit.id))?;
    let updated = Room { name, kind: edit.kind, max_wait_secs: edit.max_wait_secs, panel_fields, ..old.clone() };
    audit::write(state, actor, AuditAction::RoomChanged, &edit.id, Some(json!(old)), Some(json!(updated))).await?;
    refresh_rights(state).await;
    Ok(updated)
}

/// Moves a room one place up (`-1`) or down (`1`) in the rooms column.
pub async fn move_room(state: &AppState, actor: &Actor, room: &str, step: i64) -> ServiceResult<()> {
    administer(actor)?;
    if step != -1 && step != 1 {
        return Err(Problem::BadMoveStep.into());
    }
    let mut rooms = all_rooms(state, actor).await?;
    let from = rooms.iter().position(|r| r.id == room).ok_or(ServiceError::not_found(Thing::Room))?;
    let to = from as i64 + step;
    if to < 0 || to as usize >= rooms.len() {
        return Ok(());
    }
    rooms.swap(from, to as usize);
    // Renumber every room 1..n (older rooms may share a position).
    for (index, room) in rooms.iter().enumerate() {
        state
            .db
            .query("UPDATE $room SET position = $position")
            .bind(("room", record("room", &room.id)?))
            .bind(("position", index as i64 + 1))
            .await?
            .check()?;
    }
    audit::write(state, actor, AuditAction::RoomsReordered, room, Some(json!(from + 1)), Some(json!(to + 1))).await?;
    refresh_rights(state).await;
    Ok(())
}

/// The content type an image's own bytes prove, if it is one we accept.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    let kind = match imagesize::image_type(bytes).ok()? {
        imagesize::ImageType::Png => "image/png",
        imagesize::ImageType::Jpeg => "image/jpeg",
        imagesize::ImageType::Gif => "image/gif",
        imagesize::ImageType::Webp => "image/webp",
        _ => return None,
    };
    // The header must also parse to a real size, not just start right.
    let size = imagesize::blob_size(bytes).ok()?;
    (size.width > 0 && size.height > 0 && size.width <= 4096 && size.height <= 4096).then_some(kind)
}

/// Stores a room image sent as base64. Its type comes from its bytes, not
/// from what the browser claims; SVG is refused (it can carry script).
pub async fn set_room_image(state: &AppState, actor: &Actor, room: &str, base64_data: &str) -> ServiceResult<String> {
    administer(actor)?;
    if base64_data.len() > MAX_ROOM_IMAGE_BYTES.div_ceil(3) * 4 + 4 {
        return Err(Problem::ImageTooLarge { kb: MAX_ROOM_IMAGE_BYTES / 1024 }.into());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64_data.trim())
        .map_err(|_| Problem::FileDamaged)?;
    if bytes.len() > MAX_ROOM_IMAGE_BYTES {
        return Err(Problem::ImageTooLarge { kb: MAX_ROOM_IMAGE_BYTES / 1024 }.into());
    }
    let content_type = image_type(&bytes)
        .filter(|t| ROOM_IMAGE_TYPES.contains(t))
        .ok_or(Problem::NotAnImage)?;
    let old = all_rooms(state, actor).await?.into_iter().find(|r| r.id == room).ok_or(ServiceError::not_found(Thing::Room))?;
    let url = format!("/media/rooms/{room}?v={}", now_ms());
    state
        .db
        .query("BEGIN; UPSERT $image SET content_type = $type, data = $data; UPDATE $room SET image = $url; COMMIT;")
        .bind(("image", record("room_image", room)?))
        .bind(("room", record("room", room)?))
        .bind(("type", content_type))
        .bind(("data", base64::engine::general_purpose::STANDARD.encode(&bytes)))
        .bind(("url", url.clone()))
        .await
        .and_then(|r| r.check())
        .context("room image", Some(room))?;
    audit::write(state, actor, AuditAction::RoomImage, room, old.image.map(|i| json!(i)), Some(json!({ "type": content_type, "bytes": bytes.len() }))).await?;
    refresh_rights(state).await;
    Ok(url)
}

#[derive(SurrealValue)]
struct ImageRow {
    content_type: String,
    data: String,
}

/// A room's image for an employee who sees the room (or an administrator).
pub async fn room_image(state: &AppState, actor: &Actor, room: &str) -> ServiceResult<(String, Vec<u8>)> {
    use crate::server::rights::{require, Action, Object};
    if administer(actor).is_err() {
        require(actor, Action::View, Object::Room { id: room }).map_err(|_| ServiceError::not_found(Thing::Room))?;
    }
    let mut response = state.db.query("SELECT content_type, data FROM $image").bind(("image", record("room_image", room)?)).await?;
    let row = first::<ImageRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::Image))?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(row.data).map_err(|e| ServiceError::internal_from("room image: stored data", Some(room), e))?;
    Ok((row.content_type, bytes))
}
