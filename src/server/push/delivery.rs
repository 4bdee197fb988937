//! The push queue: jobs stored in `push_job`, so a restart loses none,
//! sent by one worker off every request's path, retried with backoff, and
//! a subscription the push service calls gone (404, 410) removed.

use std::time::Duration;

use base64::Engine as _;
use surrealdb::types::{RecordId, SurrealValue};

use crate::model::push::PushPayload;
use crate::server::clock::now_ms;
use crate::server::error::ServiceResult;
use crate::server::state::AppState;
use crate::server::store::db::rows;
use crate::server::store::records::key;

use super::keys;
use super::subscriptions::{self, SubscriptionRow, B64URL};

/// Tries before a job is given up.
const MAX_ATTEMPTS: i64 = 8;
/// Jobs sent per round.
const BATCH: i64 = 20;
/// How long a push may wait at the push service for the device (and the
/// VAPID token's life): a notification about a chat is stale after a day.
const TTL: Duration = Duration::from_secs(12 * 3600);

/// Queues `payload` for each of the subscriptions, and wakes the worker.
pub async fn enqueue(state: &AppState, subscriptions: &[SubscriptionRow], payload: &PushPayload, urgency: &'static str) -> ServiceResult<()> {
    let now = now_ms();
    for subscription in subscriptions {
        let payload = PushPayload { lang: subscription.lang.clone(), ..payload.clone() };
        let text = serde_json::to_string(&payload).map_err(|e| crate::server::error::ServiceError::internal_from("push payload", None, e))?;
        state
            .db
            .query("CREATE push_job SET subscription = $subscription, payload = $payload, urgency = $urgency, attempts = 0, next_ms = $now, created_ms = $now")
            .bind(("subscription", subscription.id.clone()))
            .bind(("payload", text))
            .bind(("urgency", urgency.to_string()))
            .bind(("now", now))
            .await?
            .check()?;
    }
    state.push.wake.notify_one();
    Ok(())
}

#[derive(SurrealValue)]
struct JobRow {
    id: RecordId,
    payload: String,
    urgency: String,
    attempts: i64,
    subscription: Option<SubscriptionRow>,
}

/// What the push service answered.
enum Outcome {
    Delivered,
    Gone,
    Failed(String),
}

/// Starts the worker that drains the queue (also after a restart).
pub fn spawn_worker(state: AppState) {
    tokio::spawn(async move {
        loop {
            match round(&state).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => tracing::warn!("push delivery round failed: {error}"),
            }
            // Woken by a new job, or at the next retry's time at the latest.
            let _ = tokio::time::timeout(Duration::from_secs(2), state.push.wake.notified()).await;
        }
    });
}

/// Sends the jobs that are due; whether there may be more.
async fn round(state: &AppState) -> ServiceResult<bool> {
    let mut response = state
        .db
        .query(
            "SELECT id, payload, urgency, attempts,
                (SELECT id, employee, endpoint, p256dh, auth, lang FROM ONLY $parent.subscription) AS subscription
             FROM push_job WHERE next_ms <= $now ORDER BY next_ms LIMIT $batch",
        )
        .bind(("now", now_ms()))
        .bind(("batch", BATCH))
        .await?;
    let jobs: Vec<JobRow> = rows(&mut response, 0)?;
    let full = jobs.len() as i64 == BATCH;
    let sends = jobs.into_iter().map(|job| async move {
        let Some(subscription) = job.subscription.as_ref() else {
            // Its subscription was removed meanwhile.
            return state.db.query("DELETE $id").bind(("id", job.id.clone())).await.map(|_| ()).map_err(Into::into);
        };
        match send(state, subscription, &job.payload, &job.urgency).await {
            Outcome::Delivered => {
                state.db.query("DELETE $id").bind(("id", job.id.clone())).await?.check()?;
            }
            Outcome::Gone => {
                tracing::info!("push subscription {} is gone; removed", key(&subscription.id));
                subscriptions::remove_gone(state, &subscription.id).await?;
            }
            Outcome::Failed(why) if job.attempts + 1 >= MAX_ATTEMPTS => {
                tracing::warn!("push to {} given up after {} tries: {why}", key(&subscription.id), job.attempts + 1);
                state.db.query("DELETE $id").bind(("id", job.id.clone())).await?.check()?;
            }
            Outcome::Failed(why) => {
                // 2 s, 4 s, 8 s … up to 10 minutes.
                let wait = (2_000i64 << job.attempts.min(10)).min(600_000);
                tracing::debug!("push to {} failed ({why}); again in {wait} ms", key(&subscription.id));
                state
                    .db
                    .query("UPDATE $id SET attempts += 1, next_ms = $next")
                    .bind(("id", job.id.clone()))
                    .bind(("next", now_ms() + wait))
                    .await?
                    .check()?;
            }
        }
        Ok::<(), crate::server::error::ServiceError>(())
    });
    for result in futures::future::join_all(sends).await {
        result?;
    }
    Ok(full)
}

/// Encrypts `payload` for the subscription (RFC 8291), signs it (RFC 8292)
/// and posts it to the push service.
async fn send(state: &AppState, subscription: &SubscriptionRow, payload: &str, urgency: &str) -> Outcome {
    let request = match build(state, subscription, payload, urgency) {
        Ok(request) => request,
        // A subscription that cannot be used will never be: drop it.
        Err(error) => {
            tracing::warn!("push subscription {} unusable ({error}); removed", key(&subscription.id));
            return Outcome::Gone;
        }
    };
    match state.push.http.execute(request).await {
        Ok(response) => match response.status().as_u16() {
            200..=299 => Outcome::Delivered,
            404 | 410 => Outcome::Gone,
            status => Outcome::Failed(format!("HTTP {status}: {}", response.text().await.unwrap_or_default().chars().take(200).collect::<String>())),
        },
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

fn build(state: &AppState, subscription: &SubscriptionRow, payload: &str, urgency: &str) -> anyhow::Result<reqwest::Request> {
    let endpoint = reqwest::Url::parse(&subscription.endpoint)?;
    let browser_key = web_push_native::p256::PublicKey::from_sec1_bytes(&B64URL.decode(&subscription.p256dh)?)?;
    let secret = B64URL.decode(&subscription.auth)?;
    anyhow::ensure!(secret.len() == 16, "the auth secret is not 16 bytes");
    let body = web_push_native::encrypt(payload.as_bytes().to_vec(), &browser_key, &web_push_native::Auth::clone_from_slice(&secret))?;
    let authorization = keys::authorization(&state.push.key, &endpoint, &state.push.subject, TTL)?;
    Ok(state
        .push
        .http
        .post(endpoint)
        .header("TTL", TTL.as_secs().to_string())
        .header("Urgency", urgency)
        .header("Content-Encoding", "aes128gcm")
        .header("Content-Type", "application/octet-stream")
        .header("Authorization", authorization)
        .body(body)
        .build()?)
}
