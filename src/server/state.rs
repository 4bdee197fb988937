//! What every request handler shares: the database and the live hub.

use std::sync::Arc;

use surrealdb::engine::any::Any;
use surrealdb::Surreal;

use crate::server::limits::Limits;
use crate::server::people::address_limit::AddressLimiter;
use crate::server::people::passwords::Passwords;
use crate::server::people::sign_in_limit::PairLimiter;
use crate::server::meetings::calls::Calls;
use crate::server::live::Hub;

pub type Db = Surreal<Any>;

/// How long a request's work on the workers may take before the caller is
/// told the database is not answering.
pub const WORK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Clone)]
pub struct AppState {
    /// Shared, never cloned: cloning a SurrealDB 3 handle opens a new engine
    /// session (three concurrent maps, never freed while the datastore
    /// lives), and axum clones the state for every request. Cloning handles
    /// per request cost ~10 ms of CPU and megabytes of memory per message
    /// under load (see docs/performance.md).
    pub db: Arc<Db>,
    pub hub: Arc<Hub>,
    /// Every chat's summary and the read positions in use, kept by the fan-out:
    /// the lists' pages and exact counters (#12).
    pub chat_index: Arc<crate::server::live::ChatIndex>,
    /// Failed sign-ins per network address, whichever accounts.
    pub sign_ins: Arc<AddressLimiter>,
    /// Failed sign-ins per (account, address) pair.
    pub sign_in_pairs: Arc<PairLimiter>,
    /// Argon2 hashing and checking, off the async runtime and bounded.
    pub passwords: Arc<Passwords>,
    /// Wrong meeting IDs per network address (guessing a meeting's link).
    pub meeting_codes: Arc<AddressLimiter>,
    /// Rate limits per address, room, visitor and token (`LIMIT_*` settings).
    pub limits: Arc<Limits>,
    /// The message writer (#18): sends wait here and are written many to a
    /// transaction. Under overload they queue instead of contending in the
    /// store, so throughput stays at its peak instead of collapsing.
    pub sends: Arc<crate::server::chats::group_commit::GroupCommit>,
    /// Running video calls and guest passes (held in memory).
    pub calls: Arc<Calls>,
    /// The server's multi-threaded runtime. Dioxus runs server functions on a
    /// pool of single-threaded runtimes, where the embedded database's work
    /// for them would stay on one thread; the hot ones move here (see
    /// [`AppState::on_workers`]).
    pub runtime: tokio::runtime::Handle,
    /// The one-time token the first administrator's setup asks for, printed
    /// to the server's log at start (the first caller must have that log).
    pub setup_token: Arc<str>,
    /// Web Push: the VAPID key, who is subscribed, the delivery worker's bell.
    pub push: Arc<crate::server::push::Push>,
    /// Attached files' bytes (#14).
    pub files: Arc<crate::server::store::files::Files>,
    /// E-mail sources: the secrets key, each mailbox's health, the queue's bell (#16).
    pub channels: Arc<crate::server::channels::Channels>,
    /// This process's name among the nodes that share a database (#17):
    /// random at each start, the holder of its leases.
    pub node: Arc<str>,
    /// Events that live in memory, to and from the other nodes (#17); off on one node.
    pub bus: Arc<crate::server::cluster::bus::Bus>,
    /// Set when the node starts stopping (SIGTERM, #17): see `cluster::drain`.
    pub draining: Arc<tokio::sync::watch::Sender<bool>>,
}

impl AppState {
    /// Runs `work` on the server's multi-threaded runtime, so that database
    /// work spreads over every core; the caller waits for its answer. A
    /// request dropped half-way (the browser went away) still finishes its
    /// write, which a retry with the same client id then finds.
    pub async fn on_workers<T, Fut>(&self, work: impl FnOnce(AppState) -> Fut) -> Result<T, crate::server::error::ServiceError>
    where
        Fut: std::future::Future<Output = Result<T, crate::server::error::ServiceError>> + Send + 'static,
        T: Send + 'static,
    {
        // A database that does not answer (a database server restarting) is
        // told as such, not waited on for ever; the work still finishes in
        // the background, and a retry with the same client id finds it.
        match tokio::time::timeout(WORK_TIMEOUT, self.runtime.spawn(work(self.clone()))).await {
            Ok(Ok(result)) => result,
            Ok(Err(error)) => Err(crate::server::error::ServiceError::internal_from("request task", None, error)),
            Err(_) => Err(crate::model::problem::Problem::StorageUnavailable { retry_secs: crate::server::error::STORAGE_RETRY_SECS }.into()),
        }
    }
}

/// The caller's network address, when the server knows it (see `startup`).
#[derive(Clone, Copy, Debug, Default)]
pub struct PeerAddress(pub Option<std::net::IpAddr>);
