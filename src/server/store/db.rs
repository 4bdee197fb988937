//! Opening the database and applying the versioned schema.

use std::future::Future;

use surrealdb::engine::any::connect;
use surrealdb::types::{SurrealValue, Value};
use surrealdb::IndexedResults;

use crate::server::error::{ResultContext, ServiceError, ServiceResult};
use crate::server::state::Db;

/// Schema files in the order they apply. Each is idempotent (OVERWRITE /
/// IF NOT EXISTS); applied versions are recorded in `schema_version` and
/// not applied again.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("schema/0001_foundation.surql")),
    (2, include_str!("schema/0002_audit.surql")),
    (3, include_str!("schema/0003_directories.surql")),
    (4, include_str!("schema/0004_chat_events.surql")),
    (5, include_str!("schema/0005_topics_search.surql")),
    (6, include_str!("schema/0006_profile.surql")),
    (7, include_str!("schema/0007_client_panel_block.surql")),
    (8, include_str!("schema/0008_clients.surql")),
    (9, include_str!("schema/0009_meetings.surql")),
    (10, include_str!("schema/0010_auto_away.surql")),
    (11, include_str!("schema/0011_history_actions.surql")),
    (12, include_str!("schema/0012_chat_requests.surql")),
    (13, include_str!("schema/0013_last_author_id.surql")),
    (14, include_str!("schema/0014_field_on_panel.surql")),
    (15, include_str!("schema/0015_visitor_events.surql")),
    (16, include_str!("schema/0016_push.surql")),
    (17, include_str!("schema/0017_notes.surql")),
    (18, include_str!("schema/0018_saved_replies.surql")),
    (19, include_str!("schema/0019_mentions.surql")),
    (20, include_str!("schema/0020_ratings.surql")),
    (21, include_str!("schema/0021_room_hours.surql")),
    (22, include_str!("schema/0022_block_address.surql")),
    (23, include_str!("schema/0023_files.surql")),
    (24, include_str!("schema/0024_email_channel.surql")),
    (25, include_str!("schema/0025_telegram.surql")),
    (26, include_str!("schema/0026_leases.surql")),
    (27, include_str!("schema/0027_message_search.surql")),
    (28, include_str!("schema/0028_media_server.surql")),
];

/// Default: an embedded SurrealKV store under `data/`: the checkout's own
/// folder in development builds (`make run`), the working directory otherwise.
pub fn default_url() -> String {
    if cfg!(debug_assertions) {
        format!("surrealkv://{}/data/chats.db", env!("CARGO_MANIFEST_DIR"))
    } else {
        "surrealkv://data/chats.db".to_string()
    }
}

/// Connects to `url` (`mem://`, `surrealkv://path` or `ws://host:port`) and
/// brings the schema up to date.
pub async fn open(url: &str) -> anyhow::Result<Db> {
    if let Some(path) = crate::server::store::wal_guard::surrealkv_path(url) {
        if let Some(segment) = crate::server::store::wal_guard::start_new_wal_segment(std::path::Path::new(path))? {
            tracing::debug!("this session writes WAL segment {segment}");
        }
    }
    let db = connect(url).await?;
    if is_server(url) {
        sign_in(&db).await?;
    }
    db.use_ns("chats").use_db("chats").await?;
    if is_server(url) {
        // Several app nodes may start at once on one database server.
        migrate_locked(&db).await?;
    } else {
        migrate(&db).await?;
    }
    Ok(db)
}

/// Whether `url` names a database server (as against an embedded store).
pub fn is_server(url: &str) -> bool {
    url.starts_with("ws") || url.starts_with("http")
}

/// Signs in to the database server as `DATABASE_USER`/`DATABASE_PASS`.
async fn sign_in(db: &Db) -> Result<(), surrealdb::Error> {
    let user = std::env::var("DATABASE_USER").unwrap_or_else(|_| "root".into());
    let pass = std::env::var("DATABASE_PASS").unwrap_or_else(|_| "root".into());
    db.signin(surrealdb::opt::auth::Root { username: user, password: pass }).await?;
    Ok(())
}

/// Keeps the session on a database server (#17): a server that restarted
/// forgets it, and the client's new connection starts anonymous, so every
/// query would be refused. Checked every second; signed in again then.
pub fn spawn_session_keeper(db: std::sync::Arc<Db>) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            // Needs the session: refused to an anonymous connection.
            let probe = db.query("INFO FOR DB").await.and_then(|r| r.check());
            let Err(error) = probe else { continue };
            if unreachable_text(&error.to_string()) {
                continue;
            }
            tracing::warn!("database server: the session is gone ({error}); signing in again");
            let renewed = async {
                sign_in(&db).await?;
                db.use_ns("chats").use_db("chats").await
            };
            if let Err(error) = renewed.await {
                tracing::warn!("database server: signing in again failed: {error}");
            }
        }
    });
}

/// Whether an error's text says the database server could not be reached.
pub fn unreachable_text(text: &str) -> bool {
    let text = text.to_lowercase();
    ["connection reset", "connection refused", "connection closed", "not connected", "broken pipe", "connection was closed"].iter().any(|sign| text.contains(sign))
}

/// How long the schema lock lasts without renewal: a node that dies while
/// migrating holds the others back at most this long.
const SCHEMA_LOCK_TTL_MS: i64 = 30_000;

/// Applies the schema under a lock in the database, so that of several nodes
/// starting together one migrates while the others wait, then find nothing
/// left to apply. The holder renews the lock while it works; a lock left by
/// a node that died lapses after [`SCHEMA_LOCK_TTL_MS`].
async fn migrate_locked(db: &Db) -> anyhow::Result<()> {
    let me = crate::server::clock::new_key();
    db.query("DEFINE TABLE IF NOT EXISTS schema_lock SCHEMALESS").await?.check()?;
    let mut waited = false;
    loop {
        let now = crate::server::clock::now_ms();
        let taken = db
            .query(
                "DELETE schema_lock WHERE until_ms < $now;
                 CREATE schema_lock:migrate SET holder = $me, until_ms = $until;",
            )
            .bind(("now", now))
            .bind(("me", me.clone()))
            .bind(("until", now + SCHEMA_LOCK_TTL_MS))
            .await
            .and_then(|r| r.check());
        match taken {
            Ok(_) => break,
            Err(error) if is_conflict(&error) || error.to_string().contains("already exists") => {
                if !waited {
                    tracing::info!("another node is applying the schema; waiting for it");
                    waited = true;
                }
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            }
            Err(error) => return Err(error.into()),
        }
    }
    let renewing = {
        let db = db.clone();
        let me = me.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(u64::try_from(SCHEMA_LOCK_TTL_MS / 3).unwrap_or(10_000))).await;
                let _ = db
                    .query("UPDATE schema_lock:migrate SET until_ms = $until WHERE holder = $me")
                    .bind(("until", crate::server::clock::now_ms() + SCHEMA_LOCK_TTL_MS))
                    .bind(("me", me.clone()))
                    .await;
            }
        })
    };
    let migrated = migrate(db).await;
    renewing.abort();
    let released = db.query("DELETE schema_lock:migrate WHERE holder = $me").bind(("me", me)).await.and_then(|r| r.check());
    migrated?;
    released?;
    Ok(())
}

async fn migrate(db: &Db) -> Result<(), surrealdb::Error> {
    db.query(
        "DEFINE TABLE IF NOT EXISTS schema_version SCHEMAFULL;
         DEFINE FIELD IF NOT EXISTS applied_ms ON schema_version TYPE int;",
    )
    .await?
    .check()?;
    // Versions already applied are skipped: re-running a file would rebuild
    // its indexes (the full-text one over every message) at every start.
    let applied: Vec<i64> = db
        .query("SELECT VALUE record::id(id) FROM schema_version")
        .await?
        .check()?
        .take(0)?;
    for (version, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        db.query(*sql).await?.check()?;
        db.query("UPSERT type::record('schema_version', $v) SET applied_ms = $now")
            .bind(("v", *version))
            .bind(("now", crate::server::clock::now_ms()))
            .await?
            .check()?;
    }
    Ok(())
}

/// Takes statement `index` of a response as typed rows of `T`
/// (`#[derive(SurrealValue)]`, record links as `RecordId`).
pub fn rows<T: SurrealValue>(response: &mut IndexedResults, index: usize) -> ServiceResult<Vec<T>> {
    response.take::<Vec<T>>(index).context("database: unexpected row shape", None)
}

/// The first row of statement `index`, if any.
pub fn first<T: SurrealValue>(response: &mut IndexedResults, index: usize) -> ServiceResult<Option<T>> {
    Ok(rows(response, index)?.into_iter().next())
}

/// Whether statement `index` returned anything at all.
pub fn exists(response: &mut IndexedResults, index: usize) -> ServiceResult<bool> {
    Ok(!rows::<Value>(response, index)?.is_empty())
}

/// How many rows statement `index` returned.
pub fn count(response: &mut IndexedResults, index: usize) -> ServiceResult<usize> {
    Ok(rows::<Value>(response, index)?.len())
}

/// A write that lost an optimistic-concurrency race; running it again is safe.
pub fn is_conflict(error: &surrealdb::Error) -> bool {
    let text = error.to_string();
    text.contains("can be retried") || text.contains("conflict") || text.contains("failed transaction")
}

/// How many times a conflicting write is tried before giving up.
pub const WRITE_ATTEMPTS: usize = 8;

static CONFLICTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Write conflicts retried so far in this process (#18): benchmarks print
/// it, and tests/contention.rs (alone in its process) checks it.
pub fn conflicts_retried() -> u64 {
    CONFLICTS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Runs `attempt` again while it loses an optimistic-concurrency race, at most
/// [`WRITE_ATTEMPTS`] times; any other outcome is returned at once. A write
/// that conflicts on every attempt is a 500 named by `operation` and `id`.
pub async fn retry_on_conflict<T, F, Fut>(operation: &'static str, id: Option<&str>, mut attempt: F) -> ServiceResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ServiceResult<T>>,
{
    for _ in 0..WRITE_ATTEMPTS {
        match attempt().await {
            Err(ServiceError::Database { source, .. }) if is_conflict(&source) => {
                CONFLICTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                continue;
            }
            Err(error) => return Err(error.with_context(operation, id)),
            Ok(value) => return Ok(value),
        }
    }
    Err(ServiceError::internal_from(operation, id, "write conflicts on every attempt"))
}

/// The outcome of a `CREATE` of a record whose key the browser chose once per
/// dialog: true if this call made it, false if an earlier or racing call with
/// the same key already had (an idempotent retry), or the error.
pub fn made_now(created: Result<IndexedResults, surrealdb::Error>) -> ServiceResult<bool> {
    match created {
        Ok(_) => Ok(true),
        Err(e) if e.to_string().contains("already exists") => Ok(false),
        Err(e) => Err(e.into()),
    }
}
