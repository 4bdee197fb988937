//! The client panel beside a client chat (C1): the parts its room shows
//! (S4), reloaded whenever the chat changes, e.g. when the visitor opens
//! another page.

use dioxus::prelude::*;

use crate::api;
use crate::model::client_panel::ClientPanel;
use crate::ui::browser::{format_date_time, format_when};
use crate::ui::dialogs::user_info::UserInfoDialog;
use crate::ui::i18n::{tr, tr_args, use_lang};
use crate::ui::problem::error_text;
use crate::ui::icons::{Icon, IconName};
use crate::ui::workspace::store::Store;

#[component]
pub fn ClientPanelView(chat: String, rev: i64) -> Element {
    let lang = use_lang();
    let store = use_context::<Store>();
    let mut info_open = use_signal(|| false);
    let panel_chat = chat.clone();
    let panel = use_resource(use_reactive!(|(panel_chat, rev)| {
        let chat = panel_chat;
        let _ = rev;
        async move { api::people::client_panel::chat_client_panel(chat).await }
    }));
    let panel: ClientPanel = match &*panel.read() {
        Some(Ok(panel)) => panel.clone(),
        Some(Err(e)) => return rsx! { aside { class: "client-panel", div { class: "error", role: "alert", {error_text(lang(), e)} } } },
        None => return rsx! { aside { class: "client-panel", div { class: "muted", {tr(lang(), "loading")} } } },
    };
    let shows = |part: &str| panel.shown.iter().any(|s| s == part);
    let rating = store.chats.read().get(&chat).and_then(|row| row.chat.rating.clone());
    let none = tr(lang(), "no-data");
    rsx! {
        aside { class: "client-panel", aria_label: tr(lang(), "client-info"),
            div { class: "panel-head",
                button { class: "ghost back", "data-back": "chat", title: tr(lang(), "back"), "aria-label": tr(lang(), "back"),
                    onclick: move |_| { let mut shown = store.client_panel; shown.set(false); }, Icon { name: IconName::ArrowLeft }
                }
                h3 { {panel.client_name.clone().unwrap_or_else(|| tr(lang(), "client").to_string())} }
                button { class: "ghost small open-user-info", title: tr(lang(), "user-info"), onclick: move |_| info_open.set(true),
                    {tr(lang(), "details")}
                }
            }
            if info_open() {
                UserInfoDialog { chat: chat.clone(), on_close: move |_| info_open.set(false) }
            }
            if let Some(block) = &panel.block {
                div { class: "panel-block", role: "status",
                    b { {tr(lang(), "blocked-until")} " {format_date_time(lang(), block.until_ms)}" }
                    div { {tr_args(lang(), "block-reason-named", &[("reason", block.reason.as_str().into())])} }
                    div { class: "muted", "{block.by_name}" }
                }
            }
            if let Some(email) = &panel.email {
                div { class: "panel-part", "data-part": "email",
                    span { class: "muted", {tr(lang(), "client-email")} }
                    a { href: "mailto:{email}", "{email}" }
                }
            }
            if let Some(rating) = rating {
                div { class: "panel-part", "data-part": "rating",
                    span { class: "muted", {tr(lang(), "rating-of-chat")} }
                    div { class: "rating-value", "{stars(rating.score)} {rating.score}/5" }
                    if let Some(comment) = &rating.comment { div { class: "rating-comment", "«{comment}»" } }
                }
            }
            if shows("responsible") {
                div { class: "panel-part", "data-part": "responsible",
                    span { class: "muted", {tr(lang(), "responsible")} }
                    div { {panel.responsible.clone().unwrap_or_else(|| tr(lang(), "no-responsible").to_string())} }
                }
            }
            if shows("location") {
                div { class: "panel-part", "data-part": "location",
                    span { class: "muted", {tr(lang(), "location")} }
                    div { {panel.location.clone().unwrap_or_else(|| none.to_string())} }
                }
            }
            if shows("page") {
                div { class: "panel-part", "data-part": "page",
                    span { class: "muted", {tr(lang(), "current-page")} }
                    match &panel.page {
                        Some(page) => rsx! {
                            a { href: "{page.url}", target: "_blank", rel: "noopener noreferrer nofollow", title: "{page.url}",
                                if page.title.is_empty() { "{page.url}" } else { "{page.title}" }
                            }
                            div { class: "muted small", "{page.url} · {format_when(lang(), page.at_ms)}" }
                        },
                        None => rsx! { div { "{none}" } },
                    }
                }
            }
            if shows("utm") {
                div { class: "panel-part", "data-part": "utm",
                    span { class: "muted", {tr(lang(), "utm-tags")} }
                    if panel.utm.is_empty() { div { "{none}" } }
                    for (key, value) in panel.utm.iter() {
                        div { key: "{key}", class: "utm", "data-utm": "{key}", code { "{key}" } " {value}" }
                    }
                }
            }
            if shows("fields") && !panel.fields.is_empty() {
                div { class: "panel-part", "data-part": "fields",
                    span { class: "muted", {tr(lang(), "custom-fields")} }
                    for field in panel.fields.iter() {
                        div { key: "{field.name}", "{field.name}: " {field.value.clone().unwrap_or_else(|| "—".to_string())} }
                    }
                }
            }
        }
    }
}

/// «★★★★☆» for a score of 4.
pub fn stars(score: u8) -> String {
    (1..=5).map(|n| if n <= score { '★' } else { '☆' }).collect()
}
