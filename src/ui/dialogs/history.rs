//! «История пользователя» / «История клиента» (C7): events filtered by
//! period and by kind of action.

use dioxus::prelude::*;

use crate::api;
use crate::model::user_info::HistoryQuery;
use crate::ui::browser::{date_to_ms, format_date_time};
use crate::ui::i18n::{tr, use_lang};

#[component]
pub fn HistoryTab(chat: String, client: bool) -> Element {
    let lang = use_lang();
    let mut from = use_signal(String::new);
    let mut to = use_signal(String::new);
    let mut action = use_signal(String::new);
    let history = use_resource(use_reactive!(|(chat, client)| {
        let query = HistoryQuery {
            chat,
            client,
            from_ms: date_to_ms(&from(), false),
            to_ms: date_to_ms(&to(), true),
            action: Some(action()).filter(|a| !a.is_empty()),
        };
        async move { api::people::users::user_history(query).await }
    }));
    let found = match &*history.read() {
        None => return rsx! { div { class: "muted", {tr(lang(), "loading")} } },
        Some(Err(e)) => return rsx! { div { class: "error", role: "alert", {api::error_text(e)} } },
        Some(Ok(found)) => found.clone(),
    };
    rsx! {
        div { class: "history-filter",
            label { {tr(lang(), "period-from")} input { r#type: "date", name: "from", value: "{from}", oninput: move |e| from.set(e.value()) } }
            label { {tr(lang(), "period-to")} input { r#type: "date", name: "to", value: "{to}", oninput: move |e| to.set(e.value()) } }
            label { {tr(lang(), "history-action")}
                select { name: "action", value: "{action}", onchange: move |e| action.set(e.value()),
                    option { value: "", {tr(lang(), "any-neuter")} }
                    for kind in found.actions.iter() {
                        option { key: "{kind}", value: "{kind}", selected: *kind == action(), "{kind}" }
                    }
                }
            }
        }
        if found.events.is_empty() {
            p { class: "muted", {tr(lang(), "no-events")} }
        }
        ul { class: "history",
            for (i, event) in found.events.iter().enumerate() {
                li { key: "{i}", class: "history-event",
                    span { class: "muted", "{format_date_time(lang(), event.at_ms)} · {event.actor_name}" }
                    div { b { "{event.action}" } if let Some(detail) = &event.detail { " — {detail}" } }
                }
            }
        }
    }
}
