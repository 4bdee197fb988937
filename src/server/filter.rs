//! The chat filter (W9) and related chats (C16) over all rooms: one constant
//! query whose conditions switch off when their parameter is NONE, the words
//! through the messages' full-text index, then the rights model and the
//! list rules in Rust.

use super::chats::{read_positions, SummaryRow};
use super::db::rows;
use super::error::{ServiceError, ServiceResult};
use super::records::record;
use super::rights::{may, Action, Actor, Object};
use super::state::AppState;
use crate::model::chat::ChatRow;
use crate::model::filter::{ChatFilter, FilterResult, FILTER_LIMIT};
use crate::model::lists::ChatList;

/// Chats that match, visible to `actor`, newest activity first.
pub async fn filter_chats(state: &AppState, actor: &Actor, filter: ChatFilter) -> ServiceResult<FilterResult> {
    let filter = filter.normalized();
    if let Some(problem) = filter.problem() {
        return Err(ServiceError::BadInput(problem.into()));
    }
    let sql = concat!(
        "LET $word_chats = IF $words = NONE { NONE } ELSE { array::distinct(SELECT VALUE chat FROM message WHERE text @@ $words) };
         SELECT ",
        summary_fields!(),
        ", last_at_ms ?? created_ms AS activity FROM chat WHERE
            (room IN $rooms OR responsible = $me OR participants CONTAINS $me)
            AND ($room = NONE OR room = $room)
            AND ($status = NONE OR status = $status)
            AND ($responsible = NONE OR responsible = $responsible)
            AND ($source = NONE OR source.kind = $source)
            AND ($topic = NONE OR topic = $topic)
            AND ($user = NONE OR user = $user)
            AND ($from = NONE OR (last_at_ms ?? created_ms) >= $from)
            AND ($to = NONE OR created_ms <= $to)
            AND ($client = NONE OR string::contains(string::lowercase(user.name ?? ''), $client))
            AND ($word_chats = NONE OR id IN $word_chats)
            AND deleted = $deleted
         ORDER BY activity DESC;"
    );
    let optional = |table: &'static str, key: &Option<String>| key.as_deref().map(|k| record(table, k)).transpose();
    let mut response = state
        .db
        .query(sql)
        .bind(("rooms", actor.rooms.iter().map(|k| record("room", k)).collect::<ServiceResult<Vec<_>>>()?))
        .bind(("me", record("employee", &actor.id)?))
        .bind(("words", Some(filter.words.clone()).filter(|w| !w.is_empty())))
        .bind(("room", optional("room", &filter.room)?))
        .bind(("status", optional("chat_status", &filter.status)?))
        .bind(("responsible", optional("employee", &filter.responsible)?))
        .bind(("source", filter.source.map(|s| s.as_str())))
        .bind(("topic", filter.topic.clone()))
        .bind(("user", optional("user", &filter.user)?))
        .bind(("from", filter.from_ms))
        .bind(("to", filter.to_ms))
        .bind(("client", Some(filter.client.to_lowercase()).filter(|c| !c.is_empty())))
        .bind(("deleted", filter.list == Some(ChatList::Deleted)))
        .await?
        .check()?;
    let found = rows::<SummaryRow>(&mut response, 1)?;
    let reads = read_positions(state, actor).await?;
    let mut result = FilterResult::default();
    for row in found {
        let chat = row.into_summary();
        if !may(actor, Action::View, Object::Chat(&chat)) {
            continue;
        }
        let read_seq = reads.get(&chat.id).copied().unwrap_or(0);
        let row = ChatRow { chat, read_seq };
        if filter.list.is_some_and(|list| !list.contains(&row, &actor.id)) {
            continue;
        }
        result.total += 1;
        if result.rows.len() < FILTER_LIMIT {
            result.rows.push(row);
        }
    }
    Ok(result)
}
