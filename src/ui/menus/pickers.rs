//! The chat menu's pickers: a status (C10) and a responsible person (C11),
//! searchable, people first and bots last.

use dioxus::prelude::*;

use crate::api;
use crate::ui::i18n::{tr, use_lang};

#[component]
pub fn StatusPicker(chat: String, current: String, on_done: EventHandler<Result<(), String>>) -> Element {
    let lang = use_lang();
    let statuses = use_resource(|| async move { api::chat_actions::list_statuses().await });
    let list = match &*statuses.read() {
        None => return rsx! { div { class: "muted", {tr(lang(), "Загрузка…")} } },
        Some(Err(e)) => return rsx! { div { class: "error", role: "alert", {api::error_text(e)} } },
        Some(Ok(list)) => list.clone(),
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
                                    on_done.call(api::chat_actions::set_status(chat, key).await.map_err(|e| api::error_text(&e)));
                                }
                            },
                            span { class: "status", style: "background:{status.color}", "{status.name}" }
                            if status.closed { span { class: "muted", " {tr(lang(), \"закрытый\")}" } }
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
    let for_chat = chat.clone();
    let people = use_resource(move || {
        let chat = for_chat.clone();
        async move { api::chat_actions::list_assignees(chat).await }
    });
    let list = match &*people.read() {
        None => return rsx! { div { class: "muted", {tr(lang(), "Загрузка…")} } },
        Some(Err(e)) => return rsx! { div { class: "error", role: "alert", {api::error_text(e)} } },
        Some(Ok(list)) => list.clone(),
    };
    let needle = query().to_lowercase();
    rsx! {
        div { class: "picker", "data-picker": "responsible",
            input { class: "picker-search", placeholder: tr(lang(), "Найти сотрудника"), value: "{query}", autofocus: true,
                oninput: move |e| query.set(e.value()) }
            for person in list.into_iter().filter(|p| needle.is_empty() || p.name.to_lowercase().contains(&needle)) {
                {
                    let (chat, key) = (chat.clone(), person.id.clone());
                    let chosen = current.as_deref() == Some(person.id.as_str());
                    rsx! {
                        button { key: "{person.id}", class: if chosen { "menu-item current" } else { "menu-item" }, "data-employee": "{person.id}",
                            onclick: move |_| {
                                let (chat, key) = (chat.clone(), key.clone());
                                async move {
                                    on_done.call(api::chat_actions::assign_responsible(chat, key).await.map_err(|e| api::error_text(&e)));
                                }
                            },
                            "{person.name}"
                            if person.is_bot { span { class: "badge", " {tr(lang(), \"бот\")}" } }
                        }
                    }
                }
            }
        }
    }
}
