//! Employee sign-in: argon2 password hashes, database-backed sessions behind
//! an HttpOnly cookie, and a slow-down after repeated wrong passwords.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
// `Value` is named by the derive's `flatten` expansion.
use surrealdb::types::{RecordId, SurrealValue, Value};
use sha2::{Digest, Sha256};

use crate::server::clock::{new_key, new_token, now_ms};
use crate::server::store::db::{first, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::{key, record, records};
use crate::server::rights::Actor;
use crate::server::state::AppState;
use crate::model::employee::Me;
use crate::model::problem::Problem;

pub const SESSION_COOKIE: &str = "chats_session";
const SESSION_LIFETIME_MS: i64 = 7 * 24 * 3600 * 1000;
/// Wrong passwords in a row before each further attempt must wait.
const FREE_ATTEMPTS: i64 = 5;

/// The session token from a request's `Cookie` headers, if any.
pub fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with default parameters succeeds")
        .to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Sessions and visitor tokens are stored only as this hash.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the session cookie is `Secure` (and HSTS is sent): `COOKIE_SECURE`
/// when set (`1` or `0`), otherwise on unless the server listens on loopback
/// only (`IP`), where plain-HTTP development and tests run.
pub fn cookie_secure() -> bool {
    // Read once: every response asks (for HSTS).
    static SECURE: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| secure_for(std::env::var("COOKIE_SECURE").ok().as_deref(), std::env::var("IP").ok().as_deref()));
    *SECURE
}

/// [`cookie_secure`] for these settings.
pub fn secure_for(setting: Option<&str>, ip: Option<&str>) -> bool {
    match setting {
        Some("1") => true,
        Some("0") => false,
        _ => !ip.is_none_or(crate::server::people::address_limit::is_loopback),
    }
}

pub fn session_cookie(token: &str) -> String {
    let secure = if cookie_secure() { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}", SESSION_LIFETIME_MS / 1000)
}

pub fn cleared_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// How long a locked-out account must still wait, in seconds: after the free
/// attempts, 30 s after the last failure, doubling to at most 15 minutes.
pub fn lockout_remaining_secs(failed: i64, last_failed_ms: i64, now: i64) -> i64 {
    if failed < FREE_ATTEMPTS {
        return 0;
    }
    let step = (failed - FREE_ATTEMPTS).min(5) as u32;
    let wait_ms = (30_000i64 * 2i64.pow(step)).min(15 * 60 * 1000);
    ((last_failed_ms + wait_ms - now).max(0) + 999) / 1000
}

#[derive(SurrealValue)]
struct LoginRow {
    id: RecordId,
    password_hash: String,
    disabled: bool,
    failed_logins: i64,
    last_failed_ms: i64,
}

/// Checks the password; on success creates a session and returns its token.
pub async fn login(state: &AppState, email: &str, password: &str) -> ServiceResult<String> {
    login_from(state, None, email, password).await
}

/// [`login`] from a known network address: an address with too many failed
/// sign-ins waits, whichever accounts it tries.
pub async fn login_from(state: &AppState, address: Option<std::net::IpAddr>, email: &str, password: &str) -> ServiceResult<String> {
    if let Some(address) = address {
        let wait = state.sign_ins.wait_secs(address, now_ms());
        if wait > 0 {
            return Err(Problem::TooManyAttempts { retry_secs: wait }.into());
        }
    }
    let result = check_and_start_session(state, email, password).await;
    if let (Some(address), Err(ServiceError::Refused(Problem::WrongCredentials))) = (address, &result) {
        state.sign_ins.record_failure(address, now_ms());
    }
    result
}

async fn check_and_start_session(state: &AppState, email: &str, password: &str) -> ServiceResult<String> {
    let email = email.trim().to_lowercase();
    let mut response = state
        .db
        .query("SELECT id, password_hash, disabled, failed_logins, last_failed_ms FROM employee WHERE email = $email LIMIT 1")
        .bind(("email", email))
        .await?;
    let Some(row) = first::<LoginRow>(&mut response, 0)? else {
        // Same work as a real check, so timing does not reveal which e-mails exist.
        let _ = verify_password(password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0000000000000000000000000000000000000000000");
        return Err(Problem::WrongCredentials.into());
    };
    let now = now_ms();
    let wait = lockout_remaining_secs(row.failed_logins, row.last_failed_ms, now);
    if wait > 0 {
        return Err(Problem::TooManyAttempts { retry_secs: wait }.into());
    }
    let employee = row.id;
    if row.disabled || !verify_password(password, &row.password_hash) {
        state
            .db
            .query("UPDATE $employee SET failed_logins += 1, last_failed_ms = $now")
            .bind(("employee", employee))
            .bind(("now", now))
            .await?
            .check()?;
        return Err(Problem::WrongCredentials.into());
    }
    let token = new_token();
    state
        .db
        .query(
            "UPDATE $employee SET failed_logins = 0, active = true;
             CREATE type::record('session', $key) SET token_hash = $hash, employee = $employee, created_ms = $now, expires_ms = $expires;",
        )
        .bind(("employee", employee))
        .bind(("key", new_key()))
        .bind(("hash", token_hash(&token)))
        .bind(("now", now))
        .bind(("expires", now + SESSION_LIFETIME_MS))
        .await?
        .check()?;
    Ok(token)
}

pub async fn logout(state: &AppState, token: &str) -> ServiceResult<()> {
    let hash = token_hash(token);
    state.db.query("DELETE session WHERE token_hash = $hash").bind(("hash", hash.clone())).await?.check()?;
    state.hub.end_session(&hash);
    state.calls.close(crate::server::meetings::calls::Whose::Session(&hash), Problem::CallSessionEnded);
    Ok(())
}

/// An employee with what their groups grant. Every query that reads an
/// employee's rights selects `staff_fields!()` (through `employee.` from a session).
#[derive(SurrealValue)]
pub(crate) struct StaffRow {
    pub id: RecordId,
    pub name: Option<String>,
    #[surreal(default)]
    pub email: String,
    /// `None` when the employee record is gone (a session that outlived it).
    pub disabled: Option<bool>,
    #[surreal(default)]
    pub is_bot: bool,
    #[surreal(default)]
    pub active: Option<bool>,
    #[surreal(default)]
    pub groups: Option<Vec<RecordId>>,
    pub rights: Option<Vec<Vec<String>>>,
    pub rooms: Option<Vec<Vec<RecordId>>>,
    pub topics: Option<Vec<Vec<RecordId>>>,
}

/// The fields of [`StaffRow`] read from `employee` (a macro, so queries are
/// `concat!`s of constants).
#[macro_export]
macro_rules! staff_fields {
    () => {
        "id, name, email, disabled, is_bot, active, groups, groups.rights AS rights, groups.rooms AS rooms, groups.topics AS topics"
    };
}

impl StaffRow {
    /// Enabled, and still there.
    pub(crate) fn enabled(&self) -> bool {
        self.disabled == Some(false)
    }

    /// The employee as the rights model sees them.
    pub(crate) fn into_actor(self) -> Actor {
        let keys = |ids: Option<Vec<Vec<RecordId>>>| ids.unwrap_or_default().iter().flatten().map(key).collect();
        Actor {
            id: key(&self.id),
            name: self.name.unwrap_or_default(),
            rights: self.rights.unwrap_or_default().into_iter().flatten().collect(),
            rooms: keys(self.rooms),
            topics: keys(self.topics),
        }
    }
}

#[derive(SurrealValue)]
struct SessionRow {
    expires_ms: i64,
    #[surreal(flatten)]
    employee: StaffRow,
}

/// The employee behind a session token, with the rooms and rights their
/// groups grant; 401 for an unknown, expired or disabled one.
pub async fn actor_for_session(state: &AppState, token: &str) -> ServiceResult<Actor> {
    actor_for_session_hash(state, &token_hash(token)).await
}

/// As [`actor_for_session`], from the stored hash (the live hub keeps only that).
pub async fn actor_for_session_hash(state: &AppState, hash: &str) -> ServiceResult<Actor> {
    let mut response = state
        .db
        .query(
            "SELECT employee AS id, employee.name AS name, employee.disabled AS disabled, expires_ms,
                    employee.groups.rights AS rights, employee.groups.rooms AS rooms,
                    employee.groups.topics AS topics
             FROM session WHERE token_hash = $hash LIMIT 1",
        )
        .bind(("hash", hash.to_string()))
        .await?;
    let row = first::<SessionRow>(&mut response, 0)?.ok_or(Problem::SignInRequired)?;
    if row.expires_ms < now_ms() || !row.employee.enabled() {
        return Err(Problem::SignInRequired.into());
    }
    Ok(row.employee.into_actor())
}

/// An enabled employee with the rooms and rights their groups grant, as if
/// they were signed in (to check what someone else may see).
pub async fn actor_for_employee(state: &AppState, employee: &str) -> ServiceResult<Option<Actor>> {
    let mut response = state
        .db
        .query(concat!("SELECT ", crate::staff_fields!(), " FROM $employee"))
        .bind(("employee", record("employee", employee)?))
        .await?;
    Ok(first::<StaffRow>(&mut response, 0)?.filter(StaffRow::enabled).map(StaffRow::into_actor))
}

/// An enabled employee: what they may do, and how pickers show them.
pub struct StaffMember {
    pub actor: Actor,
    pub email: String,
    pub is_bot: bool,
    pub active: bool,
}

/// Every enabled employee: active people first, then those on a break, bots
/// last, by name.
pub async fn enabled_staff(state: &AppState) -> ServiceResult<Vec<StaffMember>> {
    let mut response = state
        .db
        .query(concat!("SELECT ", crate::staff_fields!(), " FROM employee WHERE disabled = false ORDER BY is_bot, active DESC, name"))
        .await?;
    Ok(rows::<StaffRow>(&mut response, 0)?
        .into_iter()
        .map(|row| {
            let (email, is_bot, active) = (row.email.clone(), row.is_bot, row.active.unwrap_or(false));
            StaffMember { actor: row.into_actor(), email, is_bot, active }
        })
        .collect())
}

#[derive(SurrealValue)]
struct MeRow {
    email: String,
    active: Option<bool>,
    sound_messages: Option<bool>,
    sound_calls: Option<bool>,
}

pub async fn me(state: &AppState, actor: &Actor) -> ServiceResult<Me> {
    let mut response = state
        .db
        .query("SELECT email, active, sound_messages, sound_calls FROM $employee")
        .bind(("employee", record("employee", &actor.id)?))
        .await?;
    let row = first::<MeRow>(&mut response, 0)?.ok_or(Problem::SignInRequired)?;
    let mut rights: Vec<String> = actor.rights.iter().cloned().collect();
    rights.sort();
    Ok(Me {
        id: actor.id.clone(),
        name: actor.name.clone(),
        email: row.email,
        rights,
        active: row.active.unwrap_or(false),
        sound_messages: row.sound_messages.unwrap_or(true),
        sound_calls: row.sound_calls.unwrap_or(true),
    })
}

/// Creates an employee (used by the demo loader and tests).
pub async fn create_employee(state: &AppState, key: &str, name: &str, email: &str, password: &str, groups: &[&str]) -> ServiceResult<()> {
    let groups = records("staff_group", groups)?;
    state
        .db
        .query("CREATE $employee SET name = $name, email = $email, password_hash = $hash, groups = $groups")
        .bind(("employee", record("employee", key)?))
        .bind(("name", name.to_string()))
        .bind(("email", email.trim().to_lowercase()))
        .bind(("hash", hash_password(password)))
        .bind(("groups", groups))
        .await?
        .check()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_grows_after_five_failures() {
        assert_eq!(lockout_remaining_secs(4, 0, 0), 0);
        assert_eq!(lockout_remaining_secs(5, 1_000, 1_000), 30);
        assert_eq!(lockout_remaining_secs(5, 0, 31_000), 0);
        assert_eq!(lockout_remaining_secs(6, 0, 0), 60);
        assert_eq!(lockout_remaining_secs(50, 0, 0), 900);
    }

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("secret");
        assert!(verify_password("secret", &hash));
        assert!(!verify_password("Secret", &hash));
        assert!(!verify_password("secret", "not a hash"));
    }
}
