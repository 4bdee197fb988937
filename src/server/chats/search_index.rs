//! The full-text index of messages, kept off the send path (#18): a send
//! only queues its message (`search_pending`, one tiny row in the send's own
//! transaction), and this indexer copies queued messages into
//! `message_search`, whose text carries the full-text index, many to a
//! transaction. Words in messages (the filter, W9) are found within about a
//! second of the send. The queue is durable: a message committed just
//! before a crash is indexed after the restart, by whichever node runs the
//! indexer then.

use std::time::Duration;

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::error::ServiceResult;
use crate::server::state::AppState;
use crate::server::store::db::{retry_on_conflict, rows};

/// The most messages indexed in one transaction.
pub const BATCH: usize = 500;

/// How long the indexer lets sends gather after it is woken.
const GATHER: Duration = Duration::from_millis(100);

/// How often the queue is looked at without a wake-up: messages written by
/// another node, a lease taken over, a batch that failed.
const POLL: Duration = Duration::from_millis(500);

/// The indexer's lease (#17): one node of a cluster indexes.
const JOB: &str = "search_index";

#[derive(SurrealValue, Clone)]
struct Queued {
    id: RecordId,
    chat: RecordId,
    text: String,
}

/// Indexes up to [`BATCH`] queued messages in one transaction, and takes
/// them off the queue (a queued message that was erased meanwhile just
/// leaves it); how many were taken. Running it twice at once is harmless:
/// both write the same rows.
pub async fn index_pending(state: &AppState) -> ServiceResult<usize> {
    let mut response = state
        .db
        .query("SELECT VALUE id FROM search_pending LIMIT $batch")
        .bind(("batch", BATCH))
        .await?
        .check()?;
    let pending: Vec<RecordId> = rows(&mut response, 0)?;
    if pending.is_empty() {
        return Ok(0);
    }
    let messages: Vec<RecordId> = pending.iter().map(|p| RecordId::new("message", p.key.clone())).collect();
    let mut response = state.db.query("SELECT id, chat, text FROM $messages").bind(("messages", messages)).await?.check()?;
    let found: Vec<Queued> = rows(&mut response, 0)?;
    let searchable: Vec<Queued> = found.into_iter().map(|q| Queued { id: RecordId::new("message_search", q.id.key), ..q }).collect();
    retry_on_conflict("index messages", None, || async {
        state
            .db
            // A message's text never changes, so a row indexed already (by
            // a racing run) is the same row: IGNORE skips it.
            .query("BEGIN; INSERT IGNORE INTO message_search $rows; DELETE $pending; COMMIT;")
            .bind(("rows", searchable.clone()))
            .bind(("pending", pending.clone()))
            .await?
            .check()?;
        Ok(())
    })
    .await?;
    Ok(pending.len())
}

/// Indexes until the queue is empty; how many messages that took.
pub async fn catch_up(state: &AppState) -> ServiceResult<usize> {
    let mut total = 0;
    loop {
        let done = index_pending(state).await?;
        total += done;
        if done < BATCH {
            return Ok(total);
        }
    }
}

/// Runs the indexer for as long as the server does: woken by this node's
/// sends (`GroupCommit::committed`), and every [`POLL`] for the rest, on the node
/// that holds the lease.
pub fn spawn(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut holder = false;
        let mut lease_checked = tokio::time::Instant::now() - crate::server::cluster::lease::TTL;
        loop {
            if lease_checked.elapsed() >= crate::server::cluster::lease::TTL / 3 {
                holder = crate::server::cluster::lease::acquire(&state, JOB, crate::server::cluster::lease::TTL).await.unwrap_or(false);
                lease_checked = tokio::time::Instant::now();
            }
            if holder {
                if let Err(error) = catch_up(&state).await {
                    tracing::warn!("message search index: {error}");
                }
            }
            let woken = tokio::time::timeout(POLL, state.sends.committed.notified()).await.is_ok();
            if woken {
                tokio::time::sleep(GATHER).await;
            }
        }
    });
}
