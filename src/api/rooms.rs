//! The rooms column (W1).

use dioxus::prelude::*;

use crate::model::room::Room;

#[cfg(feature = "server")]
use {super::guard, crate::server::{rooms, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// Rooms this employee may see, in their configured order.
#[get("/api/rooms", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_rooms() -> ServerFnResult<Vec<Room>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(rooms::visible_rooms(&state, &actor).await?)
}
