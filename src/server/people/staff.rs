//! Employees in the settings area: create, groups, password, disable. Every
//! change that takes access away ends the person's sessions and live sockets.

use serde::Deserialize;

use serde_json::json;

use crate::server::admin::audit;
use crate::server::people::auth::hash_password;
use crate::server::clock::new_key;
use crate::server::store::db::{first, rows};
use crate::server::error::{ResultContext, ServiceError, ServiceResult};
use crate::server::live::refresh_rights;
use crate::server::store::records::{key_of, record, records};
use crate::server::rights::{administer, right, Actor};
use crate::server::state::AppState;
use crate::model::problem::{Problem, Thing};
use crate::model::settings::{check_new_employee, AuditAction, check_password, NewEmployee, StaffMember};

#[derive(Deserialize)]
struct StaffRow {
    id: String,
    name: String,
    email: String,
    groups: Vec<String>,
    disabled: bool,
    is_bot: bool,
}

pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<StaffMember>> {
    administer(actor)?;
    let mut response = state.db.query("SELECT id, name, email, groups, disabled, is_bot FROM employee ORDER BY name").await?;
    Ok(rows::<StaffRow>(&mut response, 0)?
        .into_iter()
        .map(|r| StaffMember { id: key_of(&r.id), name: r.name, email: r.email, groups: r.groups.iter().map(|g| key_of(g)).collect(), disabled: r.disabled, is_bot: r.is_bot })
        .collect())
}

pub async fn create(state: &AppState, actor: &Actor, new: NewEmployee) -> ServiceResult<StaffMember> {
    administer(actor)?;
    check_new_employee(&new)?;
    let email = new.email.trim().to_lowercase();
    let mut response = state.db.query("SELECT VALUE id FROM employee WHERE email = $email").bind(("email", email.clone())).await?;
    if first::<serde_json::Value>(&mut response, 0)?.is_some() {
        return Err(Problem::EmployeeEmailTaken.into());
    }
    let key = new_key();
    state
        .db
        .query("CREATE $employee SET name = $name, email = $email, password_hash = $hash, groups = []")
        .bind(("employee", record("employee", &key)?))
        .bind(("name", new.name.trim().to_string()))
        .bind(("email", email.clone()))
        .bind(("hash", hash_password(&new.password)))
        .await
        .and_then(|r| r.check())
        .context("create employee", Some(&key))?;
    let created = StaffMember { id: key, name: new.name.trim().to_string(), email, groups: Vec::new(), disabled: false, is_bot: false };
    audit::write(state, actor, AuditAction::EmployeeCreated, &created.id, None, Some(json!({ "name": created.name, "email": created.email }))).await?;
    Ok(created)
}

#[derive(Deserialize)]
struct RightsRow {
    id: String,
    rights: Vec<Vec<String>>,
}

/// Enabled employees holding the right to administer, other than `except`.
async fn other_admins(state: &AppState, except: &str) -> ServiceResult<usize> {
    let mut response = state.db.query("SELECT id, groups.rights AS rights FROM employee WHERE disabled = false").await?;
    Ok(rows::<RightsRow>(&mut response, 0)?
        .into_iter()
        .filter(|row| key_of(&row.id) != except && row.rights.iter().flatten().any(|r| r == right::ADMIN))
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
    Ok(!rows::<serde_json::Value>(&mut response, 0)?.is_empty())
}

pub async fn set_groups(state: &AppState, actor: &Actor, employee: &str, groups: &[String]) -> ServiceResult<()> {
    administer(actor)?;
    let ids = records("staff_group", groups)?;
    let mut response = state.db.query("SELECT VALUE id FROM staff_group WHERE id IN $ids").bind(("ids", ids.clone())).await?;
    if rows::<serde_json::Value>(&mut response, 0)?.len() != ids.len() {
        return Err(ServiceError::not_found(Thing::Group));
    }
    if !grants_admin(state, groups).await? && other_admins(state, employee).await? == 0 {
        return Err(Problem::LastAdmin.into());
    }
    let old = list(state, actor).await?.into_iter().find(|e| e.id == employee).map(|e| json!(e.groups));
    let updated: Vec<serde_json::Value> = state
        .db
        .query("UPDATE $employee SET groups = $groups RETURN VALUE id")
        .bind(("employee", record("employee", employee)?))
        .bind(("groups", ids))
        .await?
        .take(0)?;
    if updated.is_empty() {
        return Err(ServiceError::not_found(Thing::Employee));
    }
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
    let updated: Vec<serde_json::Value> = state
        .db
        .query("UPDATE $employee SET disabled = $disabled RETURN VALUE id")
        .bind(("employee", id.clone()))
        .bind(("disabled", disabled))
        .await?
        .take(0)?;
    if updated.is_empty() {
        return Err(ServiceError::not_found(Thing::Employee));
    }
    if disabled {
        end_sessions(state, id).await?;
    }
    audit::write(state, actor, AuditAction::EmployeeDisabled, employee, Some(json!(!disabled)), Some(json!(disabled))).await
}

/// Marks an account as a bot (listed last when a responsible person is picked).
pub async fn set_bot(state: &AppState, actor: &Actor, employee: &str, is_bot: bool) -> ServiceResult<()> {
    administer(actor)?;
    let updated: Vec<serde_json::Value> = state
        .db
        .query("UPDATE $employee SET is_bot = $is_bot RETURN VALUE id")
        .bind(("employee", record("employee", employee)?))
        .bind(("is_bot", is_bot))
        .await?
        .take(0)?;
    if updated.is_empty() {
        return Err(ServiceError::not_found(Thing::Employee));
    }
    audit::write(state, actor, AuditAction::EmployeeBot, employee, Some(json!(!is_bot)), Some(json!(is_bot))).await
}

/// A new password ends every session of the person (they sign in again).
pub async fn set_password(state: &AppState, actor: &Actor, employee: &str, password: &str) -> ServiceResult<()> {
    administer(actor)?;
    check_password(password)?;
    let id = record("employee", employee)?;
    let updated: Vec<serde_json::Value> = state
        .db
        .query("UPDATE $employee SET password_hash = $hash, failed_logins = 0 RETURN VALUE id")
        .bind(("employee", id.clone()))
        .bind(("hash", hash_password(password)))
        .await?
        .take(0)?;
    if updated.is_empty() {
        return Err(ServiceError::not_found(Thing::Employee));
    }
    end_sessions(state, id).await?;
    // The password itself is never logged.
    audit::write(state, actor, AuditAction::PasswordChanged, employee, None, None).await
}

async fn end_sessions(state: &AppState, employee: surrealdb::types::RecordId) -> ServiceResult<()> {
    let hashes: Vec<serde_json::Value> = state
        .db
        .query("DELETE session WHERE employee = $employee RETURN BEFORE")
        .bind(("employee", employee))
        .await?
        .take(0)?;
    for session in hashes {
        if let Some(hash) = session.get("token_hash").and_then(|h| h.as_str()) {
            state.hub.end_session(hash);
        }
    }
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
    Ok(first::<serde_json::Value>(&mut response, 0)?.is_some())
}
