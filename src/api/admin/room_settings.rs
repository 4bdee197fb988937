//! Settings → rooms (S4, S7): create within the tariff, edit, order, image.

use dioxus::prelude::*;

use crate::model::room::Room;
use crate::model::settings::{NewRoom, RoomEdit};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::admin::room_settings;

#[get("/api/settings/rooms", state: Extension<AppState>, actor: Actor)]
pub async fn list_all_rooms() -> ServerFnResult<Vec<Room>> {
    Ok(room_settings::all_rooms(&state, &actor).await?)
}

/// The tariff's room limit (S7).
#[get("/api/settings/rooms/tariff", actor: Actor)]
pub async fn room_tariff() -> ServerFnResult<usize> {
    Ok(room_settings::tariff(&actor)?)
}

#[post("/api/settings/rooms", state: Extension<AppState>, actor: Actor)]
pub async fn create_room(room: NewRoom) -> ServerFnResult<Room> {
    Ok(room_settings::create_room(&state, &actor, room).await?)
}

#[post("/api/settings/rooms/edit", state: Extension<AppState>, actor: Actor)]
pub async fn edit_room(room: RoomEdit) -> ServerFnResult<Room> {
    Ok(room_settings::edit_room(&state, &actor, room).await?)
}

/// Moves a room one place up (-1) or down (1) in the rooms column.
#[post("/api/settings/rooms/move", state: Extension<AppState>, actor: Actor)]
pub async fn move_room(room: String, step: i64) -> ServerFnResult<()> {
    Ok(room_settings::move_room(&state, &actor, &room, step).await?)
}

/// Uploads a room image (base64; PNG, JPEG, GIF or WebP); returns its URL.
#[post("/api/settings/rooms/image", state: Extension<AppState>, actor: Actor)]
pub async fn upload_room_image(room: String, data: String) -> ServerFnResult<String> {
    Ok(room_settings::set_room_image(&state, &actor, &room, &data).await?)
}
