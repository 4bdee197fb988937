//! Settings → groups and rights (S6): rooms, topics and named rights a group grants.

use dioxus::prelude::*;

use crate::model::settings::Group;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::admin::groups::{self, Grant};

#[get("/api/settings/groups", state: Extension<AppState>, actor: Actor)]
pub async fn list_groups() -> ServerFnResult<Vec<Group>> {
    Ok(groups::groups(&state, &actor).await?)
}

#[post("/api/settings/groups", state: Extension<AppState>, actor: Actor)]
pub async fn create_group(name: String) -> ServerFnResult<Group> {
    Ok(groups::create_group(&state, &actor, &name).await?)
}

#[post("/api/settings/groups/rename", state: Extension<AppState>, actor: Actor)]
pub async fn rename_group(group: String, name: String) -> ServerFnResult<()> {
    Ok(groups::rename_group(&state, &actor, &group, &name).await?)
}

/// Only an empty group can be deleted.
#[post("/api/settings/groups/delete", state: Extension<AppState>, actor: Actor)]
pub async fn delete_group(group: String) -> ServerFnResult<()> {
    Ok(groups::delete_group(&state, &actor, &group).await?)
}

/// Replaces the rooms a group grants; open workspaces update at once.
#[post("/api/settings/groups/rooms", state: Extension<AppState>, actor: Actor)]
pub async fn set_group_rooms(group: String, rooms: Vec<String>) -> ServerFnResult<()> {
    Ok(groups::set_grants(&state, &actor, &group, Grant::Rooms, &rooms).await?)
}

/// Replaces the topics a group grants.
#[post("/api/settings/groups/topics", state: Extension<AppState>, actor: Actor)]
pub async fn set_group_topics(group: String, topics: Vec<String>) -> ServerFnResult<()> {
    Ok(groups::set_grants(&state, &actor, &group, Grant::Topics, &topics).await?)
}

/// Replaces the named rights a group grants; open workspaces update at once.
#[post("/api/settings/groups/rights", state: Extension<AppState>, actor: Actor)]
pub async fn set_group_rights(group: String, rights: Vec<String>) -> ServerFnResult<()> {
    Ok(groups::set_group_rights(&state, &actor, &group, &rights).await?)
}
