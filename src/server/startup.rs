//! Start-up: open the database once per process, load the demo on an empty
//! one, and start the live fan-out. The HTTP router is `crate::http`.

use tokio::sync::OnceCell;

use crate::server::limits::{LimitConfig, Limits};
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
            // The demo workspace only where it is asked for (`make run` and the
            // test harnesses set DEMO=1): a production install never has it.
            let demo = std::env::var("DEMO").is_ok_and(|v| v == "1");
            let password = demo.then(|| demo::password_for(std::env::var("IP").ok().as_deref()));
            open_state_with(&url, password).await
        })
        .await?;
    Ok(state.clone())
}

/// A fresh state on `url` (tests use `mem://`), with the demo (loopback
/// passwords) if `load_demo`. Its rate limits are those of the environment
/// (`LIMIT_*`, see `server::limits`); a test sets its own in `state.limits`.
pub async fn open_state(url: &str, load_demo: bool) -> anyhow::Result<AppState> {
    open_state_with(url, load_demo.then(|| (demo::DEMO_PASSWORD.to_string(), false))).await
}

/// A state on `url`; `demo` is the demo's password (and whether it was made
/// up, so it is logged once) when the demo is to be loaded.
async fn open_state_with(url: &str, demo: Option<(String, bool)>) -> anyhow::Result<AppState> {
    let db = db::open(url).await?;
    let limits = std::sync::Arc::new(Limits::new(LimitConfig::from_env()));
    let push = std::sync::Arc::new(push_from_env(&db).await?);
    Limits::spawn_cleanup(&limits);
    let files = std::sync::Arc::new(crate::server::store::files::Files::from_env(url)?);
    let channels = std::sync::Arc::new(crate::server::channels::Channels::new(crate::server::channels::secrets::Secrets::from_env(url)?));
    let node: std::sync::Arc<str> = crate::server::clock::new_key().into();
    let bus = std::sync::Arc::new(crate::server::cluster::bus::Bus::from_env(node.clone()).await?);
    let db = std::sync::Arc::new(db);
    let sends = std::sync::Arc::new(crate::server::chats::group_commit::GroupCommit::start(db.clone()));
    let sfu = crate::server::meetings::sfu::Sfu::start(crate::server::meetings::sfu::SfuConfig::from_env()?).await?;
    let state = AppState { db, hub: live::new_hub(), chat_index: Default::default(), sign_ins: Default::default(), sign_in_pairs: Default::default(),
        passwords: Default::default(), meeting_codes: Default::default(), limits,
        sends, calls: std::sync::Arc::new(crate::server::meetings::calls::Calls::with_sfu(sfu)),
        runtime: tokio::runtime::Handle::current(), setup_token: crate::server::clock::new_token().into(), push, files, channels,
        node, bus, draining: std::sync::Arc::new(tokio::sync::watch::channel(false).0) };
    state.passwords.prepare().await?;
    crate::server::people::auth::spawn_session_sweep(&state);
    if let Some((password, made_up)) = demo {
        if demo::load_if_empty(&state, &password).await? && made_up {
            tracing::warn!("demo workspace loaded on a non-loopback address; every demo account's password is {password}");
        }
    }
    crate::server::admin::setup::ensure_default_statuses(&state).await?;
    crate::server::admin::setup::ensure_workspace_source(&state).await?;
    crate::server::push::subscriptions::reload_subscribed(&state).await?;
    crate::server::push::delivery::spawn_worker(state.clone());
    live::spawn_fan_out(state.clone());
    crate::server::cluster::bus::listen(&state).await?;
    crate::server::chats::attachments::spawn_sweep(&state);
    crate::server::chats::search_index::spawn(&state);
    // An embedded database has one node, this one: leases left by an
    // earlier run of it are void (a crash must not delay the mail readers).
    if !db::is_server(url) {
        state.db.query("DELETE lease").await?.check()?;
    } else {
        db::spawn_session_keeper(state.db.clone());
    }
    crate::server::channels::spawn(&state);
    crate::server::meetings::calls::spawn_guest_sweep(&state.calls);
    tracing::info!("database ready at {url}; files in {}", state.files.describe);
    if crate::server::admin::setup::needed(&state).await? {
        tracing::warn!("first run: open the workspace and create the administrator with the setup token {}", state.setup_token);
    }
    Ok(state)
}

/// Web Push's settings: `PUSH_SUBJECT` (the contact push services see,
/// `mailto:` or `https:`), `PUSH_ALLOW_HTTP=1` (plain-http and loopback
/// endpoints, for a local mock push service in tests).
async fn push_from_env(db: &crate::server::state::Db) -> anyhow::Result<crate::server::push::Push> {
    let subject = std::env::var("PUSH_SUBJECT").unwrap_or_else(|_| "mailto:admin@localhost".into());
    anyhow::ensure!(subject.starts_with("mailto:") || subject.starts_with("https:"), "PUSH_SUBJECT must be a mailto: or https: URL");
    let allow_http = std::env::var("PUSH_ALLOW_HTTP").is_ok_and(|v| v == "1");
    let http = reqwest::Client::builder()
        // Endpoints' names resolve to public addresses only (#15).
        .dns_resolver(std::sync::Arc::new(crate::server::push::resolver::PublicOnly { allow_private: allow_http }))
        .timeout(std::time::Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()?;
    Ok(crate::server::push::Push {
        key: crate::server::push::keys::load_or_create(db).await?,
        subject,
        allow_http,
        subscribed: Default::default(),
        wake: Default::default(),
        rung: Default::default(),
        http,
    })
}
