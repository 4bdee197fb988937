//! The settings area (administrators): groups' rooms, rooms, employees.

use dioxus::prelude::*;

use crate::model::room::Room;
use crate::model::settings::{AuditEntry, Group, NewEmployee, NewRoom, StaffMember};

#[cfg(feature = "server")]
use {super::guard, crate::server::{audit, settings, staff, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

#[get("/api/settings/groups", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_groups() -> ServerFnResult<Vec<Group>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::groups(&state, &actor).await?)
}

/// Replaces the rooms a group grants; open workspaces update at once.
#[post("/api/settings/groups/rooms", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_group_rooms(group: String, rooms: Vec<String>) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::set_group_rooms(&state, &actor, &group, &rooms).await?)
}

#[get("/api/settings/rooms", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_all_rooms() -> ServerFnResult<Vec<Room>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::all_rooms(&state, &actor).await?)
}

#[post("/api/settings/rooms", state: Extension<AppState>, headers: HeaderMap)]
pub async fn create_room(room: NewRoom) -> ServerFnResult<Room> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::create_room(&state, &actor, room).await?)
}

#[get("/api/settings/employees", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_employees() -> ServerFnResult<Vec<StaffMember>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(staff::list(&state, &actor).await?)
}

#[post("/api/settings/employees", state: Extension<AppState>, headers: HeaderMap)]
pub async fn create_employee(employee: NewEmployee) -> ServerFnResult<StaffMember> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(staff::create(&state, &actor, employee).await?)
}

#[post("/api/settings/employees/groups", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_employee_groups(employee: String, groups: Vec<String>) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(staff::set_groups(&state, &actor, &employee, &groups).await?)
}

/// Disabling ends the person's sessions and closes their open workspaces.
#[post("/api/settings/employees/disabled", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_employee_disabled(employee: String, disabled: bool) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(staff::set_disabled(&state, &actor, &employee, disabled).await?)
}

#[post("/api/settings/employees/password", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_employee_password(employee: String, password: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(staff::set_password(&state, &actor, &employee, &password).await?)
}

#[post("/api/settings/groups", state: Extension<AppState>, headers: HeaderMap)]
pub async fn create_group(name: String) -> ServerFnResult<Group> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::create_group(&state, &actor, &name).await?)
}

/// Replaces the named rights a group grants; open workspaces update at once.
#[post("/api/settings/groups/rights", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_group_rights(group: String, rights: Vec<String>) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(settings::set_group_rights(&state, &actor, &group, &rights).await?)
}

/// The newest settings changes (who, what, when, old → new).
#[get("/api/settings/audit", state: Extension<AppState>, headers: HeaderMap)]
pub async fn audit_log() -> ServerFnResult<Vec<AuditEntry>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(audit::recent(&state, &actor, 100).await?)
}
