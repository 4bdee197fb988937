//! Sign in, sign out, and who am I.

use dioxus::fullstack::{SetCookie, SetHeader};
use dioxus::prelude::*;

use crate::model::employee::{Credentials, Me};

#[cfg(feature = "server")]
use {
    super::guard,
    crate::server::{auth, error::ServiceError, state::AppState},
    dioxus::fullstack::HeaderMap,
    dioxus::server::axum::Extension,
};

/// Checks the password and sets the HttpOnly session cookie.
#[post("/api/auth/login", state: Extension<AppState>)]
pub async fn login(credentials: Credentials) -> ServerFnResult<SetHeader<SetCookie>> {
    let token = auth::login(&state, &credentials.email, &credentials.password).await?;
    SetHeader::new(auth::session_cookie(&token)).map_err(|_| ServiceError::Internal.into())
}

/// Ends this session and clears the cookie.
#[post("/api/auth/logout", state: Extension<AppState>, headers: HeaderMap)]
pub async fn logout() -> ServerFnResult<SetHeader<SetCookie>> {
    if let Some(token) = guard::session_token(&headers) {
        auth::logout(&state, &token).await?;
    }
    SetHeader::new(auth::cleared_cookie()).map_err(|_| ServiceError::Internal.into())
}

/// The signed-in employee, or 401.
#[get("/api/auth/me", state: Extension<AppState>, headers: HeaderMap)]
pub async fn me() -> ServerFnResult<Me> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(auth::me(&state, &actor).await?)
}
