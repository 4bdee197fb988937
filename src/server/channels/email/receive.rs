//! A received mail becomes a client's message (#16): in the chat it
//! answers (In-Reply-To, References, the reply address), or in the
//! sender's open inquiry, or in a new one in «Новые». A mail is stored once
//! by its Message-ID; bounces, auto-replies and blocked senders open nothing.

use surrealdb::types::{RecordId, SurrealValue};

use crate::model::message::Author;
use crate::server::channels::email::connect::Mailbox;
use crate::server::channels::email::parse::{parse, reply_token, IncomingMail, MailKind};
use crate::server::chats::attachments::{upload_for_client, Owner};
use crate::server::chats::messages::{store_with_files, Effect};
use crate::server::clock::{new_key, new_token, now_ms};
use crate::server::error::ServiceResult;
use crate::server::people::auth::token_hash;
use crate::server::people::visitors;
use crate::server::state::AppState;
use crate::server::store::db::{exists, first, rows};
use crate::server::store::records::{key, record};

/// What a received mail became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// A message `seq` in `chat`.
    Message { chat: String, seq: i64 },
    /// Read before (a restart, a second reader): nothing new.
    Duplicate,
    /// Kept in the mail log only: a bounce, an auto-reply, a blocked sender.
    NoInquiry(&'static str),
    /// Not a mail anyone can answer (no sender address).
    Unreadable,
}

/// The source record of a room's mailbox.
pub fn source_of(room: &str) -> ServiceResult<RecordId> {
    record("source", &[room, "_email"].concat())
}

/// Stores one raw mail that arrived in `mailbox`.
pub async fn receive(state: &AppState, mailbox: &Mailbox, raw: &[u8]) -> ServiceResult<Received> {
    let Some(mut mail) = parse(raw) else {
        return Ok(Received::Unreadable);
    };
    let source = source_of(&mailbox.room)?;
    let mut response = state
        .db
        .query("SELECT VALUE id FROM mail WHERE source = $source AND message_id = $message_id LIMIT 1")
        .bind(("source", source.clone()))
        .bind(("message_id", mail.message_id.clone()))
        .await?;
    if exists(&mut response, 0)? {
        return Ok(Received::Duplicate);
    }
    if mail.kind != MailKind::Person {
        log_mail(state, &source, &mail, mail.kind.outcome(), None).await?;
        return Ok(Received::NoInquiry(mail.kind.outcome()));
    }
    let user = sender(state, mailbox, &source, &mail).await?;
    let visitor = visitors::by_user(state, &user).await?;
    if visitor.blocked_until_ms.is_some() {
        // Kept in the log, not shown: a blocked client opens nothing (C14).
        log_mail(state, &source, &mail, "blocked", None).await?;
        return Ok(Received::NoInquiry("blocked"));
    }
    let mut files = Vec::new();
    let mut refused = Vec::new();
    for file in std::mem::take(&mut mail.files) {
        match upload_for_client(state, &user, &file.name, file.bytes).await {
            Ok(attachment) => files.push(attachment.id),
            Err(error) => {
                tracing::info!("mail {}: file {:?} not taken: {error}", mail.message_id, file.name);
                refused.push(["\u{26A0} ", &file.name].concat());
            }
        }
    }
    let mut text = if mail.text.trim().is_empty() && files.is_empty() { mail.subject.clone() } else { mail.text.clone() };
    if !refused.is_empty() {
        text = [text.as_str(), "\n", &refused.join("\n")].concat().trim().to_string();
    }
    if text.trim().is_empty() && files.is_empty() {
        text = "\u{2014}".into();
    }
    let client_id = mail.client_id();
    let message = match thread_chat(state, mailbox, &source, &mail).await? {
        Some(chat) => {
            let owner = Owner::Visitor(user.clone());
            store_with_files(state, &chat, &client_id, &text, &Author::Visitor { name: mail.display_name() }, Effect::Plain, Some((&owner, &files))).await?
        }
        None => visitors::send_with_files(state, &visitor, &client_id, &text, &files).await?,
    };
    log_mail(state, &source, &mail, "chat", Some((&message.chat, &message.id))).await?;
    Ok(Received::Message { chat: message.chat, seq: message.seq })
}

#[derive(SurrealValue)]
struct UserRow {
    id: RecordId,
}

/// The mailbox's user for the sender's address, made on their first mail.
async fn sender(state: &AppState, mailbox: &Mailbox, source: &RecordId, mail: &IncomingMail) -> ServiceResult<String> {
    let mut response = state
        .db
        .query("SELECT id FROM user WHERE source = $source AND email = $email LIMIT 1")
        .bind(("source", source.clone()))
        .bind(("email", mail.from_address.clone()))
        .await?;
    if let Some(row) = first::<UserRow>(&mut response, 0)? {
        return Ok(key(&row.id));
    }
    let user = new_key();
    state
        .db
        .query("CREATE $user SET name = $name, token_hash = $hash, room = $room, source = $source, created_ms = $now, email = $email")
        .bind(("user", record("user", &user)?))
        .bind(("name", mail.display_name()))
        // A mail sender never signs in: the hash of a token nobody holds.
        .bind(("hash", token_hash(&new_token())))
        .bind(("room", record("room", &mailbox.room)?))
        .bind(("source", source.clone()))
        .bind(("now", now_ms()))
        .bind(("email", mail.from_address.clone()))
        .await?
        .check()?;
    Ok(user)
}

#[derive(SurrealValue)]
struct ThreadRow {
    chat: RecordId,
    message_id: String,
}

#[derive(SurrealValue)]
struct OpenRow {
    id: RecordId,
    source: RecordId,
    deleted: bool,
    closed: Option<bool>,
}

/// The open chat this mail answers: by In-Reply-To, then References, then
/// the reply address. A closed or deleted one is not reopened: the sender's
/// next inquiry opens instead.
async fn thread_chat(state: &AppState, mailbox: &Mailbox, source: &RecordId, mail: &IncomingMail) -> ServiceResult<Option<String>> {
    let mut candidates: Vec<RecordId> = Vec::new();
    if !mail.thread.is_empty() {
        let mut response = state
            .db
            .query("SELECT chat, message_id FROM mail WHERE source = $source AND message_id IN $ids AND chat != NONE")
            .bind(("source", source.clone()))
            .bind(("ids", mail.thread.clone()))
            .await?;
        let found = rows::<ThreadRow>(&mut response, 0)?;
        for id in &mail.thread {
            if let Some(row) = found.iter().find(|r| &r.message_id == id) {
                candidates.push(row.chat.clone());
            }
        }
    }
    if let Some(token) = reply_token(&mail.recipients, &mailbox.address) {
        if let Ok(chat) = record("chat", &token) {
            candidates.push(chat);
        }
    }
    for chat in candidates {
        let mut response = state.db.query("SELECT id, source, deleted, status.closed AS closed FROM chat WHERE id = $chat").bind(("chat", chat)).await?;
        if let Some(row) = first::<OpenRow>(&mut response, 0)? {
            if row.source == *source && !row.deleted && !row.closed.unwrap_or(false) {
                return Ok(Some(key(&row.id)));
            }
        }
    }
    Ok(None)
}

/// Records a mail read (once: the index on Message-ID refuses a second row).
async fn log_mail(state: &AppState, source: &RecordId, mail: &IncomingMail, outcome: &str, message: Option<(&str, &str)>) -> ServiceResult<()> {
    let (chat, message) = match message {
        Some((chat, message)) => (Some(record("chat", chat)?), Some(record("message", message)?)),
        None => (None, None),
    };
    let result = state
        .db
        .query("CREATE mail SET source = $source, message_id = $message_id, direction = 'in', outcome = $outcome, chat = $chat, message = $message, subject = $subject, address = $address, at_ms = $now")
        .bind(("source", source.clone()))
        .bind(("message_id", mail.message_id.chars().take(1000).collect::<String>()))
        .bind(("outcome", outcome.to_string()))
        .bind(("chat", chat))
        .bind(("message", message))
        .bind(("subject", mail.subject.clone()))
        .bind(("address", mail.from_address.clone()))
        .bind(("now", now_ms()))
        .await
        .and_then(|r| r.check());
    match result {
        Ok(_) => Ok(()),
        // Logged by a concurrent reader of the same mail: fine.
        Err(e) if e.to_string().contains("already contains") => Ok(()),
        Err(e) => Err(e.into()),
    }
}
