//! Settings → employees: create, groups, password, disable, bot.

use dioxus::prelude::*;

use crate::model::settings::{NewEmployee, StaffMember};

#[cfg(feature = "server")]
use {super::guard, crate::server::state::AppState, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::staff;

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

#[post("/api/settings/employees/bot", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_employee_bot(employee: String, is_bot: bool) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(staff::set_bot(&state, &actor, &employee, is_bot).await?)
}
