//! Sign in, sign out, and who am I.

use dioxus::fullstack::{SetCookie, SetHeader};
use dioxus::prelude::*;

use crate::model::employee::{Credentials, Me};
use crate::model::settings::NewEmployee;

#[cfg(feature = "server")]
use {
    crate::server::rights::Actor,
    crate::api::extract,
    crate::server::{people::auth, error::ServiceError, admin::setup, state::{AppState, PeerAddress}},
    dioxus::fullstack::HeaderMap,
    dioxus::server::axum::Extension,
};

/// Checks the password and sets the HttpOnly session cookie.
#[post("/api/auth/login", state: Extension<AppState>, peer: Extension<PeerAddress>)]
pub async fn login(credentials: Credentials) -> ServerFnResult<SetHeader<SetCookie>> {
    let token = auth::login_from(&state, peer.0 .0, &credentials.email, &credentials.password).await?;
    SetHeader::new(auth::session_cookie(&token)).map_err(|e| ServiceError::internal_from("sign in: session cookie", None, e.to_string()).into())
}

/// Ends this session and clears the cookie.
#[post("/api/auth/logout", state: Extension<AppState>, headers: HeaderMap)]
pub async fn logout() -> ServerFnResult<SetHeader<SetCookie>> {
    if let Some(token) = extract::session_token(&headers) {
        auth::logout(&state, &token).await?;
    }
    SetHeader::new(auth::cleared_cookie()).map_err(|e| ServiceError::internal_from("sign out: session cookie", None, e.to_string()).into())
}

/// The signed-in employee, or 401.
#[get("/api/auth/me", state: Extension<AppState>, actor: Actor)]
pub async fn me() -> ServerFnResult<Me> {
    Ok(auth::me(&state, &actor).await?)
}

/// Whether this installation still needs its first administrator.
#[get("/api/setup", state: Extension<AppState>)]
pub async fn setup_needed() -> ServerFnResult<bool> {
    Ok(setup::needed(&state).await?)
}

/// First run only: creates the first administrator and signs them in, given
/// the setup token from the server's log.
#[post("/api/setup", state: Extension<AppState>)]
pub async fn create_first_admin(employee: NewEmployee, setup_token: Option<String>) -> ServerFnResult<SetHeader<SetCookie>> {
    let token = setup::first_admin(&state, setup_token.as_deref().unwrap_or_default().trim(), employee).await?;
    SetHeader::new(auth::session_cookie(&token)).map_err(|e| ServiceError::internal_from("first administrator: session cookie", None, e.to_string()).into())
}
