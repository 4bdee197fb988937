//! The lists column (W3–W7) and the chat list of the chosen list (W8, L1–L10).

mod item;

use dioxus::prelude::*;

use self::item::ChatItem;
use crate::model::lists::{count_list, list_rows, ChatList};
use crate::model::room::RoomKind;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::workspace::store::Store;

pub fn list_name(list: ChatList) -> &'static str {
    match list {
        ChatList::New => "Новые",
        ChatList::Mine => "Мои",
        ChatList::All => "Все",
        ChatList::Deleted => "Удаленные",
    }
}

/// The lists this employee has in this room: «Новые» only in client rooms,
/// «Удаленные» only with the right to delete chats.
fn lists_for(kind: Option<RoomKind>, may_delete: bool) -> Vec<ChatList> {
    ChatList::ALL
        .into_iter()
        .filter(|l| *l != ChatList::New || kind == Some(RoomKind::Client))
        .filter(|l| *l != ChatList::Deleted || may_delete)
        .collect()
}

#[component]
pub fn ListsColumn() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let Some(room) = store.room.read().clone() else {
        return rsx! { nav { class: "column lists-column" } };
    };
    let me = store.me.read().clone();
    let may_delete = me.rights.iter().any(|r| r == "chats.delete" || r == "admin");
    let kind = store.room_kind(&room);
    let active = *store.list.read();
    let chats = store.chats.read();

    rsx! {
        nav { class: "column lists-column", aria_label: tr(lang(), "Списки"),
            div { class: "column-head", span { class: "title", {tr(lang(), "Чаты")} } }
            for list in lists_for(kind, may_delete) {
                {
                    let counter = count_list(chats.values(), &room, list, &me.id);
                    let name = tr(lang(), list_name(list));
                    let short: String = name.chars().take(1).collect();
                    rsx! {
                        div {
                            key: "{name}",
                            class: if list == active { "list active" } else { "list" },
                            "data-list": "{list_name(list)}",
                            role: "button",
                            title: "{name}",
                            onclick: move |_| { let mut l = store.list; l.set(list); },
                            span { class: "list-icon", "{short}" }
                            span { class: "list-name", "{name}" }
                            span { class: "counter", title: tr(lang(), "Непрочитанные / всего"),
                                b { "{counter.unread}" } " / {counter.total}"
                            }
                            if counter.unread > 0 {
                                span { class: "dot-badge", "{counter.unread}" }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[component]
pub fn ChatListColumn() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let room = store.room.read().clone().unwrap_or_default();
    let list = *store.list.read();
    let me = store.me.read().id.clone();
    let chats = store.chats.read();
    let rows: Vec<_> = list_rows(chats.values(), &room, list, &me).into_iter().cloned().collect();
    let room_name = store.rooms.read().iter().find(|r| r.id == room).map(|r| r.name.clone()).unwrap_or_default();
    let open = store.open.read().clone();

    rsx! {
        section { class: "column chat-list-column", aria_label: "{room_name}",
            div { class: "column-head",
                span { "{room_name} · {tr(lang(), list_name(list))}" }
            }
            if rows.is_empty() {
                div { class: "empty", {tr(lang(), "Чатов нет")} }
            }
            for row in rows {
                ChatItem { key: "{row.chat.id}", active: open.as_deref() == Some(row.chat.id.as_str()), row }
            }
        }
    }
}
