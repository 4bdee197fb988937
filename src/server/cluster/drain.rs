//! Stopping a node gently (#17). On SIGTERM it reports itself not ready, so
//! the balancer sends new work elsewhere; refuses new live sockets; closes the
//! open ones, whose browsers reconnect through the balancer to another node
//! and catch up; gives up its leases, so another node takes over its
//! mailboxes and bots at once; and lets the requests in flight (a send)
//! finish before the process ends.

use crate::server::state::AppState;

/// How long requests in flight may take after SIGTERM before the process ends anyway.
pub const GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Whether this node is stopping.
pub fn is_draining(state: &AppState) -> bool {
    *state.draining.borrow()
}

/// Waits until this node starts stopping.
pub async fn drained(state: &AppState) {
    let mut draining = state.draining.subscribe();
    let _ = draining.wait_for(|draining| *draining).await;
}

/// Starts stopping: not ready, sockets closed, leases given up.
pub async fn drain(state: &AppState) {
    state.draining.send_replace(true);
    let closed = state.hub.close_all();
    // A database that is gone too must not hold the stop up: the leases then lapse.
    match tokio::time::timeout(std::time::Duration::from_secs(2), crate::server::cluster::lease::release_all(state)).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::warn!("draining: the leases stay until they lapse: {error}"),
        Err(_) => tracing::warn!("draining: the database did not answer; the leases stay until they lapse"),
    }
    tracing::info!("draining: {closed} live connections closed (they reconnect elsewhere), leases released; finishing the requests in flight");
}

/// SIGTERM (a service manager, a container runtime) or Ctrl-C.
pub async fn stop_requested() {
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(error) => {
                tracing::warn!("SIGTERM cannot be caught ({error}); Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = terminate.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
