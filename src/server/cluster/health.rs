//! Health probes (#17): `/healthz` says the process answers; `/readyz` says
//! it can serve: not stopping, the bus connected (when there is one), the
//! database answering within a second. A load balancer sends traffic only to
//! ready nodes.

use std::time::Duration;

use dioxus::server::axum::{self, http::StatusCode, response::IntoResponse, Extension};

use crate::server::state::AppState;

/// `GET /healthz`: alive.
pub async fn alive() -> impl IntoResponse {
    (StatusCode::OK, [("cache-control", "no-store")], "ok")
}

/// `GET /readyz`: 200 when the database answers within a second, else 503
/// with what failed.
pub async fn ready(Extension(state): Extension<AppState>) -> axum::response::Response {
    if crate::server::cluster::drain::is_draining(&state) {
        return (StatusCode::SERVICE_UNAVAILABLE, [("cache-control", "no-store")], "stopping").into_response();
    }
    if !state.bus.reachable() {
        return (StatusCode::SERVICE_UNAVAILABLE, [("cache-control", "no-store")], "bus unavailable").into_response();
    }
    let probe = tokio::time::timeout(Duration::from_secs(1), async { state.db.query("RETURN 1").await.and_then(|r| r.check()) }).await;
    match probe {
        Ok(Ok(_)) => (StatusCode::OK, [("cache-control", "no-store")], "ready").into_response(),
        Ok(Err(error)) => {
            tracing::warn!("readyz: the database failed: {error}");
            (StatusCode::SERVICE_UNAVAILABLE, [("cache-control", "no-store")], "database unavailable").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, [("cache-control", "no-store")], "database did not answer in 1 s").into_response(),
    }
}
