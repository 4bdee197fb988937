//! Employee sign-in: argon2 password hashes, database-backed sessions behind
//! an HttpOnly cookie, and a slow-down per (account, address) and per address
//! after repeated wrong passwords.

// `Value` is named by the derive's `flatten` expansion.
use surrealdb::types::{RecordId, SurrealValue, Value};
use sha2::{Digest, Sha256};

use crate::server::clock::{new_key, new_token, now_ms};
use crate::server::store::db::{first, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::people::sign_in_limit::Outcome;
use crate::server::store::records::{key, record, records};
use crate::server::rights::Actor;
use crate::server::state::AppState;
use crate::model::employee::Me;
use crate::model::problem::Problem;

pub const SESSION_COOKIE: &str = "chats_session";
const SESSION_LIFETIME_MS: i64 = 7 * 24 * 3600 * 1000;

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

#[derive(SurrealValue)]
struct LoginRow {
    id: RecordId,
    password_hash: String,
    disabled: bool,
}

/// Checks the password; on success creates a session and returns its token.
pub async fn login(state: &AppState, email: &str, password: &str) -> ServiceResult<String> {
    login_from(state, None, email, password).await
}

/// [`login`] from a network address (`None`: unknown, all such callers
/// count as one address). Attempts are reserved before the password is
/// checked, in progress ones counting: per (e-mail, address) pair, five,
/// then one at a time with a growing wait (`sign_in_limit`); per address,
/// ten failures in 30 minutes whichever e-mails (`address_limit`). So
/// guesses from one address never lock the owner out from another, and an
/// unknown, a disabled and a real e-mail get the same answers.
pub async fn login_from(state: &AppState, address: Option<std::net::IpAddr>, email: &str, password: &str) -> ServiceResult<String> {
    let email = email.trim().to_lowercase();
    let now = now_ms();
    let by_address = match address {
        Some(address) => Some(state.sign_ins.reserve(address, now).map_err(|retry_secs| Problem::TooManyAttempts { retry_secs })?),
        None => None,
    };
    let by_pair = match state.sign_in_pairs.reserve(&email, address, now) {
        Ok(reservation) => reservation,
        Err(retry_secs) => {
            // Not checked, so not a failure of the address.
            if let Some(by_address) = by_address {
                by_address.settle(false, now);
            }
            return Err(Problem::TooManyAttempts { retry_secs }.into());
        }
    };
    let result = check_and_start_session(state, &email, password).await;
    let outcome = match &result {
        Ok(_) => Outcome::SignedIn,
        Err(ServiceError::Refused(Problem::WrongCredentials)) => Outcome::Failed,
        Err(_) => Outcome::Undecided,
    };
    let now = now_ms();
    by_pair.settle(outcome, now);
    if let Some(by_address) = by_address {
        by_address.settle(outcome == Outcome::Failed, now);
    }
    // The other nodes count it too: the limits hold across the cluster.
    if outcome != Outcome::Undecided {
        state.bus.publish(crate::server::cluster::bus::BusEvent::SignIn { email, address, outcome });
    }
    result
}

async fn check_and_start_session(state: &AppState, email: &str, password: &str) -> ServiceResult<String> {
    let mut response = state
        .db
        .query("SELECT id, password_hash, disabled FROM employee WHERE email = $email LIMIT 1")
        .bind(("email", email.to_string()))
        .await?;
    // Unknown and disabled accounts are checked against the dummy hash: the
    // same work and the same answer as a wrong password.
    let employee = first::<LoginRow>(&mut response, 0)?.filter(|row| !row.disabled);
    let hash = employee.as_ref().map(|row| row.password_hash.clone());
    let right = state.passwords.verify(password, hash).await?;
    let Some(employee) = employee.filter(|_| right).map(|row| row.id) else {
        return Err(Problem::WrongCredentials.into());
    };
    let token = new_token();
    let now = now_ms();
    state
        .db
        .query(
            "UPDATE $employee SET active = true;
             CREATE type::record('session', $key) SET token_hash = $hash, employee = $employee, created_ms = $now, expires_ms = $expires;",
        )
        .bind(("employee", employee.clone()))
        .bind(("key", new_key()))
        .bind(("hash", token_hash(&token)))
        .bind(("now", now))
        .bind(("expires", now + SESSION_LIFETIME_MS))
        .await?
        .check()?;
    crate::server::cluster::bus::presence(state, &key(&employee), None, Some(true));
    Ok(token)
}

pub async fn logout(state: &AppState, token: &str) -> ServiceResult<()> {
    let hash = token_hash(token);
    state.db.query("DELETE session WHERE token_hash = $hash").bind(("hash", hash.clone())).await?.check()?;
    crate::server::cluster::bus::end_session(state, &hash);
    state.calls.close(crate::server::meetings::calls::Whose::Session(&hash), Problem::CallSessionEnded);
    Ok(())
}

/// How often expired sessions are purged and their sockets closed.
pub const SESSION_SWEEP: std::time::Duration = std::time::Duration::from_secs(30);

/// Deletes sessions past their expiry and closes their live and call
/// sockets; returns how many went. Runs every [`SESSION_SWEEP`].
pub async fn purge_expired_sessions(state: &AppState) -> ServiceResult<usize> {
    let mut response = state
        .db
        .query("SELECT VALUE token_hash FROM session WHERE expires_ms < $now; DELETE session WHERE expires_ms < $now;")
        .bind(("now", now_ms()))
        .await?
        .check()?;
    let hashes: Vec<String> = response.take(0)?;
    for hash in &hashes {
        crate::server::cluster::bus::end_session(state, hash);
        state.calls.close(crate::server::meetings::calls::Whose::Session(hash), Problem::CallSessionEnded);
    }
    Ok(hashes.len())
}

/// Starts the periodic purge of expired sessions for this state.
pub fn spawn_session_sweep(state: &AppState) {
    let state = state.clone();
    state.runtime.clone().spawn(async move {
        let mut every = tokio::time::interval(SESSION_SWEEP);
        loop {
            every.tick().await;
            match purge_expired_sessions(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!("purged {n} expired sessions"),
                Err(error) => tracing::warn!("purging expired sessions: {error}"),
            }
        }
    });
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
        .bind(("hash", state.passwords.hash(password).await?))
        .bind(("groups", groups))
        .await?
        .check()?;
    Ok(())
}
