//! Settings → directories (S5): chat statuses, topics, custom fields.

use dioxus::prelude::*;

use crate::model::directory::{CustomField, Status, Topic};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::admin::directory::{fields, statuses, topics};

#[get("/api/settings/statuses", state: Extension<AppState>, actor: Actor)]
pub async fn list_statuses() -> ServerFnResult<Vec<Status>> {
    Ok(statuses::list(&state, &actor).await?)
}

/// Creates (empty id) or updates a status.
#[post("/api/settings/statuses", state: Extension<AppState>, actor: Actor)]
pub async fn save_status(status: Status) -> ServerFnResult<Status> {
    Ok(statuses::save(&state, &actor, status).await?)
}

/// Chats in the status move to `replacement`; without one, a status in use stays.
#[post("/api/settings/statuses/delete", state: Extension<AppState>, actor: Actor)]
pub async fn delete_status(status: String, replacement: Option<String>) -> ServerFnResult<()> {
    Ok(statuses::delete(&state, &actor, &status, replacement.as_deref()).await?)
}

#[get("/api/settings/topics", state: Extension<AppState>, actor: Actor)]
pub async fn list_topics() -> ServerFnResult<Vec<Topic>> {
    Ok(topics::list(&state, &actor).await?)
}

#[post("/api/settings/topics", state: Extension<AppState>, actor: Actor)]
pub async fn save_topic(topic: Topic) -> ServerFnResult<Topic> {
    Ok(topics::save(&state, &actor, topic).await?)
}

#[post("/api/settings/topics/delete", state: Extension<AppState>, actor: Actor)]
pub async fn delete_topic(topic: String, replacement: Option<String>) -> ServerFnResult<()> {
    Ok(topics::delete(&state, &actor, &topic, replacement.as_deref()).await?)
}

#[get("/api/settings/fields", state: Extension<AppState>, actor: Actor)]
pub async fn list_fields() -> ServerFnResult<Vec<CustomField>> {
    Ok(fields::list(&state, &actor).await?)
}

#[post("/api/settings/fields", state: Extension<AppState>, actor: Actor)]
pub async fn save_field(field: CustomField) -> ServerFnResult<CustomField> {
    Ok(fields::save(&state, &actor, field).await?)
}

#[post("/api/settings/fields/delete", state: Extension<AppState>, actor: Actor)]
pub async fn delete_field(field: String) -> ServerFnResult<()> {
    Ok(fields::delete(&state, &actor, &field).await?)
}
