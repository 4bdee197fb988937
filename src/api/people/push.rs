//! Web Push (#15): the server's public key, this browser's subscription,
//! the employee's subscribed devices, and which pushes they want.

use dioxus::prelude::*;

use crate::model::push::{NewPushSubscription, PushDevice, PushSettings};
#[cfg(feature = "server")]
use {crate::server::push::{keys, subscriptions}, crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};

/// The VAPID public key browsers subscribe with (`applicationServerKey`).
#[get("/api/push/key", state: Extension<AppState>, _actor: Actor)]
pub async fn push_key() -> ServerFnResult<String> {
    Ok(keys::application_server_key(&state.push.key))
}

/// Saves (renews) this browser's subscription for the signed-in employee.
#[post("/api/push/subscribe", state: Extension<AppState>, actor: Actor)]
pub async fn push_subscribe(subscription: NewPushSubscription) -> ServerFnResult<PushDevice> {
    Ok(subscriptions::subscribe(&state, &actor, subscription).await?)
}

#[get("/api/push/devices", state: Extension<AppState>, actor: Actor)]
pub async fn push_devices() -> ServerFnResult<Vec<PushDevice>> {
    Ok(subscriptions::devices(&state, &actor).await?)
}

#[post("/api/push/devices/remove", state: Extension<AppState>, actor: Actor)]
pub async fn push_remove_device(device: String) -> ServerFnResult<()> {
    Ok(subscriptions::remove(&state, &actor, &device).await?)
}

#[get("/api/push/settings", state: Extension<AppState>, actor: Actor)]
pub async fn push_settings() -> ServerFnResult<PushSettings> {
    Ok(subscriptions::settings_of(&state, &actor.id).await?)
}

#[post("/api/push/settings", state: Extension<AppState>, actor: Actor)]
pub async fn save_push_settings(settings: PushSettings) -> ServerFnResult<()> {
    Ok(subscriptions::save_settings(&state, &actor, settings).await?)
}
