//! The settings area's services: groups' rooms and rooms themselves. Every
//! change is for administrators only and reaches open workspaces at once.

use serde::Deserialize;

use serde_json::json;

use super::audit;
use super::clock::new_key;
use super::db::{first, rows};
use super::error::{ServiceError, ServiceResult};
use super::live::refresh_rights;
use super::records::{key_of, record};
use super::rooms::RoomRow;
use super::rights::{require, Action, Actor, Object};
use super::state::AppState;
use crate::model::room::Room;
use crate::model::settings::{check_new_room, is_right, Group, NewRoom};

/// The tariff's room limit (S7); `ROOM_LIMIT` overrides it.
pub fn room_limit() -> usize {
    std::env::var("ROOM_LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(20)
}

/// Settings are for administrators only (403 otherwise).
pub(super) fn administer(actor: &Actor) -> ServiceResult<()> {
    require(actor, Action::Administer, Object::Settings)
}

#[derive(Deserialize)]
struct GroupRow {
    id: String,
    name: String,
    rights: Vec<String>,
    rooms: Vec<String>,
}

pub async fn groups(state: &AppState, actor: &Actor) -> ServiceResult<Vec<Group>> {
    administer(actor)?;
    let mut response = state.db.query("SELECT id, name, rights, rooms FROM staff_group ORDER BY name").await?;
    Ok(rows::<GroupRow>(&mut response, 0)?
        .into_iter()
        .map(|g| Group { id: key_of(&g.id), name: g.name, rights: g.rights, rooms: g.rooms.iter().map(|r| key_of(r)).collect() })
        .collect())
}

/// Sets the rooms a group grants; unknown rooms are refused, not dropped.
pub async fn set_group_rooms(state: &AppState, actor: &Actor, group: &str, rooms: &[String]) -> ServiceResult<()> {
    administer(actor)?;
    let group_id = record("staff_group", group)?;
    let room_ids = rooms.iter().map(|r| record("room", r)).collect::<ServiceResult<Vec<_>>>()?;
    let mut response = state
        .db
        .query("SELECT VALUE id FROM $group; SELECT VALUE id FROM room WHERE id IN $rooms;")
        .bind(("group", group_id.clone()))
        .bind(("rooms", room_ids.clone()))
        .await?;
    if first::<serde_json::Value>(&mut response, 0)?.is_none() {
        return Err(ServiceError::NotFound("Группа"));
    }
    if rows::<serde_json::Value>(&mut response, 1)?.len() != room_ids.len() {
        return Err(ServiceError::NotFound("Комната"));
    }
    let old = groups(state, actor).await?.into_iter().find(|g| g.id == group).map(|g| g.rooms);
    state.db.query("UPDATE $group SET rooms = $rooms").bind(("group", group_id)).bind(("rooms", room_ids)).await?.check()?;
    audit::write(state, actor, "Комнаты группы", group, old.map(|o| json!(o)), Some(json!(rooms))).await?;
    refresh_rights(state).await;
    Ok(())
}

/// Every room of the installation, granted or not.
pub async fn all_rooms(state: &AppState, actor: &Actor) -> ServiceResult<Vec<Room>> {
    administer(actor)?;
    let mut response = state.db.query("SELECT id, name, kind, image, max_wait_secs, position FROM room ORDER BY position, name").await?;
    Ok(rows::<RoomRow>(&mut response, 0)?.into_iter().filter_map(RoomRow::into_room).collect())
}

/// Creates a room (and, for a client room, its website widget source).
pub async fn create_room(state: &AppState, actor: &Actor, room: NewRoom) -> ServiceResult<Room> {
    administer(actor)?;
    check_new_room(&room).map_err(ServiceError::BadInput)?;
    let existing = all_rooms(state, actor).await?;
    let name = room.name.trim().to_string();
    if existing.len() >= room_limit() {
        return Err(ServiceError::BadInput(format!("Тариф позволяет не больше {} комнат", room_limit())));
    }
    if existing.iter().any(|r| r.name.to_lowercase() == name.to_lowercase()) {
        return Err(ServiceError::BadInput("Комната с таким названием уже есть".into()));
    }
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
        .await?
        .check()?;
    let created = Room { id: key, name, kind: room.kind, image: None, max_wait_secs: room.max_wait_secs, position };
    audit::write(state, actor, "Создание комнаты", &created.id, None, Some(json!(created))).await?;
    Ok(created)
}

/// A new, empty group (no rooms, no rights).
pub async fn create_group(state: &AppState, actor: &Actor, name: &str) -> ServiceResult<Group> {
    administer(actor)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServiceError::BadInput("Укажите название группы (до 100 символов)".into()));
    }
    if groups(state, actor).await?.iter().any(|g| g.name.to_lowercase() == name.to_lowercase()) {
        return Err(ServiceError::BadInput("Группа с таким названием уже есть".into()));
    }
    let key = new_key();
    state
        .db
        .query("CREATE $group SET name = $name, rights = [], rooms = []")
        .bind(("group", record("staff_group", &key)?))
        .bind(("name", name.to_string()))
        .await?
        .check()?;
    let created = Group { id: key, name: name.to_string(), rights: Vec::new(), rooms: Vec::new() };
    audit::write(state, actor, "Создание группы", &created.id, None, Some(json!(created))).await?;
    Ok(created)
}

/// Sets the named rights a group grants; at least one enabled administrator
/// must remain afterwards.
pub async fn set_group_rights(state: &AppState, actor: &Actor, group: &str, rights: &[String]) -> ServiceResult<()> {
    administer(actor)?;
    if let Some(unknown) = rights.iter().find(|r| !is_right(r)) {
        return Err(ServiceError::BadInput(format!("Неизвестное право: {unknown}")));
    }
    let all = groups(state, actor).await?;
    if !all.iter().any(|g| g.id == group) {
        return Err(ServiceError::NotFound("Группа"));
    }
    let admin_groups: Vec<String> = all
        .iter()
        .filter(|g| if g.id == group { rights.iter().any(|r| r == "admin") } else { g.rights.iter().any(|r| r == "admin") })
        .map(|g| g.id.clone())
        .collect();
    if !super::staff::any_enabled_member(state, &admin_groups).await? {
        return Err(ServiceError::BadInput("Нельзя убрать последнего администратора".into()));
    }
    state
        .db
        .query("UPDATE $group SET rights = $rights")
        .bind(("group", record("staff_group", group)?))
        .bind(("rights", rights.to_vec()))
        .await?
        .check()?;
    let old = all.iter().find(|g| g.id == group).map(|g| json!(g.rights));
    audit::write(state, actor, "Права группы", group, old, Some(json!(rights))).await?;
    refresh_rights(state).await;
    Ok(())
}
