//! An answer in an e-mail chat, mailed (#16): threaded under the mail it
//! answers (In-Reply-To, References, «Re:» subject), with a reply address
//! that names the chat, its files attached, and a Message-ID made from the
//! message (see `channels::queue`).

use lettre::message::{header::ContentType, Attachment as MailAttachment, Mailbox as Address, MultiPart, SinglePart};
use lettre::AsyncTransport as _;
use surrealdb::types::{RecordId, SurrealValue};

use crate::model::channel::{reason, reply_subject};
use crate::server::channels::email::connect::{smtp, smtp_error};
use crate::server::channels::email::receive::source_of;
use crate::server::channels::queue::Outcome;
use crate::server::error::ServiceResult;
use crate::server::state::AppState;
use crate::server::store::db::{first, rows};
use crate::server::store::records::key;

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

/// The log row of a mail sent: replies find their chat by its Message-ID.
pub struct SentMail {
    pub message_id: String,
    pub subject: String,
    pub to: String,
    pub chat: RecordId,
    pub source: RecordId,
}

/// Mails the answer `message` to its chat's client, threaded under the mail
/// it answers, with its files.
pub async fn send_answer(state: &AppState, message: &RecordId) -> ServiceResult<Outcome> {
    let mut response = state
        .db
        .query("SELECT chat, text, author_name, chat.room AS room, chat.user.email AS email FROM $message")
        .bind(("message", message.clone()))
        .await?;
    let Some(answer) = first::<AnswerRow>(&mut response, 0)? else {
        return Ok(Outcome::Permanent(reason::MESSAGE_GONE.into()));
    };
    let room = key(&answer.room);
    let Some(to) = answer.email.filter(|e| e.contains('@')) else {
        return Ok(Outcome::Permanent(reason::NO_EMAIL.into()));
    };
    let Some(mailbox) = super::mailbox(state, &room).await? else {
        return Ok(Outcome::Temporary { error: reason::NO_MAILBOX.into(), retry_after_ms: None });
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
            let bytes = state.files.read_all(&file.path).await?;
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
        Err(e) => return Ok(Outcome::Temporary { error: e, retry_after_ms: None }),
    };
    Ok(match transport.send(email).await {
        Ok(_) => Outcome::Sent { mail: Some(SentMail { message_id, subject, to, chat: answer.chat, source: source_of(&room)? }) },
        Err(e) if e.is_permanent() => Outcome::Permanent(smtp_error(&e)),
        Err(e) => Outcome::Temporary { error: smtp_error(&e), retry_after_ms: None },
    })
}

