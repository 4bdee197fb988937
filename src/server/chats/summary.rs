//! Chats as lists show them: one query shape builds every [`ChatSummary`].

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::store::db::{first, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::{key, record, records};
use crate::server::rights::{may, Action, Actor, Object};
use crate::server::state::AppState;
use crate::model::chat::{ChatRow, ChatSummary, LastMessage, Source, StatusRef};
use crate::model::employee::EmployeeRef;
use crate::model::problem::Thing;
use crate::model::rating::Rating;
use crate::model::room::RoomKind;

/// The projection every chat read uses; record links are followed here.
/// A macro so queries are built with `concat!` from constants only.
macro_rules! summary_fields {
    () => {
        "id, room, room.kind AS room_kind, source.kind AS source_kind,
    status, status.name AS status_name, status.color AS status_color, status.closed AS status_closed,
    topic, topic_ref, user, user.name AS client_name, responsible, responsible.name AS responsible_name,
    participants, participants.name AS participant_names,
    created_ms, last_seq, last_author, last_author_id, last_text, last_at_ms, waiting_since_ms, deleted, blocked_until_ms, rev,
    rating, rating_comment, rated_ms, left_offline"
    };
}

#[derive(SurrealValue)]
pub(crate) struct SummaryRow {
    id: RecordId,
    room: RecordId,
    room_kind: Option<String>,
    source_kind: Option<String>,
    status: RecordId,
    status_name: Option<String>,
    status_color: Option<String>,
    status_closed: Option<bool>,
    topic: Option<String>,
    topic_ref: Option<RecordId>,
    user: Option<RecordId>,
    client_name: Option<String>,
    responsible: Option<RecordId>,
    responsible_name: Option<String>,
    #[surreal(default)]
    participants: Vec<RecordId>,
    #[surreal(default)]
    participant_names: Vec<Option<String>>,
    created_ms: i64,
    last_seq: i64,
    last_author: Option<String>,
    last_author_id: Option<String>,
    last_text: Option<String>,
    last_at_ms: Option<i64>,
    waiting_since_ms: Option<i64>,
    deleted: bool,
    blocked_until_ms: Option<i64>,
    #[surreal(default)]
    rev: i64,
    rating: Option<i64>,
    rating_comment: Option<String>,
    rated_ms: Option<i64>,
    left_offline: Option<bool>,
}

impl SummaryRow {
    pub(crate) fn into_summary(self) -> ChatSummary {
        let participants = self
            .participants
            .iter()
            .zip(self.participant_names.iter().chain(std::iter::repeat(&None)))
            .map(|(id, name)| EmployeeRef { id: key(id), name: name.clone().unwrap_or_default() })
            .collect();
        ChatSummary {
            id: key(&self.id),
            room: key(&self.room),
            room_kind: self.room_kind.as_deref().and_then(RoomKind::parse).unwrap_or(RoomKind::Client),
            source: Source::parse(self.source_kind.as_deref().unwrap_or("workspace")),
            status: StatusRef {
                id: key(&self.status),
                name: self.status_name.unwrap_or_default(),
                color: self.status_color.unwrap_or_else(|| "#6b7686".into()),
                closed: self.status_closed.unwrap_or(false),
            },
            topic: self.topic,
            topic_id: self.topic_ref.as_ref().map(key),
            client_name: self.client_name,
            user: self.user.as_ref().map(key),
            responsible: self
                .responsible
                .as_ref()
                .map(|id| EmployeeRef { id: key(id), name: self.responsible_name.clone().unwrap_or_default() }),
            participants,
            created_ms: self.created_ms,
            last: match (self.last_at_ms, self.last_text) {
                (Some(at_ms), Some(text)) => Some(LastMessage { author_name: self.last_author.unwrap_or_default(), author_id: self.last_author_id, text, at_ms }),
                _ => None,
            },
            last_seq: self.last_seq,
            waiting_since_ms: self.waiting_since_ms,
            deleted: self.deleted,
            blocked_until_ms: self.blocked_until_ms,
            rev: self.rev,
            rating: match (self.rating, self.rated_ms) {
                (Some(score), Some(at_ms)) => Some(Rating { score: score.clamp(1, 5) as u8, comment: self.rating_comment, at_ms }),
                _ => None,
            },
            left_offline: self.left_offline.unwrap_or(false),
        }
    }
}

/// One chat by key, whoever asks (callers check rights).
pub async fn summary(state: &AppState, chat: &str) -> ServiceResult<Option<ChatSummary>> {
    let sql = concat!("SELECT ", summary_fields!(), " FROM $chat");
    let mut response = state.db.query(sql).bind(("chat", record("chat", chat)?)).await?;
    Ok(first::<SummaryRow>(&mut response, 0)?.map(SummaryRow::into_summary))
}

/// A chat row as stored, its links not followed (see [`all_summaries`]).
#[derive(SurrealValue)]
struct StoredChat {
    id: RecordId,
    room: RecordId,
    source: Option<RecordId>,
    status: RecordId,
    topic: Option<String>,
    topic_ref: Option<RecordId>,
    user: Option<RecordId>,
    responsible: Option<RecordId>,
    #[surreal(default)]
    participants: Vec<RecordId>,
    created_ms: i64,
    last_seq: i64,
    last_author: Option<String>,
    last_author_id: Option<String>,
    last_text: Option<String>,
    last_at_ms: Option<i64>,
    waiting_since_ms: Option<i64>,
    deleted: bool,
    blocked_until_ms: Option<i64>,
    #[surreal(default)]
    rev: i64,
    rating: Option<i64>,
    rating_comment: Option<String>,
    rated_ms: Option<i64>,
    left_offline: Option<bool>,
}

/// A linked record's fields a summary shows.
#[derive(SurrealValue)]
struct Linked {
    id: RecordId,
    name: Option<String>,
    kind: Option<String>,
    color: Option<String>,
    closed: Option<bool>,
}

/// Every chat, whoever asks: the chat index's load at start (#12). The
/// chats are read as stored and their links resolved here from one read of
/// each linked table, rather than followed one chat at a time (the same
/// summaries as [`summary`], in about half the time over 100,000 chats).
pub async fn all_summaries(state: &AppState) -> ServiceResult<Vec<ChatSummary>> {
    // The chats on one core and the linked tables (as many users as chats)
    // on the other: two queries in tasks of their own.
    let db = state.db.clone();
    let chats = tokio::spawn(async move {
        let mut response = db
            .query(
                "SELECT id, room, source, status, topic, topic_ref, user, responsible, participants, created_ms, last_seq,
                     last_author, last_author_id, last_text, last_at_ms, waiting_since_ms, deleted, blocked_until_ms, rev,
                     rating, rating_comment, rated_ms, left_offline FROM chat;",
            )
            .await?;
        rows::<StoredChat>(&mut response, 0)
    });
    let db = state.db.clone();
    let linked = tokio::spawn(async move {
        let mut response = db
            .query(
                "SELECT id, kind FROM room;
                 SELECT id, kind FROM source;
                 SELECT id, name, color, closed FROM chat_status;
                 SELECT id, name FROM employee;
                 SELECT id, name FROM user;",
            )
            .await?;
        let mut table = |index: usize| -> ServiceResult<std::collections::HashMap<RecordId, Linked>> {
            Ok(rows::<Linked>(&mut response, index)?.into_iter().map(|row| (row.id.clone(), row)).collect())
        };
        Ok::<_, ServiceError>((table(0)?, table(1)?, table(2)?, table(3)?, table(4)?))
    });
    let joined = |e: tokio::task::JoinError| ServiceError::internal_from("loading the chat index", None, e);
    let chats = chats.await.map_err(joined)??;
    let (rooms, sources, statuses, employees, users) = linked.await.map_err(joined)??;
    let name = |table: &std::collections::HashMap<RecordId, Linked>, id: &RecordId| table.get(id).and_then(|row| row.name.clone());
    Ok(chats
        .into_iter()
        .map(|chat| {
            let status = statuses.get(&chat.status);
            SummaryRow {
                room_kind: rooms.get(&chat.room).and_then(|r| r.kind.clone()),
                source_kind: chat.source.as_ref().and_then(|s| sources.get(s)).and_then(|s| s.kind.clone()),
                status_name: status.and_then(|s| s.name.clone()),
                status_color: status.and_then(|s| s.color.clone()),
                status_closed: status.and_then(|s| s.closed),
                client_name: chat.user.as_ref().and_then(|u| name(&users, u)),
                responsible_name: chat.responsible.as_ref().and_then(|e| name(&employees, e)),
                participant_names: chat.participants.iter().map(|e| name(&employees, e)).collect(),
                id: chat.id,
                room: chat.room,
                status: chat.status,
                topic: chat.topic,
                topic_ref: chat.topic_ref,
                user: chat.user,
                responsible: chat.responsible,
                participants: chat.participants,
                created_ms: chat.created_ms,
                last_seq: chat.last_seq,
                last_author: chat.last_author,
                last_author_id: chat.last_author_id,
                last_text: chat.last_text,
                last_at_ms: chat.last_at_ms,
                waiting_since_ms: chat.waiting_since_ms,
                deleted: chat.deleted,
                blocked_until_ms: chat.blocked_until_ms,
                rev: chat.rev,
                rating: chat.rating,
                rating_comment: chat.rating_comment,
                rated_ms: chat.rated_ms,
                left_offline: chat.left_offline,
            }
            .into_summary()
        })
        .collect())
}

/// The chats with these keys that still exist, whoever asks (callers check rights).
pub async fn summaries(state: &AppState, chats: &[String]) -> ServiceResult<Vec<ChatSummary>> {
    if chats.is_empty() {
        return Ok(Vec::new());
    }
    let sql = concat!("SELECT ", summary_fields!(), " FROM $chats");
    let mut response = state.db.query(sql).bind(("chats", records("chat", chats)?)).await?;
    Ok(rows::<SummaryRow>(&mut response, 0)?.into_iter().map(SummaryRow::into_summary).collect())
}

/// A chat the actor may act on, or 404 — an existing chat the actor may not
/// see gets the same answer as a missing one, so ids cannot be probed.
pub async fn accessible(state: &AppState, actor: &Actor, chat: &str, action: Action) -> ServiceResult<ChatSummary> {
    let summary = summary(state, chat).await?.ok_or(ServiceError::not_found(Thing::Chat))?;
    if !may(actor, action, Object::Chat(&summary)) {
        return Err(ServiceError::not_found(Thing::Chat));
    }
    Ok(summary)
}

#[derive(SurrealValue)]
struct ReadRow {
    chat: RecordId,
    seq: i64,
}

/// How far `actor` has read each chat.
pub(crate) async fn read_positions(state: &AppState, actor: &Actor) -> ServiceResult<std::collections::HashMap<String, i64>> {
    let mut response = state
        .db
        .query("SELECT chat, seq FROM read_position WHERE employee = $me")
        .bind(("me", record("employee", &actor.id)?))
        .await?;
    Ok(rows::<ReadRow>(&mut response, 0)?.into_iter().map(|r| (key(&r.chat), r.seq)).collect())
}

/// Every chat the actor may see, with how far they have read each.
pub async fn visible_chats(state: &AppState, actor: &Actor) -> ServiceResult<Vec<ChatRow>> {
    let rooms = records("room", &actor.rooms)?;
    let me = record("employee", &actor.id)?;
    let sql = concat!(
        "SELECT ",
        summary_fields!(),
        " FROM chat WHERE room IN $rooms OR responsible = $me OR participants CONTAINS $me;
         SELECT chat, seq FROM read_position WHERE employee = $me;
         SELECT chat, seq FROM mention WHERE employee = $me;"
    );
    let mut response = state.db.query(sql).bind(("rooms", rooms)).bind(("me", me)).await?;
    let chats = rows::<SummaryRow>(&mut response, 0)?;
    let reads: std::collections::HashMap<String, i64> =
        rows::<ReadRow>(&mut response, 1)?.into_iter().map(|r| (key(&r.chat), r.seq)).collect();
    let mentions: std::collections::HashMap<String, i64> =
        rows::<ReadRow>(&mut response, 2)?.into_iter().map(|r| (key(&r.chat), r.seq)).collect();
    Ok(chats
        .into_iter()
        .map(SummaryRow::into_summary)
        .filter(|chat| may(actor, Action::View, Object::Chat(chat)))
        .map(|chat| {
            let read_seq = reads.get(&chat.id).copied().unwrap_or(0);
            let mentioned_seq = mentions.get(&chat.id).copied().unwrap_or(0);
            ChatRow { chat, read_seq, mentioned_seq }
        })
        .collect())
}
