//! Request extractors every server function shares: the signed-in employee is
//! an argument (`actor: Actor`), read from the session cookie before the body runs.

use dioxus::fullstack::HeaderMap;
use dioxus::server::axum::{extract::FromRequestParts, http::request::Parts};

use crate::server::error::ServiceError;
use crate::server::people::auth;
use crate::server::rights::Actor;
use crate::server::state::AppState;

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = ServiceError;

    /// The session lookup runs on the server's multi-threaded runtime, like the
    /// hot server functions' own work (see `AppState::on_workers`).
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let state = parts.extensions.get::<AppState>().cloned().ok_or(ServiceError::Internal)?;
        let token = auth::session_token(&parts.headers).ok_or(ServiceError::Unauthorized)?;
        state.on_workers(move |state| async move { auth::actor_for_session(&state, &token).await }).await
    }
}

/// The signed-in employee from these headers, for the one endpoint where a
/// session is optional (a call's socket, which a guest opens with a pass).
pub async fn session_actor(state: &AppState, headers: &HeaderMap) -> Result<Actor, ServiceError> {
    let token = auth::session_token(headers).ok_or(ServiceError::Unauthorized)?;
    auth::actor_for_session(state, &token).await
}

pub use crate::server::live::socket::check_origin;
pub use crate::server::people::auth::session_token;
