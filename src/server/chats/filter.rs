//! The chat filter (W9) and related chats (C16) over all rooms, in two
//! steps: a light pass over the chats (constant queries whose conditions
//! switch off when their parameter is NONE; words through the messages'
//! full-text index) decides with the rights model and the list rules which
//! chats match, newest first; then only the shown ones are read in full.

use std::collections::HashMap;

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::chats::summary::{read_positions, SummaryRow};
use crate::server::store::db::rows;
use crate::server::error::ServiceResult;
use crate::server::store::records::{key, record, records};
use crate::server::rights::{may, Action, Actor, Object};
use crate::server::state::AppState;
use crate::server::people::users::{client_of, client_users};
use crate::model::chat::{ChatRow, ChatSummary, Source, StatusRef};
use crate::model::employee::EmployeeRef;
use crate::model::filter::{ChatFilter, FilterResult, FILTER_LIMIT};
use crate::model::lists::ChatList;
use crate::model::room::RoomKind;

/// The conditions every pass shares; `$chats` is the table or the chats
/// whose messages hold the words.
macro_rules! filter_query {
    ($from:literal) => {
        concat!(
            "SELECT id, room, topic_ref, responsible, participants, deleted, last_at_ms ?? created_ms AS activity FROM ",
            $from,
            " WHERE (room IN $rooms OR responsible = $me OR participants CONTAINS $me)
                AND ($room = NONE OR room = $room)
                AND ($status = NONE OR status = $status)
                AND ($responsible = NONE OR responsible = $responsible)
                AND ($topic = NONE OR topic = $topic)
                AND ($users = NONE OR user IN $users)
                AND ($from = NONE OR (last_at_ms ?? created_ms) >= $from)
                AND ($to = NONE OR created_ms <= $to)
                AND ($source = NONE OR source.kind = $source)
                AND ($client = NONE OR string::contains(string::lowercase(user.name ?? ''), $client))
                AND deleted = $deleted
             ORDER BY activity DESC;"
        )
    };
}

/// What the light pass reads of a chat: enough for `rights::may` and the lists.
#[derive(SurrealValue)]
struct LightRow {
    id: RecordId,
    room: RecordId,
    topic_ref: Option<RecordId>,
    responsible: Option<RecordId>,
    #[surreal(default)]
    participants: Vec<RecordId>,
    deleted: bool,
}

impl LightRow {
    /// A summary with only what rights and list membership look at.
    fn sketch(self, kinds: &HashMap<String, RoomKind>) -> ChatSummary {
        let person = |id: &RecordId| EmployeeRef { id: key(id), name: String::new() };
        let room = key(&self.room);
        ChatSummary {
            id: key(&self.id),
            room_kind: kinds.get(&room).copied().unwrap_or(RoomKind::Client),
            room,
            source: Source::Workspace,
            status: StatusRef { id: String::new(), name: String::new(), color: String::new(), closed: false },
            topic: None,
            topic_id: self.topic_ref.as_ref().map(key),
            client_name: None,
            user: None,
            responsible: self.responsible.as_ref().map(person),
            participants: self.participants.iter().map(person).collect(),
            created_ms: 0,
            last: None,
            last_seq: 0,
            waiting_since_ms: None,
            deleted: self.deleted,
            blocked_until_ms: None,
            rev: 0,
            rating: None,
            left_offline: false,
        }
    }
}

#[derive(SurrealValue)]
struct KindRow {
    id: RecordId,
    kind: String,
}

/// Chats that match, visible to `actor`, newest activity first.
pub async fn filter_chats(state: &AppState, actor: &Actor, filter: ChatFilter) -> ServiceResult<FilterResult> {
    let filter = filter.normalized();
    if let Some(problem) = filter.problem() {
        return Err(problem.into());
    }
    let words = Some(filter.words.clone()).filter(|w| !w.is_empty());
    let sql = if words.is_some() {
        concat!(
            "LET $chats = array::distinct((SELECT VALUE chat FROM message_search WHERE text @@ $words));",
            filter_query!("$chats")
        )
    } else {
        concat!("LET $chats = NONE;", filter_query!("chat"))
    };
    let optional = |table: &'static str, key: &Option<String>| key.as_deref().map(|k| record(table, k)).transpose();
    // C16: the user's chats, and those of every user merged with them into one client.
    let users = match &filter.user {
        Some(user) => {
            let mut users = vec![user.clone()];
            if let Some(client) = client_of(state, user).await? {
                users.extend(client_users(state, actor, &client).await?.into_iter().map(|u| u.id).filter(|u| u != user));
            }
            Some(records("user", &users)?)
        }
        None => None,
    };
    let mut response = state
        .db
        .query(sql)
        .query("SELECT id, kind FROM room")
        .bind(("rooms", records("room", &actor.rooms)?))
        .bind(("me", record("employee", &actor.id)?))
        .bind(("words", words))
        .bind(("room", optional("room", &filter.room)?))
        .bind(("status", optional("chat_status", &filter.status)?))
        .bind(("responsible", optional("employee", &filter.responsible)?))
        .bind(("source", filter.source.map(|s| s.as_str())))
        .bind(("topic", filter.topic.clone()))
        .bind(("users", users))
        .bind(("from", filter.from_ms))
        .bind(("to", filter.to_ms))
        .bind(("client", Some(filter.client.to_lowercase()).filter(|c| !c.is_empty())))
        .bind(("deleted", filter.list == Some(ChatList::Deleted)))
        .await?
        .check()?;
    let light = rows::<LightRow>(&mut response, 1)?;
    let kinds: HashMap<String, RoomKind> = rows::<KindRow>(&mut response, 2)?
        .into_iter()
        .filter_map(|r| RoomKind::parse(&r.kind).map(|k| (key(&r.id), k)))
        .collect();

    let mut shown = Vec::new();
    let mut total = 0;
    for row in light {
        let sketch = row.sketch(&kinds);
        if !may(actor, Action::View, Object::Chat(&sketch)) {
            continue;
        }
        if filter.list.is_some_and(|list| !list.contains(&ChatRow { chat: sketch.clone(), read_seq: 0, mentioned_seq: 0 }, &actor.id)) {
            continue;
        }
        total += 1;
        if shown.len() < FILTER_LIMIT {
            shown.push(sketch.id);
        }
    }
    Ok(FilterResult { rows: full_rows(state, actor, shown).await?, total })
}

/// The shown chats in full, in the given order, with read positions.
async fn full_rows(state: &AppState, actor: &Actor, keys: Vec<String>) -> ServiceResult<Vec<ChatRow>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let order: HashMap<&str, usize> = keys.iter().enumerate().map(|(i, key)| (key.as_str(), i)).collect();
    let ids = records("chat", &keys)?;
    let mut response = state.db.query(concat!("SELECT ", summary_fields!(), " FROM $ids")).bind(("ids", ids)).await?;
    let reads = read_positions(state, actor).await?;
    let mut out: Vec<ChatRow> = rows::<SummaryRow>(&mut response, 0)?
        .into_iter()
        .map(SummaryRow::into_summary)
        .map(|chat| ChatRow { read_seq: reads.get(&chat.id).copied().unwrap_or(0), mentioned_seq: 0, chat })
        .collect();
    out.sort_by_key(|row| order.get(row.chat.id.as_str()).copied().unwrap_or(usize::MAX));
    Ok(out)
}
