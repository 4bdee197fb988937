//! The chat menu's pickers: a status (C10), a responsible person (C11),
//! searchable, people first and bots last, with whose Chats window is open
//! (pushed live); a topic (C12).

use std::future::Future;

use dioxus::prelude::*;

use crate::api;
use crate::model::chat::{TopicChoice, TOPIC_MAX_CHARS};
use crate::model::employee::Assignee;
use crate::ui::workspace::store::Store;
use crate::ui::feedback::loaded;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::status_badge::StatusBadge;
use crate::ui::problem::error_text;

/// The people `fetch` lists for `chat`. Who has the Chats window open and
/// who is on a break then change live, through [`with_presence`].
pub fn use_people<F, Fut>(chat: String, fetch: F) -> Resource<Result<Vec<Assignee>, ServerFnError>>
where
    F: Fn(String) -> Fut + 'static,
    Fut: Future<Output = Result<Vec<Assignee>, ServerFnError>> + 'static,
{
    use_resource(move || fetch(chat.clone()))
}

/// The people as the hub last told this tab (C11's dot, P2's colour):
/// presence events pushed since the list was fetched win over it.
pub fn with_presence(store: Store, mut list: Vec<Assignee>) -> Vec<Assignee> {
    let presence = store.presence.read();
    for person in &mut list {
        if let Some(seen) = presence.get(&person.id) {
            person.online = seen.online.unwrap_or(person.online);
            person.active = seen.active.unwrap_or(person.active);
        }
    }
    list
}

#[component]
pub fn StatusPicker(chat: String, current: String, on_done: EventHandler<Result<(), String>>) -> Element {
    let lang = use_lang();
    let statuses = use_resource(|| async move { api::chats::actions::list_statuses().await });
    let list = match loaded(lang(), &statuses) {
        Ok(list) => list,
        Err(shown) => return shown,
    };
    rsx! {
        div { class: "picker", "data-picker": "status",
            for status in list {
                {
                    let (chat, key) = (chat.clone(), status.id.clone());
                    rsx! {
                        button { key: "{status.id}", class: if status.id == current { "menu-item current" } else { "menu-item" }, "data-status": "{status.id}",
                            onclick: move |_| {
                                let (chat, key) = (chat.clone(), key.clone());
                                async move {
                                    on_done.call(api::chats::actions::set_status(chat, key).await.map_err(|e| error_text(lang(), &e)));
                                }
                            },
                            StatusBadge { name: status.name.clone(), color: status.color.clone() }
                            if status.closed { span { class: "muted", " {tr(lang(), \"status-closed-mark\")}" } }
                        }
                    }
                }
            }
        }
    }
}

#[component]
pub fn AssigneePicker(chat: String, current: Option<String>, on_done: EventHandler<Result<(), String>>) -> Element {
    let lang = use_lang();
    let mut query = use_signal(String::new);
    let store = use_context::<Store>();
    let people = use_people(chat.clone(), api::chats::actions::list_assignees);
    let list = match loaded(lang(), &people) {
        Ok(list) => with_presence(store, list),
        Err(shown) => return shown,
    };
    let needle = query().to_lowercase();
    rsx! {
        div { class: "picker", "data-picker": "responsible",
            input { class: "picker-search", placeholder: tr(lang(), "find-employee"), value: "{query}", autofocus: true,
                oninput: move |e| query.set(e.value()) }
            for person in list.into_iter().filter(|p| needle.is_empty() || p.name.to_lowercase().contains(&needle)) {
                {
                    let (chat, key) = (chat.clone(), person.id.clone());
                    let chosen = current.as_deref() == Some(person.id.as_str());
                    rsx! {
                        button { key: "{person.id}", class: person_class(chosen, person.active, person.is_bot), "data-employee": "{person.id}",
                            "data-active": "{person.active}",
                            onclick: move |_| {
                                let (chat, key) = (chat.clone(), key.clone());
                                async move {
                                    on_done.call(api::chats::actions::assign_responsible(chat, key).await.map_err(|e| error_text(lang(), &e)));
                                }
                            },
                            Presence { online: person.online }
                            "{person.name}"
                            if person.is_bot { span { class: "badge", " {tr(lang(), \"bot-badge\")}" } }
                        }
                    }
                }
            }
        }
    }
}

/// C12: the administrator's topics, «Другая» with a typed one, or none.
#[component]
pub fn TopicPicker(chat: String, current: Option<String>, on_done: EventHandler<Result<(), String>>) -> Element {
    let lang = use_lang();
    let mut other = use_signal(String::new);
    let mut typing = use_signal(|| false);
    let topics = use_resource(|| async move { api::chats::actions::list_topics().await });
    let list = match loaded(lang(), &topics) {
        Ok(list) => list,
        Err(shown) => return shown,
    };
    let choose = move |chat: String, choice: TopicChoice| async move {
        on_done.call(api::chats::actions::set_topic(chat, choice).await.map_err(|e| error_text(lang(), &e)));
    };
    let typed_chat = chat.clone();
    rsx! {
        div { class: "picker", "data-picker": "topic",
            for topic in list {
                {
                    let (chat, key) = (chat.clone(), topic.id.clone());
                    let chosen = current.as_deref() == Some(topic.name.as_str());
                    rsx! {
                        button { key: "{topic.id}", class: if chosen { "menu-item current" } else { "menu-item" }, "data-topic": "{topic.id}",
                            onclick: move |_| choose(chat.clone(), TopicChoice::Directory(key.clone())),
                            "{topic.name}"
                        }
                    }
                }
            }
            button { class: "menu-item", "data-topic": "other", onclick: move |_| typing.set(true), {tr(lang(), "topic-other")} }
            if typing() {
                form { class: "inline-form",
                    onsubmit: move |e: FormEvent| { e.prevent_default(); choose(typed_chat.clone(), TopicChoice::Other(other())) },
                    input { class: "topic-other", maxlength: "{TOPIC_MAX_CHARS}", autofocus: true, placeholder: tr(lang(), "topic"),
                        value: "{other}", oninput: move |e| other.set(e.value()) }
                    button { class: "primary", r#type: "submit", {tr(lang(), "save")} }
                }
            }
            if current.is_some() {
                {
                    let chat = chat.clone();
                    rsx! { button { class: "menu-item muted", "data-topic": "none", onclick: move |_| choose(chat.clone(), TopicChoice::None), {tr(lang(), "no-topic")} } }
                }
            }
        }
    }
}

/// A picker row: the chosen one bold; active people green, those on a
/// break red (C11, P2), bots plain.
pub fn person_class(chosen: bool, active: bool, is_bot: bool) -> String {
    let state = if is_bot { "" } else if active { " is-active" } else { " is-away" };
    format!("menu-item{}{state}", if chosen { " current" } else { "" })
}

/// C11: a green dot when the employee has this chat open now, red otherwise.
#[component]
pub fn Presence(online: bool) -> Element {
    let lang = use_lang();
    rsx! {
        span {
            class: if online { "presence on" } else { "presence" },
            title: if online { tr(lang(), "chats-window-open") } else { tr(lang(), "chats-window-closed") },
        }
    }
}
