//! Storing and reading messages: per-chat sequence numbers, idempotent sends,
//! read positions.

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::chats::summary::accessible;
use crate::server::clock::{new_key, now_ms};
use crate::server::chats::group_commit::{PendingSend, ReadMove};
use crate::server::store::db::{first, rows};
use crate::server::error::ServiceResult;
use crate::server::store::records::{key, record};
use crate::server::rights::{Action, Actor};
use crate::server::state::AppState;
use crate::server::chats::attachments::Owner;
use crate::model::message::{check_message, preview, Author, HistoryPage, HistoryWindow, Message, NewMessage, HISTORY_PAGE};
use crate::model::problem::Problem;
use crate::model::room::RoomKind;

/// Longest list preview kept on the chat row.
const PREVIEW_CHARS: usize = 200;

#[derive(SurrealValue)]
pub(crate) struct MessageRow {
    id: RecordId,
    chat: RecordId,
    seq: i64,
    author_kind: String,
    author_employee: Option<RecordId>,
    author_name: String,
    text: String,
    at_ms: i64,
    client_id: String,
    #[surreal(default)]
    note: Option<bool>,
    /// The attachments as JSON (#14).
    #[surreal(default)]
    files: Option<String>,
    /// An answer in an e-mail chat: queued, sent or failed (#16).
    #[surreal(default)]
    delivery: Option<String>,
    #[surreal(default)]
    delivery_attempts: Option<i64>,
    #[surreal(default)]
    delivery_error: Option<String>,
}

impl MessageRow {
    pub(crate) fn into_message(self) -> Message {
        let author = match (self.author_kind.as_str(), self.author_employee) {
            ("employee", Some(id)) => Author::Employee { id: key(&id), name: self.author_name },
            ("visitor", _) => Author::Visitor { name: self.author_name },
            _ => Author::System,
        };
        let files = self.files.as_deref().and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default();
        let delivery = crate::model::channel::Delivery::from_parts(self.delivery.as_deref(), self.delivery_attempts, self.delivery_error);
        Message { id: key(&self.id), chat: key(&self.chat), seq: self.seq, author, text: self.text, at_ms: self.at_ms, client_id: self.client_id, note: self.note.unwrap_or(false), files, delivery }
    }
}

/// A page of a chat's history for an employee who may see the chat.
pub async fn history(state: &AppState, actor: &Actor, chat: &str, window: HistoryWindow) -> ServiceResult<HistoryPage> {
    let summary = accessible(state, actor, chat, Action::View).await?;
    page(state, chat, summary.last_seq, window).await
}

/// The page `window` of a chat whose last message is `last_seq`. Sequence
/// numbers have no gaps, so the page is one range scan of the `(chat, seq)`
/// index, however long the chat.
pub(crate) async fn page(state: &AppState, chat: &str, last_seq: i64, window: HistoryWindow) -> ServiceResult<HistoryPage> {
    if window_out_of_range(window) {
        return Err(Problem::BadMessageNumber.into());
    }
    let Some((from, to)) = window.range(last_seq, HISTORY_PAGE) else {
        return Ok(HistoryPage::new(Vec::new(), window, last_seq));
    };
    let mut response = state
        .db
        // The store plans this as a forward scan of the index from `from`
        // with `seq <= $to` as a filter: without the LIMIT it would read on
        // to the chat's last message. No ORDER BY (a sort would read all
        // before limiting): the scan is in `seq` order already, and the page
        // is sorted here anyway.
        .query("SELECT id, chat, seq, author_kind, author_employee, author_name, text, at_ms, client_id, note, files, delivery, delivery_attempts, delivery_error FROM message WHERE chat = $chat AND seq >= $from AND seq <= $to LIMIT $count")
        .bind(("chat", record("chat", chat)?))
        .bind(("from", from))
        .bind(("to", to))
        .bind(("count", to - from + 1))
        .await?;
    let mut messages: Vec<Message> = rows::<MessageRow>(&mut response, 0)?.into_iter().map(MessageRow::into_message).collect();
    messages.sort_by_key(|m| m.seq);
    Ok(HistoryPage::new(messages, window, last_seq))
}

fn window_out_of_range(window: HistoryWindow) -> bool {
    matches!(window, HistoryWindow::Before(seq) | HistoryWindow::After(seq) if seq < 0)
}

/// An employee writes. In a client chat nobody has taken yet, the one who
/// answers becomes responsible (the chat leaves «Новые»); a private note
/// (#14) changes nothing but the chat's last message.
pub async fn send_as_employee(state: &AppState, actor: &Actor, new: NewMessage) -> ServiceResult<Message> {
    check_message(&new.text, &new.client_id, new.files.len())?;
    let chat = accessible(state, actor, &new.chat, Action::Write).await?;
    let effect = if new.note {
        // Only a client's chat has someone to keep a note from.
        if chat.user.is_none() {
            return Err(Problem::NoteOutsideClientChat.into());
        }
        Effect::Note
    } else if chat.room_kind == RoomKind::Client {
        Effect::TakeResponsibility
    } else {
        Effect::Plain
    };
    let author = Author::Employee { id: actor.id.clone(), name: actor.name.clone() };
    let message = store_with_files(state, &new.chat, &new.client_id, &new.text, &author, effect, Some((&Owner::Employee(actor.id.clone()), new.files.as_slice()))).await?;
    // Stored is stored: a mention that cannot be recorded is logged, not a failed send.
    if let Err(error) = crate::server::chats::mentions::record_mentions(state, actor, &chat, &message).await {
        tracing::warn!("mentions in chat {}: {error}", new.chat);
    }
    // The writer has read up to their own message: moved in the send's own
    // transaction (#18, one write per send); their other tabs are told here.
    crate::server::live::counts::read(state, &actor.id, &new.chat, message.seq);
    Ok(message)
}

/// What a stored message does to its chat besides taking the next number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Effect {
    /// A visitor's message starts the wait timer; anyone else's stops it.
    Plain,
    /// [`Effect::Plain`], and the employee who answers a client chat nobody
    /// has taken becomes responsible.
    TakeResponsibility,
    /// A private note (#14): seen by staff only; the timer and the
    /// responsible stay as they were.
    Note,
}

/// Stores a message once per (chat, client_id), giving it the chat's next
/// sequence number. A repeated send returns the stored message unchanged.
pub(crate) async fn store(
    state: &AppState,
    chat: &str,
    client_id: &str,
    text: &str,
    author: &Author,
    effect: Effect,
) -> ServiceResult<Message> {
    store_with_files(state, chat, client_id, text, author, effect, None).await
}

/// [`store`] with the files `owner` uploaded for it (#14): they are checked
/// after the repeated-send lookup (a retried send finds them attached to
/// its own first attempt) and attached in the same transaction.
pub(crate) async fn store_with_files(
    state: &AppState,
    chat: &str,
    client_id: &str,
    text: &str,
    author: &Author,
    effect: Effect,
    files: Option<(&Owner, &[String])>,
) -> ServiceResult<Message> {
    let chat_id = record("chat", chat)?;
    // A send with files looks for an earlier attempt first: its files are
    // attached to that attempt's message, and would be refused below. Any
    // other send's lookup happens inside its batch (#18, group commit).
    let attachments = match files {
        Some((owner, ids)) if !ids.is_empty() => {
            if let Some(existing) = find_by_client_id(state, &chat_id, client_id).await? {
                return Ok(existing);
            }
            crate::server::chats::attachments::for_message(state, owner, chat, ids).await?
        }
        _ => Vec::new(),
    };
    let file_ids = attachments.iter().map(|a| record("file", &a.id)).collect::<ServiceResult<Vec<RecordId>>>()?;
    let files_json = (!attachments.is_empty()).then(|| serde_json::to_string(&attachments).unwrap_or_default());
    let preview_text = crate::model::message::text_or_files(text, &attachments);
    let (kind, employee): (&str, Option<RecordId>) = match author {
        Author::Employee { id, .. } => ("employee", Some(record("employee", id)?)),
        Author::Visitor { .. } => ("visitor", None),
        Author::System => ("system", None),
    };
    let (read_key, author_id) = match author {
        Author::Employee { id, .. } => ([id.as_str(), "_", chat].concat(), Some(id.clone())),
        _ => (String::new(), None),
    };
    let send = PendingSend {
        chat: chat_id,
        key: new_key(),
        kind: kind.to_string(),
        employee,
        author_id,
        name: author.name().to_string(),
        preview: preview(&preview_text, PREVIEW_CHARS),
        text: text.to_string(),
        now: now_ms(),
        client_id: client_id.to_string(),
        note: effect == Effect::Note,
        take: kind == "employee" && effect == Effect::TakeResponsibility,
        files: files_json,
        file_ids,
        read_key,
    };
    state.sends.write(send).await
}

pub(crate) async fn find_by_client_id(state: &AppState, chat: &RecordId, client_id: &str) -> ServiceResult<Option<Message>> {
    stored_by_client_id(&state.db, chat, client_id).await
}

/// The message stored under (chat, client_id), if any: what a repeated send answers.
pub(crate) async fn stored_by_client_id(db: &crate::server::state::Db, chat: &RecordId, client_id: &str) -> ServiceResult<Option<Message>> {
    let mut response = db
        .query("SELECT id, chat, seq, author_kind, author_employee, author_name, text, at_ms, client_id, note, files, delivery, delivery_attempts, delivery_error FROM message WHERE chat = $chat AND client_id = $client_id LIMIT 1")
        .bind(("chat", chat.clone()))
        .bind(("client_id", client_id.to_string()))
        .await?;
    Ok(first::<MessageRow>(&mut response, 0)?.map(MessageRow::into_message))
}

/// Moves the actor's read position forward (never back) and tells their other tabs.
pub async fn mark_read(state: &AppState, actor: &Actor, chat: &str, seq: i64) -> ServiceResult<()> {
    if seq < 0 {
        return Err(Problem::BadMessageNumber.into());
    }
    let summary = accessible(state, actor, chat, Action::View).await?;
    advance_read(state, &actor.id, chat, seq.min(summary.last_seq)).await
}

/// Moves a read position the caller has already been allowed to move.
async fn advance_read(state: &AppState, employee_key: &str, chat: &str, seq: i64) -> ServiceResult<()> {
    // Through the message writer: reads waiting together are coalesced (#18).
    let read = ReadMove { key: format!("{employee_key}_{chat}"), employee: record("employee", employee_key)?, chat: record("chat", chat)?, seq };
    state.sends.read(read).await?;
    crate::server::live::counts::read(state, employee_key, chat, seq);
    Ok(())
}
