//! What the address asks for when the workspace opens (#15): a chat (a
//! tapped push notification, `?chat=…`) or a list (the installed app's
//! shortcuts, `?list=new|mine`); acted on once the chats are in.

use dioxus::prelude::*;

use super::store::Store;
use crate::model::lists::ChatList;
use crate::model::room::RoomKind;
use crate::ui::browser::{clear_query, query_param};

pub fn use_entry(store: Store) {
    let mut wanted = use_signal(|| (query_param("chat"), query_param("list")));
    let mut fetching = use_signal(|| false);
    use_effect(move || {
        let (chat, list) = wanted();
        if chat.is_none() && list.is_none() {
            return;
        }
        let loaded = !store.rooms.read().is_empty() && store.room.read().is_some();
        if !loaded {
            return;
        }
        if let Some(chat) = chat {
            if !store.chats.read().contains_key(&chat) {
                // Beyond the pages loaded (#12): read it once; not there for
                // me (gone, or not mine to see), the address is dropped.
                if !*fetching.peek() {
                    fetching.set(true);
                    spawn(async move {
                        if !crate::ui::chat_list::paging::fetch_chat(store, chat).await {
                            clear_query();
                            wanted.set((None, None));
                        }
                    });
                }
                return;
            }
            store.open_chat(&chat);
        } else if let Some(list) = list.as_deref() {
            let list = match list {
                "new" => ChatList::New,
                "mine" => ChatList::Mine,
                _ => ChatList::All,
            };
            // «Новые» is a client room's list: the first client room's.
            if list == ChatList::New && store.room.peek().as_deref().and_then(|r| store.room_kind(r)) != Some(RoomKind::Client) {
                let first_client = store.rooms.peek().iter().find(|r| r.kind == RoomKind::Client).map(|r| r.id.clone());
                if let Some(room) = first_client {
                    store.select_room(&room);
                }
            }
            store.select_list(list);
        }
        clear_query();
        wanted.set((None, None));
    });
}
