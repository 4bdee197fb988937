//! The message history, shared by the workspace and the widget.

use dioxus::prelude::*;

use crate::model::message::{Author, Message};
use crate::model::problem::Problem;
use crate::ui::browser::{format_when, scroll_to_bottom};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::problem_text;

/// Whose point of view: decides which bubbles are "mine".
#[derive(Clone, Debug, PartialEq)]
pub enum Viewer {
    Employee(String),
    Visitor,
}

impl Viewer {
    fn wrote(&self, author: &Author) -> bool {
        match (self, author) {
            (Viewer::Employee(me), Author::Employee { id, .. }) => me == id,
            (Viewer::Visitor, Author::Visitor { .. }) => true,
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PendingView {
    pub client_id: String,
    pub text: String,
    pub failed: Option<Problem>,
}

#[component]
pub fn MessageList(
    messages: Vec<Message>,
    pending: Vec<PendingView>,
    viewer: Viewer,
    loaded: bool,
    on_retry: EventHandler<String>,
) -> Element {
    let lang = use_lang();
    let count = messages.len() + pending.len();
    use_effect(use_reactive!(|count| {
        let _ = count;
        scroll_to_bottom("messages");
    }));
    rsx! {
        div { class: "messages", id: "messages", role: "log", aria_live: "polite",
            if !loaded {
                div { class: "muted", {tr(lang(), "loading")} }
            }
            for message in messages {
                div {
                    key: "{message.seq}",
                    class: if viewer.wrote(&message.author) { "message mine" } else { "message" },
                    "data-seq": "{message.seq}",
                    div { class: "meta", "{message.author.name()} · {format_when(lang(), message.at_ms)}" }
                    div { class: "text", "{message.text}" }
                }
            }
            for item in pending {
                div {
                    key: "{item.client_id}",
                    class: if item.failed.is_some() { "message mine failed" } else { "message mine pending" },
                    div { class: "text", "{item.text}" }
                    if let Some(reason) = item.failed.clone() {
                        div { class: "meta error",
                            {problem_text(lang(), &reason)}
                            " · "
                            button { class: "ghost retry", onclick: move |_| on_retry.call(item.client_id.clone()),
                                {tr(lang(), "send-failed-retry")}
                            }
                        }
                    } else {
                        div { class: "meta", {tr(lang(), "sending")} }
                    }
                }
            }
        }
    }
}
