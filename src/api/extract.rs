//! Request extractors server functions take as arguments: the signed-in
//! employee (`actor: Actor`, from the session cookie) and the website visitor
//! (`visitor: Visitor`, from the widget's token header), checked before the body runs.

use dioxus::fullstack::HeaderMap;
use dioxus::server::axum::{extract::FromRequestParts, http::request::Parts};

use crate::model::problem::Problem;
use crate::server::error::ServiceError;
use crate::model::visitor::VISITOR_TOKEN_HEADER;
use crate::server::people::auth;
use crate::server::people::visitors::{self, Visitor};
use crate::server::rights::Actor;
use crate::server::state::AppState;

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = ServiceError;

    /// The session lookup runs on the server's multi-threaded runtime, like the
    /// hot server functions' own work (see `AppState::on_workers`).
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let state = parts.extensions.get::<AppState>().cloned().ok_or_else(|| ServiceError::internal("session: no app state on the request", None))?;
        let token = auth::session_token(&parts.headers).ok_or(Problem::SignInRequired)?;
        state.on_workers(move |state| async move { auth::actor_for_session(&state, &token).await }).await
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = ServiceError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let state = parts.extensions.get::<AppState>().cloned().ok_or_else(|| ServiceError::internal("visitor: no app state on the request", None))?;
        let token = visitor_token(&parts.headers).ok_or(Problem::SignInRequired)?;
        state.on_workers(move |state| async move { visitors::authenticate(&state, &token).await }).await
    }
}

/// The widget's visitor token, from its header.
pub fn visitor_token(headers: &HeaderMap) -> Option<String> {
    headers.get(VISITOR_TOKEN_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The signed-in employee from these headers, for the one endpoint where a
/// session is optional (a call's socket, which a guest opens with a pass).
pub async fn session_actor(state: &AppState, headers: &HeaderMap) -> Result<Actor, ServiceError> {
    let token = auth::session_token(headers).ok_or(Problem::SignInRequired)?;
    auth::actor_for_session(state, &token).await
}

pub use crate::server::live::socket::check_origin;
pub use crate::server::people::auth::session_token;
