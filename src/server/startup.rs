//! Start-up: open the database once per process, load the demo on an empty
//! one, start the live fan-out, and build the HTTP router.

use dioxus::server::axum::{self, Extension};
use tokio::sync::OnceCell;

use super::state::AppState;
use super::{db, demo, live};

static STATE: OnceCell<AppState> = OnceCell::const_new();

/// The process-wide state. `dioxus::serve` calls its closure again on
/// hot-patch; the database (SurrealKV locks its folder) is opened only once.
pub async fn shared_state() -> anyhow::Result<AppState> {
    let state = STATE
        .get_or_try_init(|| async {
            let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_URL.to_string());
            if let Some(path) = url.strip_prefix("surrealkv://") {
                if let Some(parent) = std::path::Path::new(path).parent() {
                    std::fs::create_dir_all(parent)?;
                }
            }
            let demo = std::env::var("DEMO").map(|v| v != "0").unwrap_or(true);
            open_state(&url, demo).await
        })
        .await?;
    Ok(state.clone())
}

/// A fresh state on `url` (tests use `mem://`).
pub async fn open_state(url: &str, load_demo: bool) -> anyhow::Result<AppState> {
    let db = db::open(url).await?;
    let state = AppState { db, hub: live::new_hub() };
    if load_demo {
        demo::load_if_empty(&state).await?;
    }
    live::spawn_fan_out(state.clone());
    tracing::info!("database ready at {url}");
    Ok(state)
}

/// The app's router: Dioxus pages and server functions, plus our headers.
pub fn router(state: AppState) -> axum::Router {
    dioxus::server::router(crate::app::App)
        .layer(axum::middleware::from_fn(security_headers))
        .layer(Extension(state))
}

async fn security_headers(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::header::{HeaderValue, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}
