//! The outbound queue (#16): an employee's answer in an e-mail chat is
//! queued on the message row in the send's own transaction; this worker
//! mails it to the client, threaded under the mail it answers, and records
//! sent, a retry with backoff, or failed with the server's words.
//!
//! Nothing is sent twice on purpose: a worker leases a message before
//! sending (one node, one worker at a time), and every mail's Message-ID is
//! made from its message, so the one case left (a crash between the
//! server's acceptance and our mark) resends the same Message-ID, which
//! mail clients show once.

use std::time::Duration;

use futures::StreamExt as _;
use lettre::message::{header::ContentType, Attachment as MailAttachment, Mailbox as Address, MultiPart, SinglePart};
use lettre::AsyncTransport as _;
use surrealdb::types::{RecordId, SurrealValue};

use crate::model::channel::reply_subject;
use crate::server::channels::email::connect::{smtp, smtp_error};
use crate::server::channels::email::receive::source_of;
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
            match send_due(&state).await {
                Ok(_) => {}
                Err(error) => tracing::warn!("mail queue: {error}"),
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
        let outcome = send_one(state, &row.id).await;
        record_outcome(state, &row.id, outcome).await?;
    }
    Ok(tried)
}

/// What one try came to.
enum Outcome {
    Sent { message_id: String, subject: String, to: String, chat: RecordId, source: RecordId },
    Temporary(String),
    Permanent(String),
}

#[derive(SurrealValue)]
struct AnswerRow {
    chat: RecordId,
    text: String,
    author_name: String,
    room: RecordId,
    email: Option<String>,
}

#[derive(SurrealValue)]
struct ThreadRow {
    message_id: String,
    subject: String,
    direction: String,
}

#[derive(SurrealValue)]
struct FileRow {
    name: String,
    mime: String,
    path: String,
}

async fn send_one(state: &AppState, message: &RecordId) -> Outcome {
    match build_and_send(state, message).await {
        Ok(outcome) => outcome,
        Err(error) => Outcome::Temporary(error.to_string()),
    }
}

async fn build_and_send(state: &AppState, message: &RecordId) -> ServiceResult<Outcome> {
    let mut response = state
        .db
        .query("SELECT chat, text, author_name, chat.room AS room, chat.user.email AS email FROM $message")
        .bind(("message", message.clone()))
        .await?;
    let Some(answer) = first::<AnswerRow>(&mut response, 0)? else {
        return Ok(Outcome::Permanent("the message is gone".into()));
    };
    let room = key(&answer.room);
    let Some(to) = answer.email.filter(|e| e.contains('@')) else {
        return Ok(Outcome::Permanent("the client has no e-mail address".into()));
    };
    let Some(mailbox) = super::mailbox(state, &room).await? else {
        return Ok(Outcome::Temporary("the room's mailbox is switched off or not set up".into()));
    };
    let mut response = state
        .db
        .query("SELECT message_id, subject, direction, at_ms FROM mail WHERE chat = $chat ORDER BY at_ms DESC LIMIT 20")
        .bind(("chat", answer.chat.clone()))
        .await?;
    let thread = rows::<ThreadRow>(&mut response, 0)?;
    let answered = thread.iter().find(|m| m.direction == "in");
    let subject = reply_subject(answered.map(|m| m.subject.as_str()).unwrap_or(mailbox.room_name.as_str()));
    let domain = mailbox.address.split_once('@').map(|(_, d)| d.to_string()).unwrap_or_else(|| "localhost".into());
    let message_id = ["m.", &key(message), "@", &domain].concat();
    let mut response = state.db.query("SELECT name, mime, path, created_ms FROM file WHERE message = $message ORDER BY created_ms").bind(("message", message.clone())).await?;
    let files = rows::<FileRow>(&mut response, 0)?;

    let from: Address = match mailbox.address.parse::<lettre::Address>() {
        Ok(address) => Address::new(Some(mailbox.room_name.clone()), address),
        Err(e) => return Ok(Outcome::Permanent(["the mailbox address: ", &e.to_string()].concat())),
    };
    let to_address: Address = match to.parse() {
        Ok(address) => address,
        Err(e) => return Ok(Outcome::Permanent([to.as_str(), ": ", &e.to_string()].concat())),
    };
    // Replies to this address come back to this chat even without headers.
    let (local, _) = mailbox.address.split_once('@').unwrap_or((mailbox.address.as_str(), ""));
    let reply_to = [local, "+", &key(&answer.chat), "@", &domain].concat();
    let mut builder = lettre::Message::builder()
        .message_id(Some(["<", &message_id, ">"].concat()))
        .from(from)
        .to(to_address)
        .subject(subject.clone());
    if let Ok(reply_to) = reply_to.parse::<lettre::Address>() {
        builder = builder.reply_to(Address::new(Some(mailbox.room_name.clone()), reply_to));
    }
    if let Some(answered) = answered {
        builder = builder.in_reply_to(["<", &answered.message_id, ">"].concat());
        let references: Vec<String> = thread.iter().rev().map(|m| ["<", &m.message_id, ">"].concat()).collect();
        builder = builder.references(references.join(" "));
    }
    let body = if answer.text.trim().is_empty() { String::new() } else { answer.text.clone() };
    let signed = [body.as_str(), "\n\n-- \n", &answer.author_name, "\n", &mailbox.room_name].concat();
    let email = if files.is_empty() {
        builder.singlepart(SinglePart::plain(signed))
    } else {
        let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(signed));
        for file in files {
            let (_, mut stream) = state.files.get(&file.path).await?;
            let mut bytes = Vec::new();
            while let Some(chunk) = stream.next().await {
                match chunk {
                    Ok(chunk) => bytes.extend_from_slice(&chunk),
                    Err(e) => return Ok(Outcome::Temporary(["reading ", &file.name, ": ", &e.to_string()].concat())),
                }
            }
            let content_type = ContentType::parse(&file.mime).unwrap_or(ContentType::parse("application/octet-stream").expect("a valid type"));
            // Always base64: a file that looks like text must keep its
            // exact bytes (no line-ending conversion on the way).
            let body = lettre::message::Body::new_with_encoding(bytes, lettre::message::header::ContentTransferEncoding::Base64).expect("base64 takes any bytes");
            parts = parts.singlepart(MailAttachment::new(file.name).body(body, content_type));
        }
        builder.multipart(parts)
    };
    let email = match email {
        Ok(email) => email,
        Err(e) => return Ok(Outcome::Permanent(e.to_string())),
    };
    let transport = match smtp(&mailbox) {
        Ok(t) => t,
        Err(e) => return Ok(Outcome::Temporary(e)),
    };
    Ok(match transport.send(email).await {
        Ok(_) => Outcome::Sent { message_id, subject, to, chat: answer.chat, source: source_of(&room)? },
        Err(e) if e.is_permanent() => Outcome::Permanent(smtp_error(&e)),
        Err(e) => Outcome::Temporary(smtp_error(&e)),
    })
}

async fn record_outcome(state: &AppState, message: &RecordId, outcome: Outcome) -> ServiceResult<()> {
    let now = now_ms();
    match outcome {
        Outcome::Sent { message_id, subject, to, chat, source } => {
            state
                .db
                .query(
                    "BEGIN;
                     UPDATE $message SET delivery = 'sent', delivery_error = NONE, delivery_next_ms = NONE, delivery_attempts = (delivery_attempts ?? 0) + 1;
                     CREATE mail SET source = $source, message_id = $message_id, direction = 'out', outcome = 'sent', chat = $chat, message = $message, subject = $subject, address = $to, at_ms = $now;
                     COMMIT;",
                )
                .bind(("message", message.clone()))
                .bind(("source", source))
                .bind(("message_id", message_id))
                .bind(("chat", chat))
                .bind(("subject", subject))
                .bind(("to", to))
                .bind(("now", now))
                .await?
                .check()?;
        }
        Outcome::Temporary(error) => {
            let mut response = state.db.query("SELECT VALUE delivery_attempts FROM $message").bind(("message", message.clone())).await?;
            let attempts = first::<Option<i64>>(&mut response, 0)?.flatten().unwrap_or(0) + 1;
            tracing::info!("mail for message {}: try {attempts} failed: {error}", key(message));
            let (sql, next) = if attempts >= MAX_ATTEMPTS {
                ("UPDATE $message SET delivery = 'failed', delivery_error = $error, delivery_attempts = $attempts, delivery_next_ms = NONE", None)
            } else {
                ("UPDATE $message SET delivery = 'queued', delivery_error = $error, delivery_attempts = $attempts, delivery_next_ms = $next", Some(now + backoff_ms(attempts - 1)))
            };
            state.db.query(sql).bind(("message", message.clone())).bind(("error", error)).bind(("attempts", attempts)).bind(("next", next)).await?.check()?;
        }
        Outcome::Permanent(error) => {
            tracing::info!("mail for message {} refused: {error}", key(message));
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
