//! Employees in the settings area: create, groups, password, disable. Every
//! change that takes access away ends the person's sessions and live sockets.

use serde_json::json;
use surrealdb::types::{RecordId, SurrealValue};

use crate::server::admin::audit;
use crate::server::people::auth::StaffRow;
use crate::server::clock::new_key;
use crate::server::store::db::{count, exists, rows};
use crate::server::error::{ResultContext, ServiceError, ServiceResult};
use crate::server::live::refresh_rights;
use crate::server::store::records::{key, keys, record, records};
use crate::server::rights::{administer, right, Actor};
use crate::server::state::AppState;
use crate::model::problem::{Problem, Thing};
use crate::model::settings::{check_new_employee, AuditAction, check_password, NewEmployee, StaffMember};

pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<StaffMember>> {
    administer(actor)?;
    let mut response = state.db.query(concat!("SELECT ", crate::staff_fields!(), " FROM employee ORDER BY name")).await?;
    Ok(rows::<StaffRow>(&mut response, 0)?
        .into_iter()
        .map(|r| StaffMember {
            id: key(&r.id),
            groups: r.groups.as_deref().map(keys).unwrap_or_default(),
            disabled: !r.enabled(),
            is_bot: r.is_bot,
            email: r.email,
            name: r.name.unwrap_or_default(),
        })
        .collect())
}

pub async fn create(state: &AppState, actor: &Actor, new: NewEmployee) -> ServiceResult<StaffMember> {
    administer(actor)?;
    check_new_employee(&new)?;
    let email = new.email.trim().to_lowercase();
    let mut response = state.db.query("SELECT VALUE id FROM employee WHERE email = $email").bind(("email", email.clone())).await?;
    if exists(&mut response, 0)? {
        return Err(Problem::EmployeeEmailTaken.into());
    }
    let key = new_key();
    state
        .db
        .query("CREATE $employee SET name = $name, email = $email, password_hash = $hash, groups = []")
        .bind(("employee", record("employee", &key)?))
        .bind(("name", new.name.trim().to_string()))
        .bind(("email", email.clone()))
        .bind(("hash", state.passwords.hash(&new.password).await?))
        .await
        .and_then(|r| r.check())
        .context("create employee", Some(&key))?;
    let created = StaffMember { id: key, name: new.name.trim().to_string(), email, groups: Vec::new(), disabled: false, is_bot: false };
    audit::write(state, actor, AuditAction::EmployeeCreated, &created.id, None, Some(json!({ "name": created.name, "email": created.email }))).await?;
    Ok(created)
}

/// Enabled employees holding the right to administer, other than `except`.
async fn other_admins(state: &AppState, except: &str) -> ServiceResult<usize> {
    let mut response = state.db.query(concat!("SELECT ", crate::staff_fields!(), " FROM employee WHERE disabled = false")).await?;
    Ok(rows::<StaffRow>(&mut response, 0)?
        .into_iter()
        .map(StaffRow::into_actor)
        .filter(|actor| actor.id != except && actor.rights.contains(right::ADMIN))
        .count())
}

async fn grants_admin(state: &AppState, groups: &[String]) -> ServiceResult<bool> {
    let ids = records("staff_group", groups)?;
    let mut response = state
        .db
        .query("SELECT VALUE id FROM staff_group WHERE id IN $ids AND rights CONTAINS $admin")
        .bind(("ids", ids))
        .bind(("admin", right::ADMIN))
        .await?;
    exists(&mut response, 0)
}

pub async fn set_groups(state: &AppState, actor: &Actor, employee: &str, groups: &[String]) -> ServiceResult<()> {
    administer(actor)?;
    let ids = records("staff_group", groups)?;
    let mut response = state.db.query("SELECT VALUE id FROM staff_group WHERE id IN $ids").bind(("ids", ids.clone())).await?;
    if count(&mut response, 0)? != ids.len() {
        return Err(ServiceError::not_found(Thing::Group));
    }
    if !grants_admin(state, groups).await? && other_admins(state, employee).await? == 0 {
        return Err(Problem::LastAdmin.into());
    }
    let old = list(state, actor).await?.into_iter().find(|e| e.id == employee).map(|e| json!(e.groups));
    update_employee(state, record("employee", employee)?, "UPDATE $employee SET groups = $value RETURN VALUE id", ids).await?;
    audit::write(state, actor, AuditAction::EmployeeGroups, employee, old, Some(json!(groups))).await?;
    refresh_rights(state).await;
    Ok(())
}

/// Disabling ends every session of the person and closes their live sockets.
pub async fn set_disabled(state: &AppState, actor: &Actor, employee: &str, disabled: bool) -> ServiceResult<()> {
    administer(actor)?;
    if disabled && other_admins(state, employee).await? == 0 {
        return Err(Problem::LastAdminDisabled.into());
    }
    let id = record("employee", employee)?;
    update_employee(state, id.clone(), "UPDATE $employee SET disabled = $value RETURN VALUE id", disabled).await?;
    if disabled {
        end_sessions(state, id).await?;
    }
    audit::write(state, actor, AuditAction::EmployeeDisabled, employee, Some(json!(!disabled)), Some(json!(disabled))).await
}

/// Marks an account as a bot (listed last when a responsible person is picked).
pub async fn set_bot(state: &AppState, actor: &Actor, employee: &str, is_bot: bool) -> ServiceResult<()> {
    administer(actor)?;
    update_employee(state, record("employee", employee)?, "UPDATE $employee SET is_bot = $value RETURN VALUE id", is_bot).await?;
    audit::write(state, actor, AuditAction::EmployeeBot, employee, Some(json!(!is_bot)), Some(json!(is_bot))).await
}

/// A new password ends every session of the person (they sign in again).
pub async fn set_password(state: &AppState, actor: &Actor, employee: &str, password: &str) -> ServiceResult<()> {
    administer(actor)?;
    check_password(password)?;
    let id = record("employee", employee)?;
    update_employee(state, id.clone(), "UPDATE $employee SET password_hash = $value RETURN VALUE id", state.passwords.hash(password).await?).await?;
    end_sessions(state, id).await?;
    // The password itself is never logged.
    audit::write(state, actor, AuditAction::PasswordChanged, employee, None, None).await
}

/// Runs `sql`, an `UPDATE $employee … $value … RETURN VALUE id`; 404 when
/// there is no such employee.
async fn update_employee(state: &AppState, employee: RecordId, sql: &'static str, value: impl SurrealValue + 'static) -> ServiceResult<()> {
    let mut response = state.db.query(sql).bind(("employee", employee)).bind(("value", value)).await?;
    if !exists(&mut response, 0)? {
        return Err(ServiceError::not_found(Thing::Employee));
    }
    Ok(())
}

async fn end_sessions(state: &AppState, employee: RecordId) -> ServiceResult<()> {
    let employee_key = key(&employee);
    let mut response = state.db.query("DELETE session WHERE employee = $employee RETURN VALUE $before.token_hash").bind(("employee", employee)).await?;
    for hash in rows::<String>(&mut response, 0)? {
        crate::server::cluster::bus::end_session(state, &hash);
        state.calls.close(crate::server::meetings::calls::Whose::Session(&hash), Problem::CallSessionEnded);
    }
    // Calls joined without a session on record go too: the person signs in again.
    state.calls.close(crate::server::meetings::calls::Whose::Employee(&employee_key), Problem::CallSessionEnded);
    Ok(())
}

/// Whether any enabled employee belongs to one of `groups`.
pub async fn any_enabled_member(state: &AppState, groups: &[String]) -> ServiceResult<bool> {
    let ids = records("staff_group", groups)?;
    let mut response = state
        .db
        .query("SELECT VALUE id FROM employee WHERE disabled = false AND groups ANYINSIDE $groups LIMIT 1")
        .bind(("groups", ids))
        .await?;
    exists(&mut response, 0)
}
