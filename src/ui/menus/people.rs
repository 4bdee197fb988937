//! Operators and participants (C5, C8, C9): the list with each one's info
//! and «Удалить», and a picker that adds several at once.

use std::collections::BTreeSet;

use dioxus::prelude::*;

use super::pickers::{person_class, use_people, with_presence, Presence};
use crate::api;
use crate::ui::workspace::store::Store;
use crate::ui::feedback::loaded;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::problem::error_text;

/// C8 «Список участников».
#[component]
pub fn ParticipantsPanel(chat: String, on_add: EventHandler<()>, on_done: EventHandler<Result<(), String>>) -> Element {
    let lang = use_lang();
    let store = use_context::<Store>();
    let mut expanded = use_signal(|| None::<String>);
    let mut people = use_people(chat.clone(), api::chats::participants::list_participants);
    let list = match loaded(lang(), &people) {
        Ok(list) => with_presence(store, list),
        Err(shown) => return shown,
    };
    rsx! {
        div { class: "picker participants", "data-picker": "participants",
            if list.is_empty() { p { class: "muted", {tr(lang(), "no-participants")} } }
            for person in list {
                {
                    let (chat, key, toggle_key) = (chat.clone(), person.id.clone(), person.id.clone());
                    let open = expanded().as_deref() == Some(person.id.as_str());
                    rsx! {
                        div { key: "{person.id}", class: "participant", "data-participant": "{person.id}",
                            button { class: person_class(false, person.active, person.is_bot), title: tr(lang(), "participant-info"),
                                onclick: move |_| expanded.set(if open { None } else { Some(toggle_key.clone()) }),
                                Presence { online: person.online }
                                "{person.name}"
                                if person.is_bot { span { class: "badge", {tr(lang(), "bot-badge")} } }
                            }
                            button { class: "ghost small", "data-remove": "{person.id}", title: tr(lang(), "remove-from-chat"), "aria-label": tr(lang(), "remove-from-chat"),
                                onclick: move |_| {
                                    let (chat, key) = (chat.clone(), key.clone());
                                    async move {
                                        match api::chats::participants::remove_participant(chat, key).await {
                                            Ok(()) => people.restart(),
                                            Err(e) => on_done.call(Err(error_text(lang(), &e))),
                                        }
                                    }
                                },
                                Icon { name: IconName::X }
                            }
                            if open {
                                div { class: "participant-info",
                                    div { "{person.email}" }
                                    div { class: "muted",
                                        if person.online { {tr(lang(), "chats-window-open")} } else { {tr(lang(), "chats-window-closed")} }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            button { class: "menu-item", "data-menu": "add-participants", onclick: move |_| on_add.call(()), Icon { name: IconName::Plus } {tr(lang(), "add-participants")} }
        }
    }
}

/// C9 «Добавить оператора»: tick several, then «Добавить».
#[component]
pub fn OperatorPicker(chat: String, on_done: EventHandler<Result<(), String>>) -> Element {
    let lang = use_lang();
    let store = use_context::<Store>();
    let mut query = use_signal(String::new);
    let mut chosen = use_signal(BTreeSet::<String>::new);
    let people = use_people(chat.clone(), api::chats::participants::list_operator_candidates);
    let list = match loaded(lang(), &people) {
        Ok(list) => with_presence(store, list),
        Err(shown) => return shown,
    };
    let needle = query().to_lowercase();
    let count = chosen.read().len();
    rsx! {
        div { class: "picker", "data-picker": "operators",
            input { class: "picker-search", placeholder: tr(lang(), "find-employee"), value: "{query}", autofocus: true,
                oninput: move |e| query.set(e.value()) }
            for person in list.into_iter().filter(|p| needle.is_empty() || p.name.to_lowercase().contains(&needle)) {
                {
                    let key = person.id.clone();
                    let on = chosen.read().contains(&person.id);
                    rsx! {
                        label { key: "{person.id}", class: person_class(false, person.active, person.is_bot), "data-employee": "{person.id}",
                            input { r#type: "checkbox", checked: on,
                                onchange: move |_| { let mut set = chosen.write(); if !set.remove(&key) { set.insert(key.clone()); } } }
                            Presence { online: person.online }
                            "{person.name}"
                            if person.is_bot { span { class: "badge", {tr(lang(), "bot-badge")} } }
                        }
                    }
                }
            }
            button { class: "primary", "data-confirm": "add-operators", disabled: count == 0,
                onclick: move |_| {
                    let chat = chat.clone();
                    let employees: Vec<String> = chosen.read().iter().cloned().collect();
                    async move { on_done.call(api::chats::participants::add_participants(chat, employees).await.map_err(|e| error_text(lang(), &e))); }
                },
                {tr(lang(), "add")} if count > 0 { " ({count})" }
            }
        }
    }
}
