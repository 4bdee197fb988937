//! Start-up: open the database once per process, load the demo on an empty
//! one, and start the live fan-out. The HTTP router is `crate::http`.

use tokio::sync::OnceCell;

use crate::server::state::AppState;
use crate::server::{store::db, admin::demo, live};

static STATE: OnceCell<AppState> = OnceCell::const_new();

/// The process-wide state. `dioxus::serve` calls its closure again on
/// hot-patch; the database (SurrealKV locks its folder) is opened only once.
pub async fn shared_state() -> anyhow::Result<AppState> {
    let state = STATE
        .get_or_try_init(|| async {
            let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::default_url());
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
    let state = AppState { db: std::sync::Arc::new(db), hub: live::new_hub(), sign_ins: Default::default(), meeting_codes: Default::default(),
        writes: std::sync::Arc::new(tokio::sync::Semaphore::new(crate::server::store::db::CONCURRENT_WRITES)), calls: Default::default(),
        runtime: tokio::runtime::Handle::current() };
    if load_demo {
        demo::load_if_empty(&state).await?;
    }
    crate::server::admin::setup::ensure_default_statuses(&state).await?;
    crate::server::admin::setup::ensure_workspace_source(&state).await?;
    live::spawn_fan_out(state.clone());
    tracing::info!("database ready at {url}");
    Ok(state)
}
