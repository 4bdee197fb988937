//! The rooms column (W1).

use dioxus::prelude::*;

use crate::model::room::Room;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{chats::rooms, state::AppState}, dioxus::server::axum::Extension};

/// Rooms this employee may see, in their configured order.
#[get("/api/rooms", state: Extension<AppState>, actor: Actor)]
pub async fn list_rooms() -> ServerFnResult<Vec<Room>> {
    Ok(rooms::visible_rooms(&state, &actor).await?)
}
