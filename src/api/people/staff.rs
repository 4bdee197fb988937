//! Settings → employees: create, groups, password, disable, bot.

use dioxus::prelude::*;

use crate::model::settings::{NewEmployee, StaffMember};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::people::staff;

#[get("/api/settings/employees", state: Extension<AppState>, actor: Actor)]
pub async fn list_employees() -> ServerFnResult<Vec<StaffMember>> {
    Ok(staff::list(&state, &actor).await?)
}

#[post("/api/settings/employees", state: Extension<AppState>, actor: Actor)]
pub async fn create_employee(employee: NewEmployee) -> ServerFnResult<StaffMember> {
    Ok(staff::create(&state, &actor, employee).await?)
}

#[post("/api/settings/employees/groups", state: Extension<AppState>, actor: Actor)]
pub async fn set_employee_groups(employee: String, groups: Vec<String>) -> ServerFnResult<()> {
    Ok(staff::set_groups(&state, &actor, &employee, &groups).await?)
}

/// Disabling ends the person's sessions and closes their open workspaces.
#[post("/api/settings/employees/disabled", state: Extension<AppState>, actor: Actor)]
pub async fn set_employee_disabled(employee: String, disabled: bool) -> ServerFnResult<()> {
    Ok(staff::set_disabled(&state, &actor, &employee, disabled).await?)
}

#[post("/api/settings/employees/password", state: Extension<AppState>, actor: Actor)]
pub async fn set_employee_password(employee: String, password: String) -> ServerFnResult<()> {
    Ok(staff::set_password(&state, &actor, &employee, &password).await?)
}

#[post("/api/settings/employees/bot", state: Extension<AppState>, actor: Actor)]
pub async fn set_employee_bot(employee: String, is_bot: bool) -> ServerFnResult<()> {
    Ok(staff::set_bot(&state, &actor, &employee, is_bot).await?)
}
