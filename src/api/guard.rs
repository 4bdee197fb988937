//! Session check shared by every server function: who is calling.

use dioxus::fullstack::HeaderMap;
use dioxus::prelude::ServerFnError;

use crate::server::auth;
use crate::server::error::ServiceError;
use crate::server::rights::Actor;
use crate::server::state::AppState;

/// Reads the session cookie and returns the signed-in employee, or 401.
pub async fn actor(state: &AppState, headers: &HeaderMap) -> Result<Actor, ServerFnError> {
    Ok(employee(state, headers).await?)
}

/// [`actor`] as a service result, for work moved with `AppState::on_workers`.
pub async fn employee(state: &AppState, headers: &HeaderMap) -> Result<Actor, ServiceError> {
    let token = session_token(headers).ok_or(ServiceError::Unauthorized)?;
    auth::actor_for_session(state, &token).await
}

pub use crate::server::auth::session_token;

/// Refuses a cross-site websocket: a browser always sends `Origin`, and it
/// must name the host the request was made to.
pub fn check_origin(headers: &HeaderMap) -> Result<(), ServerFnError> {
    use dioxus::fullstack::http::header::{HOST, ORIGIN};
    let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else { return Ok(()) };
    let host = headers.get(HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
    if !host.is_empty() && origin_host.eq_ignore_ascii_case(host) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden.into())
    }
}
