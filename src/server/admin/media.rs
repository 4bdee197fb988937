//! Uploaded images served back (a plain route, not a server function):
//! a room's image, to employees who see the room.

use axum::extract::Path;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::model::problem::Problem;
use crate::server::people::auth::{actor_for_session, session_token};
use crate::server::admin::room_settings::room_image;
use crate::server::state::AppState;

/// `GET /media/rooms/{room}`. The URL carries a version, so it may be cached.
pub async fn room_image_route(Extension(state): Extension<AppState>, headers: HeaderMap, Path(room): Path<String>) -> Response {
    let actor = match session_token(&headers) {
        Some(token) => actor_for_session(&state, &token).await,
        None => Err(Problem::SignInRequired.into()),
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
        // Logged if a 5xx; the body is the refusal JSON, without the source.
        Err(e) => e.into_response(),
    }
}
