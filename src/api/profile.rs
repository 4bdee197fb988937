//! The signed-in employee's profile: activity (P2) and sounds (P1).

use dioxus::prelude::*;

#[cfg(feature = "server")]
use {super::guard, crate::server::{profile, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// «Статус работника»: at work or on a break.
#[post("/api/profile/activity", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_activity(active: bool) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(profile::set_activity(&state, &actor, active).await?)
}

#[post("/api/profile/sounds", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_sounds(messages: bool, calls: bool) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(profile::set_sounds(&state, &actor, messages, calls).await?)
}
