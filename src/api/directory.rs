//! Settings → directories (S5): chat statuses, topics, custom fields.

use dioxus::prelude::*;

use crate::model::directory::{CustomField, Status, Topic};

#[cfg(feature = "server")]
use {super::guard, crate::server::state::AppState, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::directory::{fields, statuses, topics};

#[get("/api/settings/statuses", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_statuses() -> ServerFnResult<Vec<Status>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(statuses::list(&state, &actor).await?)
}

/// Creates (empty id) or updates a status.
#[post("/api/settings/statuses", state: Extension<AppState>, headers: HeaderMap)]
pub async fn save_status(status: Status) -> ServerFnResult<Status> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(statuses::save(&state, &actor, status).await?)
}

/// Chats in the status move to `replacement`; without one, a status in use stays.
#[post("/api/settings/statuses/delete", state: Extension<AppState>, headers: HeaderMap)]
pub async fn delete_status(status: String, replacement: Option<String>) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(statuses::delete(&state, &actor, &status, replacement.as_deref()).await?)
}

#[get("/api/settings/topics", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_topics() -> ServerFnResult<Vec<Topic>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(topics::list(&state, &actor).await?)
}

#[post("/api/settings/topics", state: Extension<AppState>, headers: HeaderMap)]
pub async fn save_topic(topic: Topic) -> ServerFnResult<Topic> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(topics::save(&state, &actor, topic).await?)
}

#[post("/api/settings/topics/delete", state: Extension<AppState>, headers: HeaderMap)]
pub async fn delete_topic(topic: String, replacement: Option<String>) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(topics::delete(&state, &actor, &topic, replacement.as_deref()).await?)
}

#[get("/api/settings/fields", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_fields() -> ServerFnResult<Vec<CustomField>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(fields::list(&state, &actor).await?)
}

#[post("/api/settings/fields", state: Extension<AppState>, headers: HeaderMap)]
pub async fn save_field(field: CustomField) -> ServerFnResult<CustomField> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(fields::save(&state, &actor, field).await?)
}

#[post("/api/settings/fields/delete", state: Extension<AppState>, headers: HeaderMap)]
pub async fn delete_field(field: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(fields::delete(&state, &actor, &field).await?)
}
