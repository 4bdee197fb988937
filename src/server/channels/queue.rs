//! The outbound queue (#16): an employee's answer in an e-mail or Telegram
//! chat is queued on the message row in the send's own transaction; this
//! worker hands it to the chat's channel and records sent, a retry with
//! backoff, or failed with the other side's words.
//!
//! Nothing is sent twice on purpose: a worker leases a message before
//! sending (one node, one worker at a time). For e-mail, every mail's
//! Message-ID is made from its message, so the one case left (a crash
//! between the server's acceptance and our mark) resends the same
//! Message-ID, which mail clients show once.

use std::time::Duration;

use surrealdb::types::{RecordId, SurrealValue};

use crate::model::channel::reason;
use crate::server::clock::now_ms;
use crate::server::error::ServiceResult;
use crate::server::state::AppState;
use crate::server::store::db::{first, rows};
use crate::server::store::records::key;

/// Tries before a temporary failure counts as final.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a worker holds a message it is sending.
const LEASE_MS: i64 = 60_000;

/// The pause before try `attempt` + 1: 5 s, 10 s, 20 s … at most 15 min.
pub fn backoff_ms(attempt: i64) -> i64 {
    (5_000i64 << attempt.clamp(0, 20)).min(15 * 60_000)
}

#[derive(SurrealValue)]
struct DueRow {
    id: RecordId,
}

/// Sends every answer that is due, then waits for the next one (woken by a
/// new answer, or every few seconds for retries).
pub fn spawn_worker(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(error) = send_due(&state).await {
                tracing::warn!("outbound queue: {error}");
            }
            tokio::select! {
                _ = state.channels.outbound.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(2)) => {}
            }
        }
    });
}

/// One pass over the due answers; how many were tried.
pub async fn send_due(state: &AppState) -> ServiceResult<usize> {
    let now = now_ms();
    let mut response = state
        .db
        .query("SELECT id FROM message WHERE delivery = 'queued' AND (delivery_next_ms = NONE OR delivery_next_ms <= $now) LIMIT 20")
        .bind(("now", now))
        .await?;
    let due = rows::<DueRow>(&mut response, 0)?;
    let mut tried = 0;
    for row in due {
        // The lease: only the worker whose update took the row sends it.
        let mut response = state
            .db
            .query("UPDATE $message SET delivery_next_ms = $lease WHERE delivery = 'queued' AND (delivery_next_ms = NONE OR delivery_next_ms <= $now) RETURN VALUE id")
            .bind(("message", row.id.clone()))
            .bind(("lease", now + LEASE_MS))
            .bind(("now", now))
            .await?;
        let taken: Vec<RecordId> = response.take(0).unwrap_or_default();
        if taken.is_empty() {
            continue;
        }
        tried += 1;
        let outcome = match send_one(state, &row.id).await {
            Ok(outcome) => outcome,
            Err(error) => Outcome::Temporary { error: error.to_string(), retry_after_ms: None },
        };
        record_outcome(state, &row.id, outcome).await?;
    }
    Ok(tried)
}

/// What one try came to.
pub enum Outcome {
    /// Taken by the other side; `mail` is the sent mail's log row, for e-mail.
    Sent { mail: Option<crate::server::channels::email::send::SentMail> },
    /// Try again later (after `retry_after_ms` if the other side said so).
    Temporary { error: String, retry_after_ms: Option<i64> },
    /// Refused for good.
    Permanent(String),
}

#[derive(SurrealValue)]
struct KindRow {
    kind: Option<String>,
}

async fn send_one(state: &AppState, message: &RecordId) -> ServiceResult<Outcome> {
    let mut response = state.db.query("SELECT chat.source.kind AS kind FROM $message").bind(("message", message.clone())).await?;
    let kind = first::<KindRow>(&mut response, 0)?.and_then(|r| r.kind);
    match kind.as_deref() {
        Some("email") => crate::server::channels::email::send::send_answer(state, message).await,
        Some("messenger") => crate::server::channels::telegram::send::send_answer(state, message).await,
        _ => Ok(Outcome::Permanent(reason::NO_CHANNEL.into())),
    }
}

async fn record_outcome(state: &AppState, message: &RecordId, outcome: Outcome) -> ServiceResult<()> {
    let now = now_ms();
    match outcome {
        Outcome::Sent { mail: None } => {
            state
                .db
                .query("UPDATE $message SET delivery = 'sent', delivery_error = NONE, delivery_next_ms = NONE, delivery_attempts = (delivery_attempts ?? 0) + 1")
                .bind(("message", message.clone()))
                .await?
                .check()?;
        }
        Outcome::Sent { mail: Some(mail) } => {
            state
                .db
                .query(
                    "BEGIN;
                     UPDATE $message SET delivery = 'sent', delivery_error = NONE, delivery_next_ms = NONE, delivery_attempts = (delivery_attempts ?? 0) + 1;
                     CREATE mail SET source = $source, message_id = $message_id, direction = 'out', outcome = 'sent', chat = $chat, message = $message, subject = $subject, address = $to, at_ms = $now;
                     COMMIT;",
                )
                .bind(("message", message.clone()))
                .bind(("source", mail.source))
                .bind(("message_id", mail.message_id))
                .bind(("chat", mail.chat))
                .bind(("subject", mail.subject))
                .bind(("to", mail.to))
                .bind(("now", now))
                .await?
                .check()?;
        }
        Outcome::Temporary { error, retry_after_ms } => {
            let mut response = state.db.query("SELECT VALUE delivery_attempts FROM $message").bind(("message", message.clone())).await?;
            let attempts = first::<Option<i64>>(&mut response, 0)?.flatten().unwrap_or(0) + 1;
            tracing::info!("answer {}: try {attempts} failed: {error}", key(message));
            let (sql, next) = if attempts >= MAX_ATTEMPTS {
                ("UPDATE $message SET delivery = 'failed', delivery_error = $error, delivery_attempts = $attempts, delivery_next_ms = NONE", None)
            } else {
                ("UPDATE $message SET delivery = 'queued', delivery_error = $error, delivery_attempts = $attempts, delivery_next_ms = $next", Some(now + retry_after_ms.unwrap_or_else(|| backoff_ms(attempts - 1))))
            };
            state.db.query(sql).bind(("message", message.clone())).bind(("error", error)).bind(("attempts", attempts)).bind(("next", next)).await?.check()?;
        }
        Outcome::Permanent(error) => {
            tracing::info!("answer {} refused: {error}", key(message));
            state
                .db
                .query("UPDATE $message SET delivery = 'failed', delivery_error = $error, delivery_next_ms = NONE, delivery_attempts = (delivery_attempts ?? 0) + 1")
                .bind(("message", message.clone()))
                .bind(("error", error))
                .await?
                .check()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn retries_back_off_to_a_quarter_hour() {
        assert_eq!(super::backoff_ms(0), 5_000);
        assert_eq!(super::backoff_ms(1), 10_000);
        assert_eq!(super::backoff_ms(3), 40_000);
        assert_eq!(super::backoff_ms(30), 15 * 60_000);
    }
}
