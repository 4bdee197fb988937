//! The open chat (W11): header, message history and composer.

pub(crate) mod attachments;
mod client_panel;
mod composer;
mod messages;
pub(crate) mod send;

use dioxus::prelude::*;

use crate::api;

pub use self::composer::{Composer, Draft};
pub use self::messages::{MessageList, PendingView, Viewer};
use self::client_panel::ClientPanelView;
use crate::model::saved_reply::{ReplyVariables, SavedReply};
use crate::ui::conversation::TypingLine;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::status_badge::StatusBadge;
use crate::ui::menus::ChatMenu;
use crate::ui::workspace::store::Store;

#[component]
pub fn ChatView() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    // C1: the client panel shows beside the chat on wide screens; elsewhere on request.
    let mut panel_open = store.client_panel;
    // Colleagues who may see the open chat, for `@` in the composer (#14).
    let colleagues = use_resource(move || {
        // Read here, not in the future, so that opening another chat asks again.
        let chat = store.open.read().clone();
        async move { api::chats::actions::list_assignees(chat?).await.ok() }
    });
    // The open chat, when the tab does not hold it: read it once; its id if it is not there.
    let missing = use_resource(move || {
        let open = store.open.read().clone();
        let held = open.as_ref().is_some_and(|chat| store.chats.peek().contains_key(chat));
        async move {
            let chat = open.filter(|_| !held)?;
            (!crate::ui::chat_list::paging::fetch_chat(store, chat.clone()).await).then_some(chat)
        }
    });
    let Some(open) = store.open.read().clone() else {
        return rsx! { main { class: "chat-view", div { class: "placeholder", {tr(lang(), "choose-chat")} } } };
    };
    let Some(row) = store.chats.read().get(&open).cloned() else {
        // Not held: read it (#12); not there for me: deleted, or access taken away.
        let gone = missing.read().clone().flatten().is_some_and(|id| id == open);
        let text = if gone { tr(lang(), "chat-gone") } else { tr(lang(), "loading") };
        return rsx! { main { class: "chat-view", div { class: "placeholder", "{text}" } } };
    };
    let chat = row.chat;
    let me = store.me.read().id.clone();
    let thread = store.thread.read();
    let messages: Vec<_> = thread.messages.values().cloned().collect();
    let loaded = thread.loaded;
    let (has_older, has_newer, unread_from) = (thread.has_older, thread.has_newer, thread.unread_from);
    let pending: Vec<PendingView> = store
        .outbox
        .items
        .read()
        .iter()
        .filter(|p| p.chat == open)
        .map(|p| PendingView { client_id: p.client_id.clone(), text: p.text.clone(), note: p.note, failed: p.failed.clone(), files: p.files.clone() })
        .collect();
    let responsible = chat.responsible.as_ref().map(|r| r.name.clone());
    let chat_for_send = open.clone();
    let chat_for_typing = open.clone();
    let typing = store.typing.in_chat(&open);
    // A note needs someone to keep it from: a client's chat (#14).
    let notes = chat.user.is_some();
    let people: Vec<String> = colleagues
        .read()
        .clone()
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .filter(|person| person.id != me && !person.is_bot)
        .map(|person| person.name)
        .collect();
    let replies: Vec<SavedReply> =
        store.saved_replies.read().iter().filter(|r| r.room.as_ref().is_none_or(|room| *room == chat.room)).cloned().collect();
    let variables = ReplyVariables {
        client: chat.client_name.clone().unwrap_or_default(),
        operator: store.me.read().name.clone(),
        room: store.rooms.read().iter().find(|r| r.id == chat.room).map(|r| r.name.clone()).unwrap_or_default(),
    };

    rsx! {
        main { class: "chat-view", "data-open-chat": "{open}",
            div { class: "chat-head",
                button { class: "ghost back", "data-back": "list", title: tr(lang(), "back"), "aria-label": tr(lang(), "back"),
                    onclick: move |_| store.step_back(), Icon { name: IconName::ArrowLeft } }
                h2 { class: "title", "{chat.title()}" }
                div { class: "chat-meta",
                    if let (Some(_), Some(topic)) = (&chat.client_name, &chat.topic) {
                        span { class: "chat-topic", title: tr(lang(), "topic"), "{topic}" }
                    }
                    span { class: "muted", title: tr(lang(), "responsible"),
                        {responsible.unwrap_or_else(|| tr(lang(), "no-responsible").to_string())}
                    }
                    StatusBadge { name: chat.status.name.clone(), color: chat.status.color.clone() }
                    if let Some(rating) = &chat.rating {
                        span { class: "rating-badge", title: tr(lang(), "rating-badge-title"), "aria-label": tr(lang(), "rating-badge-title"),
                            "★ {rating.score}"
                        }
                    }
                    if chat.deleted { span { class: "badge", {tr(lang(), "chat-deleted-mark")} } }
                }
                if chat.user.is_some() {
                    button { class: if panel_open() { "ghost client-panel-toggle on" } else { "ghost client-panel-toggle" },
                        title: tr(lang(), "client-info"), "aria-label": tr(lang(), "client-info"),
                        "aria-pressed": panel_open(), onclick: move |_| panel_open.toggle(), Icon { name: IconName::Info }
                    }
                }
                ChatMenu { key: "{chat.id}", chat: chat.clone() }
            }
            div { class: "chat-body",
                div { class: "chat-thread",
                    MessageList {
                        messages,
                        pending,
                        viewer: Viewer::Employee(me),
                        loaded,
                        has_older,
                        has_newer,
                        unread_from,
                        on_older: move |_| { spawn(crate::ui::workspace::live::load_older(store)); },
                        on_newer: move |_| { spawn(crate::ui::workspace::live::load_newer(store)); },
                        on_retry: move |client_id: String| send::retry(store, client_id),
                        on_discard: move |client_id: String| send::discard(store, client_id),
                    }
                    TypingLine { names: typing }
                    Composer {
                        key: "{open}",
                        notes,
                        replies,
                        variables,
                        people,
                        uploads: crate::ui::conversation::uploads::UploadTarget::Chat(open.clone()),
                        on_send: move |draft: Draft| send::send(store, chat_for_send.clone(), draft),
                        on_typing: move |note: bool| store.say_typing(chat_for_typing.clone(), note),
                    }
                }
                if chat.user.is_some() && panel_open() {
                    ClientPanelView { chat: chat.id.clone(), rev: chat.rev }
                }
            }
        }
    }
}
