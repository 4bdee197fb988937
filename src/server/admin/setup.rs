//! First run: on a database with no employees (and no demo), the first visit
//! creates the first administrator; after that this door is closed for good.

use crate::server::people::auth::login;
use crate::server::store::db::{exists, made_now};
use crate::server::error::ServiceResult;
use crate::server::rights::right;
use crate::server::state::AppState;
use crate::model::problem::Problem;
use crate::model::settings::{check_new_employee, NewEmployee};

/// Chat statuses every installation starts with (C10): an active and a closed one.
pub async fn ensure_default_statuses(state: &AppState) -> ServiceResult<()> {
    let mut response = state.db.query("SELECT VALUE id FROM chat_status LIMIT 1").await?;
    if exists(&mut response, 0)? {
        return Ok(());
    }
    // One transaction; a node starting at the same moment may have made them
    // first (the same ids), which is as good.
    let created = state
        .db
        .query(
            "BEGIN;
             CREATE chat_status:active SET name = 'Активный', color = '#1f9d55', closed = false, is_default = true, position = 1;
             CREATE chat_status:closed SET name = 'Закрыт', color = '#6b7686', closed = true, position = 3;
             COMMIT;",
        )
        .await
        .and_then(|r| r.check());
    made_now(created)?;
    Ok(())
}

/// The source of chats employees start in the workspace (R2, meetings).
pub async fn ensure_workspace_source(state: &AppState) -> ServiceResult<()> {
    let mut response = state.db.query("SELECT VALUE id FROM source:workspace").await?;
    if exists(&mut response, 0)? {
        return Ok(());
    }
    let created = state.db.query("CREATE source:workspace SET kind = 'workspace', name = 'Рабочее место'").await.and_then(|r| r.check());
    made_now(created)?;
    Ok(())
}

pub async fn needed(state: &AppState) -> ServiceResult<bool> {
    let mut response = state.db.query("SELECT VALUE id FROM employee LIMIT 1").await?;
    Ok(!exists(&mut response, 0)?)
}

/// Creates the first administrator and signs them in (returns the session
/// token). Refused once any employee exists; two racing calls cannot both
/// win, because both create the same `setup:done` record in one transaction.
pub async fn first_admin(state: &AppState, token: &str, new: NewEmployee) -> ServiceResult<String> {
    if !needed(state).await? {
        return Err(Problem::Forbidden.into());
    }
    // Compared in constant time: a guess learns nothing from how long the answer takes.
    let expected = state.setup_token.as_bytes();
    if token.len() != expected.len() || token.bytes().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) != 0 {
        return Err(Problem::SetupTokenWrong.into());
    }
    check_new_employee(&new)?;
    let email = new.email.trim().to_lowercase();
    let result = state
        .db
        .query(
            "BEGIN;
             CREATE setup:done SET at = time::now();
             CREATE staff_group:admins CONTENT { name: 'Администраторы', rights: [$admin], rooms: [] };
             CREATE employee:first_admin CONTENT { name: $name, email: $email, password_hash: $hash, groups: [staff_group:admins] };
             COMMIT;",
        )
        .bind(("admin", right::ADMIN))
        .bind(("name", new.name.trim().to_string()))
        .bind(("email", email.clone()))
        .bind(("hash", state.passwords.hash(&new.password).await?))
        .await
        .and_then(|r| r.check());
    if result.is_err() {
        return Err(Problem::Forbidden.into());
    }
    login(state, &email, &new.password).await
}
