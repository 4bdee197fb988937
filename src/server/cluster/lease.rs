//! Leases in the database (#17): a named job runs on the one node holding
//! its lease. The holder renews it well before it lapses; a node that dies
//! stops renewing, and another takes the job after `ttl`. With one node (the
//! embedded database) the lease is always this node's.

use std::time::Duration;

use surrealdb::types::RecordId;

use crate::server::clock::now_ms;
use crate::server::error::ServiceResult;
use crate::server::state::AppState;
use crate::server::store::records::record;

/// How long a lease lasts without renewal.
pub const TTL: Duration = Duration::from_secs(30);

/// Takes or renews the lease on `job` for this node; `false` while another
/// live node holds it.
pub async fn acquire(state: &AppState, job: &str, ttl: Duration) -> ServiceResult<bool> {
    let lease = lease_record(job)?;
    let now = now_ms();
    let until = now + i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    // One statement: the update takes a lease that is ours or lapsed; a
    // missing one is created. Two nodes racing conflict in the store, and
    // the loser reads that the other holds it.
    let result = state
        .db
        .query(
            "IF (SELECT VALUE id FROM $lease) = [] {
                 CREATE $lease SET holder = $me, until_ms = $until;
             } ELSE {
                 UPDATE $lease SET holder = $me, until_ms = $until WHERE holder = $me OR until_ms < $now;
             };
             SELECT VALUE holder FROM $lease;",
        )
        .bind(("lease", lease))
        .bind(("me", state.node.to_string()))
        .bind(("until", until))
        .bind(("now", now))
        .await
        .and_then(|r| r.check());
    match result {
        Ok(mut response) => {
            let holder: Vec<String> = response.take(1)?;
            Ok(holder.first().map(String::as_str) == Some(state.node.as_ref()))
        }
        // Lost a race to create or renew: someone else holds it now.
        Err(error) if crate::server::store::db::is_conflict(&error) || error.to_string().contains("already exists") => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// Gives up the lease on `job`, if this node holds it (a clean stop).
pub async fn release(state: &AppState, job: &str) -> ServiceResult<()> {
    state
        .db
        .query("DELETE $lease WHERE holder = $me")
        .bind(("lease", lease_record(job)?))
        .bind(("me", state.node.to_string()))
        .await?
        .check()?;
    Ok(())
}

/// Gives up every lease this node holds (it is stopping).
pub async fn release_all(state: &AppState) -> ServiceResult<()> {
    state.db.query("DELETE lease WHERE holder = $me").bind(("me", state.node.to_string())).await?.check()?;
    Ok(())
}

fn lease_record(job: &str) -> ServiceResult<RecordId> {
    // Job names are ours (`mailbox_<room>`, `telegram_<room>`): keys.
    record("lease", job)
}

/// Runs `work` while this node holds the lease on `job`: waits for it,
/// renews it every third of [`TTL`], and stops `work` (dropping it) when the
/// lease is lost.
pub async fn while_held<F>(state: &AppState, job: &str, work: F)
where
    F: std::future::Future<Output = ()>,
{
    let renew_every = TTL / 3;
    loop {
        if crate::server::cluster::drain::is_draining(state) {
            return;
        }
        match acquire(state, job, TTL).await {
            Ok(true) => break,
            Ok(false) => {}
            Err(error) => tracing::warn!("lease {job}: {error}"),
        }
        tokio::time::sleep(renew_every).await;
    }
    tokio::pin!(work);
    loop {
        tokio::select! {
            _ = &mut work => {
                let _ = release(state, job).await;
                return;
            }
            // Stopping: the work ends here, and the lease is given up for another node.
            _ = crate::server::cluster::drain::drained(state) => {
                let _ = release(state, job).await;
                return;
            }
            _ = tokio::time::sleep(renew_every) => {
                match acquire(state, job, TTL).await {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!("lease {job}: taken by another node; stopping here");
                        return;
                    }
                    Err(error) => tracing::warn!("lease {job}: renewal failed: {error}"),
                }
            }
        }
    }
}
