//! The lists «Новые / Мои / Все / Удаленные» a page at a time (#12): the
//! first screen carries one page, whatever the number of chats.

use std::collections::HashMap;

use surrealdb::types::{RecordId, SurrealValue};

use crate::model::chat::ChatRow;
use crate::model::lists::{ChatList, ChatPage, PageCursor};
use crate::server::error::ServiceResult;
use crate::server::rights::{Action, Actor};
use crate::server::state::AppState;
use crate::server::store::db::rows;
use crate::server::store::records::{key, record, records};

/// Chats in a page unless `CHAT_PAGE_SIZE` says otherwise (1 to 500).
const PAGE_SIZE: usize = 50;

pub fn page_size() -> usize {
    std::env::var("CHAT_PAGE_SIZE").ok().and_then(|v| v.parse::<usize>().ok()).map_or(PAGE_SIZE, |n| n.clamp(1, 500))
}

/// The page of `size` chats of `list` in `room` after `after` (the first
/// without one), as `actor` sees it: chats they may not see are not there.
pub async fn page(state: &AppState, actor: &Actor, room: &str, list: ChatList, after: Option<PageCursor>, size: usize) -> ServiceResult<ChatPage> {
    state.chat_index.ready().await;
    crate::server::live::counts::ensure_reads(state, actor).await?;
    let (mut rows, next) = state.chat_index.page(actor, room, list, after.as_ref(), size.clamp(1, 500));
    add_mentions(state, actor, &mut rows).await?;
    Ok(ChatPage { rows, next })
}

/// One chat as the caller's list would show it (a chat opened by its
/// address, or one the tab has not loaded): not found unless they may see it.
pub async fn row(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<ChatRow> {
    let summary = crate::server::chats::summary::accessible(state, actor, chat, Action::View).await?;
    crate::server::live::counts::ensure_reads(state, actor).await?;
    let read_seq = state.chat_index.read_seq(&actor.id, chat);
    let mut rows = vec![ChatRow { chat: summary, read_seq, mentioned_seq: 0 }];
    add_mentions(state, actor, &mut rows).await?;
    Ok(rows.remove(0))
}

#[derive(SurrealValue)]
struct MentionRow {
    chat: RecordId,
    seq: i64,
}

/// The last message that mentioned the caller, in each of these chats.
async fn add_mentions(state: &AppState, actor: &Actor, found: &mut [ChatRow]) -> ServiceResult<()> {
    if found.is_empty() {
        return Ok(());
    }
    let chats: Vec<String> = found.iter().map(|r| r.chat.id.clone()).collect();
    let mut response = state
        .db
        .query("SELECT chat, seq FROM mention WHERE employee = $me AND chat IN $chats")
        .bind(("me", record("employee", &actor.id)?))
        .bind(("chats", records("chat", &chats)?))
        .await?;
    let mentions: HashMap<String, i64> = rows::<MentionRow>(&mut response, 0)?.into_iter().map(|m| (key(&m.chat), m.seq)).collect();
    for row in found {
        row.mentioned_seq = mentions.get(&row.chat.id).copied().unwrap_or(0);
    }
    Ok(())
}
