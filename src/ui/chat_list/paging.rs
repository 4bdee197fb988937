//! Loading the chosen list a page at a time (#12): its first page when it is
//! first shown, the next one on «Показать ещё».

use dioxus::prelude::*;

use crate::api;
use crate::model::lists::{ChatList, ChatPage};
use crate::ui::workspace::store::{ListPage, Store};

/// Loads the first page of the chosen list when it has none yet.
pub fn use_first_page(store: Store) {
    use_effect(move || {
        let (Some(room), list) = (store.room.read().clone(), *store.list.read()) else { return };
        if !store.pages.read().contains_key(&(room.clone(), list)) {
            spawn(load_next(store, room, list));
        }
    });
}

/// The list's next page (its first if none is loaded, or the first failed);
/// one at a time. A failed page stays to be asked for again («Показать ещё»),
/// so a tab without a network does not ask in a loop.
pub async fn load_next(store: Store, room: String, list: ChatList) {
    let key = (room.clone(), list);
    let mut pages = store.pages;
    let after = {
        let mut pages = pages.write();
        let known = pages.contains_key(&key);
        let page = pages.entry(key.clone()).or_default();
        let complete = known && !page.failed && page.next.is_none();
        if page.loading || complete {
            return;
        }
        page.loading = true;
        page.next.clone()
    };
    let (after_ms, after_chat) = after.map_or((0, String::new()), |c| (c.activity_ms, c.chat));
    match api::chats::lists::chat_page(room, list.as_str().to_string(), after_ms, after_chat).await {
        Ok(ChatPage { rows, next }) => {
            store.merge_rows(rows);
            pages.write().insert(key, ListPage { next, loading: false, failed: false });
        }
        Err(_) => {
            if let Some(page) = pages.write().get_mut(&key) {
                page.loading = false;
                page.failed = true;
            }
        }
    }
}

/// The first page of the chosen list, replacing every chat held (a
/// reconnect: what was held may have changed meanwhile); the open chat stays.
pub async fn reload(store: Store) -> Result<(), ServerFnError> {
    let (Some(room), list) = (store.room.peek().clone(), *store.list.peek()) else {
        store.replace_chats(Vec::new());
        return Ok(());
    };
    let page = api::chats::lists::chat_page(room.clone(), list.as_str().to_string(), 0, String::new()).await?;
    let mut rows = page.rows;
    if let Some(open) = store.open.peek().clone() {
        if !rows.iter().any(|r| r.chat.id == open) {
            if let Ok(row) = api::chats::lists::chat_row(open).await {
                rows.push(row);
            }
        }
    }
    store.replace_chats(rows);
    let mut pages = store.pages;
    pages.set([((room, list), ListPage { next: page.next, loading: false, failed: false })].into_iter().collect());
    Ok(())
}

/// A chat this tab does not hold (opened by its address, a call in it): read
/// and kept. False if it is not there for this employee.
pub async fn fetch_chat(store: Store, chat: String) -> bool {
    match api::chats::lists::chat_row(chat).await {
        Ok(row) => {
            store.merge_rows([row]);
            true
        }
        Err(_) => false,
    }
}
