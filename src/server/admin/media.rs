//! Uploaded images served back (a plain route, not a server function):
//! a room's image, to employees who see the room.

use axum::extract::Path;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::server::people::auth::{actor_for_session, session_token};
use crate::server::error::ServiceError;
use crate::server::admin::room_settings::room_image;
use crate::server::state::AppState;

/// `GET /media/rooms/{room}`. The URL carries a version, so it may be cached.
pub async fn room_image_route(Extension(state): Extension<AppState>, headers: HeaderMap, Path(room): Path<String>) -> Response {
    let actor = match session_token(&headers) {
        Some(token) => actor_for_session(&state, &token).await,
        None => Err(ServiceError::Unauthorized),
    };
    let image = match actor {
        Ok(actor) => room_image(&state, &actor, &room).await,
        Err(e) => Err(e),
    };
    match image {
        Ok((content_type, bytes)) => (
            [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "private, max-age=31536000, immutable".to_string())],
            bytes,
        )
            .into_response(),
        Err(e) => (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), e.to_string()).into_response(),
    }
}
