//! Settings → a client room's working hours and offline form (#14).

use dioxus::prelude::*;

use crate::model::hours::WorkingHours;

#[cfg(feature = "server")]
use {crate::server::admin::room_hours, crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};

#[post("/api/settings/rooms/hours", state: Extension<AppState>, actor: Actor)]
pub async fn room_hours(room: String) -> ServerFnResult<WorkingHours> {
    Ok(room_hours::room_hours(&state, &actor, &room).await?)
}

#[post("/api/settings/rooms/hours/save", state: Extension<AppState>, actor: Actor)]
pub async fn save_room_hours(room: String, hours: WorkingHours) -> ServerFnResult<()> {
    Ok(room_hours::save(&state, &actor, &room, hours).await?)
}
