//! The lists column (W3–W7) and the chat list of the chosen list (W8, L1–L10).

pub mod filter;
pub mod item;
mod new_chat;
pub mod paging;

use dioxus::prelude::*;

use self::filter::{FilterButton, FilterDialog};
use self::item::ChatItem;
use self::new_chat::NewChatDialog;
use crate::ui::meeting::new_meeting::NewMeetingDialog;
use crate::model::lists::{list_rows, ChatList};
use crate::model::room::RoomKind;
use crate::ui::i18n::{msg, tr, tr_args, use_lang, Lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::rooms::UnreadCounter;
use crate::ui::workspace::store::{Pane, Store};
use crate::ui::a11y::activates;

/// The list's message id.
pub fn list_id(list: ChatList) -> &'static str {
    match list {
        ChatList::New => msg("list-new"),
        ChatList::Mine => msg("list-mine"),
        ChatList::All => msg("list-all"),
        ChatList::Deleted => msg("list-deleted"),
    }
}

/// The list's name in the manual's words in every language: `data-list`
/// and the filter's option values, which the browser tests select by.
pub fn list_key(list: ChatList) -> &'static str {
    tr(Lang::Ru, list_id(list))
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
    let counts = store.counts.read();

    rsx! {
        nav { class: "column lists-column", aria_label: tr(lang(), "lists"),
            div { class: "column-head", span { class: "title", {tr(lang(), "chats")} } }
            for list in lists_for(kind, may_delete) {
                {
                    let counter = counts.list(&room, list);
                    let name = tr(lang(), list_id(list));
                    let short: String = name.chars().take(1).collect();
                    rsx! {
                        div {
                            key: "{name}",
                            class: if list == active { "list active" } else { "list" },
                            "data-list": list_key(list),
                            role: "button",
                            tabindex: 0,
                            "aria-current": list == active,
                            title: "{name}",
                            onclick: move |_| store.select_list(list),
                            onkeydown: move |e: KeyboardEvent| if activates(&e) { e.prevent_default(); store.select_list(list) },
                            span { class: "list-icon", "{short}" }
                            span { class: "list-name", "{name}" }
                            UnreadCounter { counter }
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
    let active = store.filter.read().clone();
    // A filter covers all rooms (W9); its rows follow live changes and
    // leave when the chat is gone.
    let rows: Vec<_> = match &active {
        Some(active) => active.found.rows.iter().filter_map(|r| chats.get(&r.chat.id)).cloned().collect(),
        None => list_rows(chats.values(), &room, list, &me).into_iter().cloned().collect(),
    };
    // The list's pages (#12): «Показать ещё» while the server has more.
    let page = store.pages.read().get(&(room.clone(), list)).cloned();
    let loading_first = active.is_none() && page.as_ref().is_none_or(|p| p.loading && p.next.is_none());
    let more = active.is_none() && page.as_ref().is_some_and(|p| p.next.is_some() || p.failed);
    let loading = page.as_ref().is_some_and(|p| p.loading);
    let room_for_more = room.clone();
    let room_name = store.rooms.read().iter().find(|r| r.id == room).map(|r| r.name.clone()).unwrap_or_default();
    let open = store.open.read().clone();
    let related = active.as_ref().is_some_and(|a| a.filter.user.is_some());
    // W12: «Добавить чат» in internal rooms.
    let internal = store.room_kind(&room) == Some(RoomKind::Internal);
    // R3, R4: «Создать новую конференцию или вебинар» (with «Управление встречами»).
    let meetings = matches!(store.room_kind(&room), Some(RoomKind::Conference | RoomKind::Webinar))
        && store.me.read().rights.iter().any(|r| r == "meetings.manage" || r == "admin");
    let mut adding = use_signal(|| false);
    let add_label = if meetings { tr(lang(), "new-meeting") } else { tr(lang(), "add-chat") };

    rsx! {
        section { class: "column chat-list-column", aria_label: "{room_name}",
            div { class: "column-head",
                match &active {
                    Some(active) => rsx! {
                        span { class: "filter-summary",
                            {if related { tr(lang(), "related-chats") } else { tr(lang(), "filter") }}
                            " · " {tr_args(lang(), "filter-found", &[("count", active.found.total.into())])}
                        }
                        button { class: "ghost small", "data-reset": "filter", onclick: move |_| filter::reset(store),
                            {if related { tr(lang(), "reset") } else { tr(lang(), "reset-filter") }}
                        }
                    },
                    None => rsx! {
                        button { class: "ghost back", "data-back": "rooms", title: tr(lang(), "back"), "aria-label": tr(lang(), "back"),
                            onclick: move |_| { let mut pane = store.pane; pane.set(Pane::Rooms); }, Icon { name: IconName::ArrowLeft }
                        }
                        span { class: "list-title",
                            if room_name.is_empty() { {tr(lang(), list_id(list))} } else { "{room_name} · {tr(lang(), list_id(list))}" }
                        }
                    },
                }
                if internal || meetings {
                    button { class: if adding() { "ghost add-chat on" } else { "ghost add-chat" },
                        title: add_label,
                        "aria-label": add_label,
                        "aria-pressed": adding(), onclick: move |_| adding.toggle(), Icon { name: IconName::Plus }
                    }
                }
                FilterButton {}
            }
            if adding() && internal {
                NewChatDialog { key: "{room}", room: room.clone(), on_close: move |_| adding.set(false) }
            }
            if adding() && meetings {
                NewMeetingDialog { key: "{room}", room: room.clone(), on_close: move |_| adding.set(false) }
            }
            if *store.filter_open.read() {
                FilterDialog {}
            }
            if rows.is_empty() {
                div { class: "empty", {if loading_first { tr(lang(), "loading") } else { tr(lang(), "no-chats") }} }
            }
            for row in rows {
                ChatItem { key: "{row.chat.id}", active: open.as_deref() == Some(row.chat.id.as_str()), row }
            }
            if more {
                button { class: "ghost show-more", "data-more": "chats", disabled: loading,
                    onclick: move |_| { spawn(paging::load_next(store, room_for_more.clone(), list)); },
                    {if loading { tr(lang(), "loading") } else { tr(lang(), "show-more") }}
                }
            }
        }
    }
}
