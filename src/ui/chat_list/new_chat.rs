//! «Добавить чат» in internal rooms (R2, W12): pick colleagues by typing or
//! from the list; the chats I already have with exactly them are offered
//! first; «Создать» opens the new personal or group chat.

use std::collections::BTreeSet;

use dioxus::prelude::*;

use crate::api;
use crate::model::chat::ChatSummary;
use crate::model::internal_chat::NewInternalChat;
use crate::ui::browser::random_id;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::workspace::store::Store;
use crate::ui::problem::{error_text, problem_text};

/// Shows `chat` at once (before its live event arrives) and opens it.
fn open_chat(store: Store, chat: ChatSummary) {
    let id = chat.id.clone();
    store.upsert_chat(chat, 0);
    let mut open = store.open;
    open.set(Some(id));
}

#[component]
pub fn NewChatDialog(room: String, on_close: EventHandler<()>) -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    // One key per dialog: a retried «Создать» returns the chat already made.
    let key = use_signal(random_id);
    let mut group = use_signal(|| false);
    let mut query = use_signal(String::new);
    let mut chosen = use_signal(BTreeSet::<String>::new);
    let mut topic = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let colleagues = use_resource(|| async { api::chats::participants::list_colleagues().await });
    let same_room = room.clone();
    let same = use_resource(move || {
        let others: Vec<String> = chosen.read().iter().cloned().collect();
        let room = same_room.clone();
        async move {
            if others.is_empty() {
                return Ok(Vec::new());
            }
            api::chats::internal::same_people_chats(room, others).await
        }
    });

    let me = store.me.read().id.clone();
    let people = match &*colleagues.read() {
        None => return rsx! { div { class: "new-chat-dialog muted", {tr(lang(), "loading")} } },
        Some(Err(e)) => return rsx! { div { class: "new-chat-dialog error", role: "alert", {error_text(lang(), e)} } },
        Some(Ok(list)) => list.iter().filter(|p| p.id != me).cloned().collect::<Vec<_>>(),
    };
    let request = NewInternalChat {
        room: room.clone(),
        key: key(),
        group: group(),
        others: chosen.read().iter().cloned().collect(),
        topic: topic(),
    }
    .normalized(&me);
    let problem = request.problem();
    let needle = query().to_lowercase();
    let existing: Vec<ChatSummary> = match &*same.read() {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };

    rsx! {
        div { class: "new-chat-dialog", role: "dialog", aria_label: tr(lang(), "add-chat"),
            div { class: "segmented",
                button { class: if !group() { "on" } else { "" }, "data-kind": "personal",
                    onclick: move |_| {
                        group.set(false);
                        let first = chosen.read().iter().next().cloned();
                        chosen.set(first.into_iter().collect());
                    },
                    {tr(lang(), "personal-chat")}
                }
                button { class: if group() { "on" } else { "" }, "data-kind": "group", onclick: move |_| group.set(true),
                    {tr(lang(), "group-chat")}
                }
            }
            if group() {
                label { {tr(lang(), "topic")}
                    input { name: "topic", maxlength: 120, value: "{topic}", placeholder: tr(lang(), "chat-topic-placeholder"),
                        oninput: move |e| topic.set(e.value()) }
                }
            }
            input { class: "picker-search", placeholder: tr(lang(), "find-employee"), value: "{query}", autofocus: true,
                oninput: move |e| query.set(e.value()) }
            div { class: "picker", "data-picker": "colleagues",
                for person in people.into_iter().filter(|p| needle.is_empty() || p.name.to_lowercase().contains(&needle)) {
                    {
                        let key = person.id.clone();
                        let on = chosen.read().contains(&person.id);
                        rsx! {
                            label { key: "{person.id}", class: if on { "menu-item current" } else { "menu-item" }, "data-employee": "{person.id}",
                                input { r#type: if group() { "checkbox" } else { "radio" }, name: "colleague", checked: on,
                                    onchange: move |_| {
                                        let mut set = chosen.write();
                                        if !group() {
                                            set.clear();
                                            set.insert(key.clone());
                                        } else if !set.remove(&key) {
                                            set.insert(key.clone());
                                        }
                                    }
                                }
                                "{person.name}"
                            }
                        }
                    }
                }
            }
            if !existing.is_empty() {
                div { class: "same-chats",
                    p { class: "muted", {tr(lang(), "existing-chats-hint")} }
                    for chat in existing {
                        {
                            let title = chat.title();
                            let last = chat.last.as_ref().map(|l| l.text.clone()).unwrap_or_default();
                            rsx! {
                                button { key: "{chat.id}", class: "menu-item same-chat", "data-chat": "{chat.id}",
                                    onclick: move |_| { open_chat(store, chat.clone()); on_close.call(()); },
                                    b { "{title}" }
                                    span { class: "muted", " {last}" }
                                }
                            }
                        }
                    }
                }
            }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            } else if let Some(hint) = &problem {
                div { class: "muted hint", {problem_text(lang(), hint)} }
            }
            div { class: "inline-form",
                button { class: "primary", "data-confirm": "create-chat", disabled: problem.is_some() || busy(),
                    onclick: move |_| {
                        let request = request.clone();
                        async move {
                            busy.set(true);
                            let result = api::chats::internal::create_internal_chat(request).await;
                            busy.set(false);
                            match result {
                                Ok(chat) => { open_chat(store, chat); on_close.call(()); }
                                Err(e) => error.set(Some(error_text(lang(), &e))),
                            }
                        }
                    },
                    {tr(lang(), "create")}
                }
                button { class: "ghost", onclick: move |_| on_close.call(()), {tr(lang(), "cancel")} }
            }
        }
    }
}
