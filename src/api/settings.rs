//! The settings area (administrators): groups' rooms, rooms.

use dioxus::prelude::*;

use crate::model::room::Room;
use crate::model::settings::{Group, NewRoom};

#[cfg(feature = "server")]
use {super::guard, crate::server::{settings, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

#[get("/api/settings/groups", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_groups() -> ServerFnResult<Vec<Group>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::groups(&state, &actor).await?)
}

/// Replaces the rooms a group grants; open workspaces update at once.
#[post("/api/settings/groups/rooms", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_group_rooms(group: String, rooms: Vec<String>) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::set_group_rooms(&state, &actor, &group, &rooms).await?)
}

#[get("/api/settings/rooms", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_all_rooms() -> ServerFnResult<Vec<Room>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::all_rooms(&state, &actor).await?)
}

#[post("/api/settings/rooms", state: Extension<AppState>, headers: HeaderMap)]
pub async fn create_room(room: NewRoom) -> ServerFnResult<Room> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::create_room(&state, &actor, room).await?)
}
