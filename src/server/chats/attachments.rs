//! Attached files (#14): an upload by an employee or a visitor, attached to
//! a message of theirs when it is sent, served back to whoever may see its
//! chat, erased with the chat, and swept away when never sent.

use futures::Stream;
use surrealdb::types::{RecordId, SurrealValue};

use crate::model::attachment::{clean_file_name, Attachment};
use crate::model::problem::{Problem, Thing};
use crate::server::chats::summary::accessible;
use crate::server::clock::{new_key, now_ms};
use crate::server::error::{ResultContext, ServiceError, ServiceResult};
use crate::server::people::visitors::Visitor;
use crate::server::rights::{Action, Actor};
use crate::server::state::AppState;
use crate::server::store::db::rows;
use crate::server::store::records::{key, record};

/// Who uploaded a file: it is theirs to attach until a message carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    Employee(String),
    /// A visitor's user key.
    Visitor(String),
}

impl Owner {
    fn parts(&self) -> (&'static str, &str) {
        match self {
            Owner::Employee(id) => ("employee", id),
            Owner::Visitor(user) => ("visitor", user),
        }
    }
}

/// How long an upload nobody sent is kept before the sweep removes it.
pub const UNSENT_KEPT_MS: i64 = 24 * 60 * 60 * 1000;

/// How often the sweep runs.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

#[derive(SurrealValue)]
struct FileRow {
    id: RecordId,
    owner_kind: String,
    owner: String,
    chat: Option<RecordId>,
    message: Option<RecordId>,
    #[surreal(default)]
    note: Option<bool>,
    name: String,
    size: i64,
    mime: String,
    path: String,
}

impl FileRow {
    fn attachment(&self) -> Attachment {
        Attachment { id: key(&self.id), name: self.name.clone(), size: self.size.max(0) as u64, mime: self.mime.clone() }
    }

    fn owned_by(&self, owner: &Owner) -> bool {
        let (kind, id) = owner.parts();
        self.owner_kind == kind && self.owner == id
    }
}

/// The fields of a [`FileRow`], for `concat!` (queries are never formatted).
macro_rules! file_fields {
    () => {
        "id, owner_kind, owner, chat, message, note, name, size, mime, path"
    };
}

/// The type of a file from its first bytes: what `infer` recognises (a
/// program is refused), SVG (never inline: it can carry script), text, or
/// bytes of no known kind. The name's extension plays no part.
pub fn sniff(head: &[u8]) -> Result<String, Problem> {
    let known = infer::get(head);
    if known.is_some_and(|kind| kind.matcher_type() == infer::MatcherType::App) {
        return Err(Problem::FileTypeForbidden);
    }
    // Before infer's answer: it calls an SVG with an XML prolog "text/xml".
    let start = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    if start.contains("<svg") {
        return Ok("image/svg+xml".into());
    }
    if let Some(kind) = known {
        return Ok(kind.mime_type().to_string());
    }
    // Text, allowing a character cut in two at the end of the sample.
    let text = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > head.len(),
    };
    Ok(if text { "text/plain" } else { "application/octet-stream" }.into())
}

/// An employee uploads a file for a chat they may write to.
pub async fn upload_as_employee<S, E>(state: &AppState, actor: &Actor, chat: &str, name: &str, body: S) -> ServiceResult<Attachment>
where
    S: Stream<Item = Result<bytes::Bytes, E>>,
    E: std::fmt::Display,
{
    accessible(state, actor, chat, Action::Write).await?;
    upload(state, Owner::Employee(actor.id.clone()), Some(chat), name, body).await
}

/// A visitor uploads a file for their next message (their chat may not
/// exist yet: the first message opens it).
pub async fn upload_as_visitor<S, E>(state: &AppState, visitor: &Visitor, name: &str, body: S) -> ServiceResult<Attachment>
where
    S: Stream<Item = Result<bytes::Bytes, E>>,
    E: std::fmt::Display,
{
    if visitor.blocked_until_ms.is_some() {
        return Err(Problem::Blocked.into());
    }
    upload(state, Owner::Visitor(visitor.user.clone()), None, name, body).await
}

/// A file that came with a client's mail (#16), kept as the client's own
/// upload until their message carries it. The same checks as a browser's
/// upload: size, name, and no programs.
pub(crate) async fn upload_for_client(state: &AppState, user: &str, name: &str, bytes: Vec<u8>) -> ServiceResult<Attachment> {
    let body = futures::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes::Bytes::from(bytes)) });
    upload(state, Owner::Visitor(user.to_string()), None, name, body).await
}

async fn upload<S, E>(state: &AppState, owner: Owner, chat: Option<&str>, name: &str, body: S) -> ServiceResult<Attachment>
where
    S: Stream<Item = Result<bytes::Bytes, E>>,
    E: std::fmt::Display,
{
    let name = clean_file_name(name)?;
    let chat = chat.map(|c| record("chat", c)).transpose()?;
    let file_key = new_key();
    let path = ["files/", &file_key].concat();
    let stored = state.files.put_stream(&path, body, sniff).await?;
    let (kind, owner_id) = owner.parts();
    let created = state
        .db
        .query("CREATE ONLY type::record('file', $key) SET owner_kind = $kind, owner = $owner, chat = $chat, name = $name, size = $size, mime = $mime, path = $path, created_ms = $now")
        .bind(("key", file_key.clone()))
        .bind(("kind", kind))
        .bind(("owner", owner_id.to_string()))
        .bind(("chat", chat))
        .bind(("name", name.clone()))
        .bind(("size", stored.size as i64))
        .bind(("mime", stored.mime.clone()))
        .bind(("path", path.clone()))
        .bind(("now", now_ms()))
        .await
        .and_then(|r| r.check())
        .context("store file", Some(file_key.as_str()));
    if let Err(error) = created {
        // Bytes nobody can reach are not kept.
        state.files.delete(&[path]).await;
        return Err(error);
    }
    Ok(Attachment { id: file_key, name, size: stored.size, mime: stored.mime })
}

/// The files `ids` as a message of `owner`'s in `chat` will carry them:
/// each must be theirs, not attached to anything yet, and uploaded for this
/// chat (an employee's) or for none (a visitor's). Repeated ids count once.
pub(crate) async fn for_message(state: &AppState, owner: &Owner, chat: &str, ids: &[String]) -> ServiceResult<Vec<Attachment>> {
    let mut unique: Vec<&String> = Vec::new();
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    let records = unique.iter().map(|id| record("file", id)).collect::<ServiceResult<Vec<RecordId>>>()?;
    let mut response = state.db.query(concat!("SELECT ", file_fields!(), " FROM $files")).bind(("files", records)).await?;
    let found = rows::<FileRow>(&mut response, 0)?;
    let chat_id = record("chat", chat)?;
    unique
        .into_iter()
        .map(|id| {
            let row = found.iter().find(|row| key(&row.id) == *id).ok_or(ServiceError::not_found(Thing::File))?;
            let for_this_chat = row.chat.as_ref().is_none_or(|c| *c == chat_id);
            if !row.owned_by(owner) || row.message.is_some() || !for_this_chat {
                return Err(Problem::FileNotAttachable.into());
            }
            Ok(row.attachment())
        })
        .collect()
}

/// A file to send back: what it is, and its bytes.
pub struct Download<S> {
    pub file: Attachment,
    pub body: S,
}

/// An employee downloads a file of a chat they may see, or one they
/// uploaded and have not sent yet. Anything else is "not found", so a
/// file's existence is not given away.
pub async fn open_for_employee(state: &AppState, actor: &Actor, id: &str) -> ServiceResult<Download<impl Stream<Item = object_store::Result<bytes::Bytes>> + Send + 'static>> {
    let row = find(state, id).await?;
    let allowed = match (&row.message, &row.chat) {
        (Some(_), Some(chat)) => accessible(state, actor, &key(chat), Action::View).await.is_ok(),
        _ => row.owned_by(&Owner::Employee(actor.id.clone())),
    };
    open(state, row, allowed).await
}

/// A visitor downloads a file of their own chat (never one of a private
/// note), or their own upload not sent yet.
pub async fn open_for_visitor(state: &AppState, visitor: &Visitor, id: &str) -> ServiceResult<Download<impl Stream<Item = object_store::Result<bytes::Bytes>> + Send + 'static>> {
    let row = find(state, id).await?;
    let allowed = match (&row.message, &row.chat) {
        (Some(_), Some(chat)) if !row.note.unwrap_or(false) => chat_of_user(state, chat).await?.is_some_and(|user| user == visitor.user),
        (Some(_), _) => false,
        _ => row.owned_by(&Owner::Visitor(visitor.user.clone())),
    };
    open(state, row, allowed).await
}

async fn open(state: &AppState, row: FileRow, allowed: bool) -> ServiceResult<Download<impl Stream<Item = object_store::Result<bytes::Bytes>> + Send + 'static>> {
    if !allowed {
        return Err(ServiceError::not_found(Thing::File));
    }
    let (_, body) = state.files.get(&row.path).await?;
    Ok(Download { file: row.attachment(), body })
}

async fn find(state: &AppState, id: &str) -> ServiceResult<FileRow> {
    let mut response = state.db.query(concat!("SELECT ", file_fields!(), " FROM $file")).bind(("file", record("file", id)?)).await?;
    crate::server::store::db::first::<FileRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::File))
}

/// The visitor (user key) a client chat belongs to.
async fn chat_of_user(state: &AppState, chat: &RecordId) -> ServiceResult<Option<String>> {
    // Not `FROM ONLY`: a missing record would be an error, not "nobody".
    let mut response = state.db.query("SELECT VALUE user FROM $chat").bind(("chat", chat.clone())).await?;
    let users: Vec<Option<RecordId>> = response.take(0).context("file: chat's user", None)?;
    Ok(users.into_iter().flatten().next().map(|u| key(&u)))
}

/// Removes uploads never sent that are older than [`UNSENT_KEPT_MS`];
/// returns how many.
pub async fn sweep_unsent(state: &AppState, now_ms: i64) -> ServiceResult<usize> {
    let mut response = state
        .db
        .query("DELETE file WHERE message = NONE AND created_ms < $before RETURN BEFORE")
        .bind(("before", now_ms - UNSENT_KEPT_MS))
        .await?;
    let removed = rows::<FileRow>(&mut response, 0)?;
    let paths: Vec<String> = removed.into_iter().map(|row| row.path).collect();
    state.files.delete(&paths).await;
    Ok(paths.len())
}

/// Starts the hourly sweep of unsent uploads for this state.
pub fn spawn_sweep(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        loop {
            every.tick().await;
            match sweep_unsent(&state, now_ms()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("removed {n} uploads never sent"),
                Err(error) => tracing::warn!("sweeping unsent uploads: {error}"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::sniff;
    use crate::model::problem::Problem;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap(), "image/png");
        assert_eq!(sniff(b"%PDF-1.7\n").unwrap(), "application/pdf");
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0").err(), Some(Problem::FileTypeForbidden));
        // infer reads an ELF header only when the buffer holds a whole one.
        let elf = [b"\x7fELF\x02\x01\x01".as_slice(), &[0u8; 64]].concat();
        assert_eq!(sniff(&elf).err(), Some(Problem::FileTypeForbidden));
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>").unwrap(), "image/svg+xml");
        assert_eq!(sniff("Привет, это текст".as_bytes()).unwrap(), "text/plain");
        assert_eq!(sniff(&[0xff, 0x00, 0x13, 0x37, 0x00]).unwrap(), "application/octet-stream");
    }

    #[test]
    fn html_is_never_an_image() {
        let mime = sniff(b"<html><body><script>alert(1)</script></body></html>").unwrap();
        assert!(!crate::model::attachment::is_inline_image(&mime), "{mime}");
    }
}
