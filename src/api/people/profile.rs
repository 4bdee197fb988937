//! The signed-in employee's profile: activity (P2) and sounds (P1).

use dioxus::prelude::*;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{people::profile, state::AppState}, dioxus::server::axum::Extension};

/// «Статус работника»: at work or on a break.
#[post("/api/profile/activity", state: Extension<AppState>, actor: Actor)]
pub async fn set_activity(active: bool) -> ServerFnResult<()> {
    Ok(profile::set_activity(&state, &actor, active).await?)
}

#[post("/api/profile/sounds", state: Extension<AppState>, actor: Actor)]
pub async fn set_sounds(messages: bool, calls: bool) -> ServerFnResult<()> {
    Ok(profile::set_sounds(&state, &actor, messages, calls).await?)
}
