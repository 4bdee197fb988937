//! The message history, shared by the workspace and the widget.

use dioxus::prelude::*;

use crate::model::channel::Delivery;
use crate::model::message::{Author, Message};
use crate::model::problem::Problem;
use crate::ui::chat::attachments::MessageFiles;
use crate::ui::browser::{first_in_view, format_when, restore_in_view, scroll_into_view, scroll_metrics, scroll_to_bottom};
use crate::ui::i18n::{tr, tr_args, use_lang};
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
    /// A private note on its way (#14).
    pub note: bool,
    pub failed: Option<Problem>,
    /// Its files (#14).
    pub files: Vec<crate::model::attachment::Attachment>,
}

/// How close to an edge (in pixels) the reader must scroll to fetch the next page.
const EDGE_PX: i32 = 200;

/// The history of one conversation (or, in the widget, a visitor's
/// inquiries one after another), loaded a page at a time: scrolling near
/// the top asks for older messages (`on_older`) and, when the window was
/// cut at the bottom, scrolling near the end asks for newer ones
/// (`on_newer`). Adding a page above keeps the messages in view where they
/// are; a new message at the end scrolls into view only if the reader was
/// at the end already.
#[component]
pub fn MessageList(
    messages: Vec<Message>,
    pending: Vec<PendingView>,
    viewer: Viewer,
    loaded: bool,
    on_retry: EventHandler<String>,
    /// «Удалить» a message that has not gone yet.
    #[props(default)] on_discard: EventHandler<String>,
    #[props(default)] has_older: bool,
    #[props(default)] has_newer: bool,
    #[props(default)] on_older: EventHandler<()>,
    #[props(default)] on_newer: EventHandler<()>,
    /// The first unread message: a marker shows above it, and opening the
    /// chat brings it into view.
    #[props(default)] unread_from: Option<i64>,
) -> Element {
    let lang = use_lang();
    // Whether the reader was at the end, measured at the last scroll or render.
    let at_end = use_signal(|| true);
    // The message on top when an earlier page was asked for: it stays put.
    let mut anchor = use_signal(|| None::<(String, f64)>);
    let mut shown = use_signal(|| (String::new(), 0usize, false, 0usize));
    let first = messages.first().map(|m| format!("{}-{}", m.chat, m.seq)).unwrap_or_default();
    let count = messages.len() + pending.len();
    let writing = pending.len();
    use_effect(use_reactive!(|first, count, loaded, unread_from, writing, has_older| {
        let (old_first, old_count, was_loaded, was_writing) = shown.peek().clone();
        shown.set((first.clone(), count, loaded, writing));
        if loaded && !was_loaded {
            // Just opened: the first unread message if there is one, else the end.
            let marker = unread_from.is_some_and(|_| scroll_into_view("unread-marker"));
            if !marker {
                scroll_to_bottom("messages");
            }
        } else if first != old_first && old_count > 0 && anchor.peek().is_some() {
            // The earlier page asked for was added above: keep what the
            // reader sees in place.
            if let Some((seq, offset)) = anchor.take() {
                restore_in_view("messages", &seq, offset);
            }
        } else if writing > was_writing || (count > old_count && *at_end.peek()) {
            // The reader's own new message, or news while at the end.
            scroll_to_bottom("messages");
        }
        remember(at_end);
        // Still near the top (a short history does not even scroll): the
        // earlier messages come without waiting for a scroll.
        if has_older && loaded && scroll_metrics("messages").is_some_and(|(top, _, _)| top < EDGE_PX) {
            anchor.set(first_in_view("messages"));
            on_older.call(());
        }
    }));
    let onscroll = move |_| {
        remember(at_end);
        if let Some((top, height, client)) = scroll_metrics("messages") {
            if top < EDGE_PX && has_older {
                anchor.set(first_in_view("messages"));
                on_older.call(());
            }
            if height - top - client < EDGE_PX && has_newer {
                on_newer.call(());
            }
        }
    };
    let mut previous_chat: Option<String> = None;
    rsx! {
        div { class: "messages", id: "messages", role: "log", aria_live: "polite", tabindex: 0, "aria-label": tr(lang(), "messages-label"), onscroll,
            if !loaded {
                div { class: "muted", {tr(lang(), "loading")} }
            }
            if has_older {
                div { class: "muted history-more", {tr(lang(), "history-loading-older")} }
            }
            for message in messages {
                // A box the layout ignores (display: contents): the key must
                // sit on the first node of the loop's body.
                div { key: "{message.chat}-{message.seq}", class: "message-row",
                    if previous_chat.replace(message.chat.clone()).is_some_and(|chat| chat != message.chat) {
                        div { class: "inquiry-divider", role: "separator", {tr(lang(), "new-inquiry")} }
                    }
                    if unread_from == Some(message.seq) {
                        div { id: "unread-marker", class: "unread-marker", role: "separator", {tr(lang(), "unread-messages")} }
                    }
                    div {
                        class: message_class(viewer.wrote(&message.author), message.note),
                        "data-seq": "{message.seq}",
                        "data-key": "{message.chat}-{message.seq}",
                        div { class: "meta",
                            if message.note { span { class: "note-mark", {tr(lang(), "note-mark")} } " · " }
                            "{message.author.name()} · {format_when(lang(), message.at_ms)}"
                        }
                        if !message.text.is_empty() {
                            MessageText { text: message.text.clone() }
                        }
                        if !message.files.is_empty() {
                            MessageFiles { files: message.files.clone() }
                        }
                        if let (Some(delivery), Viewer::Employee(_)) = (message.delivery.clone(), &viewer) {
                            DeliveryLine { chat: message.chat.clone(), seq: message.seq, delivery }
                        }
                    }
                }
            }
            if has_newer {
                div { class: "muted history-more", {tr(lang(), "history-loading-newer")} }
            }
            for item in pending {
                div {
                    key: "{item.client_id}",
                    class: format!("{} {}", message_class(true, item.note), if item.failed.is_some() { "failed" } else { "pending" }),
                    if !item.text.is_empty() {
                        MessageText { text: item.text.clone() }
                    }
                    if !item.files.is_empty() {
                        div { class: "files pending-files",
                            for file in item.files.iter() {
                                span { key: "{file.id}", class: "file-chip", "{file.name}" }
                            }
                        }
                    }
                    if let Some(reason) = item.failed.clone() {
                        div { class: "meta error",
                            {problem_text(lang(), &reason)}
                            " · "
                            button { class: "ghost retry", onclick: {
                                    let client_id = item.client_id.clone();
                                    move |_| on_retry.call(client_id.clone())
                                },
                                {tr(lang(), "send-failed-retry")}
                            }
                            " · "
                            button { class: "ghost discard", onclick: move |_| on_discard.call(item.client_id.clone()),
                                {tr(lang(), "outbox-discard")}
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

/// Where an answer in an e-mail chat is (#16): queued, retrying with the
/// server's words, sent, or failed with «Отправить снова».
#[component]
fn DeliveryLine(chat: String, seq: i64, delivery: Delivery) -> Element {
    let lang = use_lang();
    let mut problem = use_signal(|| None::<Problem>);
    let mut busy = use_signal(|| false);
    let resend = move |_| {
        let chat = chat.clone();
        async move {
            busy.set(true);
            problem.set(crate::api::chats::messages::resend_answer(chat, seq).await.err().map(|e| crate::api::problem_of(&e)));
            busy.set(false);
        }
    };
    let (state, line) = match &delivery {
        Delivery::Queued { error: None, .. } => ("queued", tr(lang(), "delivery-queued").to_string()),
        Delivery::Queued { error: Some(error), .. } => ("retrying", tr_args(lang(), "delivery-retrying", &[("error", reason_text(lang(), error).into())])),
        Delivery::Sent => ("sent", tr(lang(), "delivery-sent").to_string()),
        Delivery::Failed { error } => ("failed", tr_args(lang(), "delivery-failed", &[("error", reason_text(lang(), error).into())])),
    };
    rsx! {
        div { class: "meta delivery {state}", "data-delivery": "{state}",
            span { "{line}" }
            if matches!(delivery, Delivery::Failed { .. }) {
                " · "
                button { class: "ghost resend", disabled: busy(), onclick: resend, {tr(lang(), "delivery-resend")} }
            }
            if let Some(problem) = problem() {
                " · "
                span { class: "error", {problem_text(lang(), &problem)} }
            }
        }
    }
}

/// Why an answer has not gone: the server's own reason in the reader's
/// language, or the mail server's or Telegram's own words.
fn reason_text(lang: crate::ui::i18n::Lang, error: &str) -> String {
    match crate::model::channel::delivery_reason(error) {
        Ok((id, file)) => tr_args(lang, &id, &[("file", file.unwrap_or_default().into())]),
        Err(words) => words.to_string(),
    }
}

/// A message's text: web addresses (http, https and www.) become links that
/// open in a new tab and pass nothing to the site (#14); everything else
/// stays text. No other markup is read.
#[component]
fn MessageText(text: String) -> Element {
    let parts = text_parts(&text);
    rsx! {
        div { class: "text",
            for (i, (part, href)) in parts.into_iter().enumerate() {
                if let Some(href) = href {
                    a { key: "{i}", href: "{href}", target: "_blank", rel: "noopener noreferrer nofollow", "{part}" }
                } else {
                    span { key: "{i}", "{part}" }
                }
            }
        }
    }
}

/// The text in pieces, each with the address it links to (if it is one).
pub(crate) fn text_parts(text: &str) -> Vec<(String, Option<String>)> {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]).url_must_have_scheme(false);
    finder
        .spans(text)
        .map(|span| {
            let part = span.as_str().to_string();
            let href = span.kind().and_then(|_| link_target(&part));
            (part, href)
        })
        .collect()
}

/// Where a found address leads: http(s) only (a `javascript:` or `data:`
/// "address" stays text); one without a scheme gets `https://`.
fn link_target(found: &str) -> Option<String> {
    let lower = found.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(found.to_string())
    } else if lower.starts_with("www.") {
        Some(format!("https://{found}"))
    } else {
        None
    }
}

/// A message bubble's classes: mine or not, a private note or not.
fn message_class(mine: bool, note: bool) -> &'static str {
    match (mine, note) {
        (true, true) => "message mine note",
        (true, false) => "message mine",
        (false, true) => "message note",
        (false, false) => "message",
    }
}

/// Notes where the reader is in the history (see [`MessageList`]).
fn remember(mut at_end: Signal<bool>) {
    if let Some((top, height, client)) = scroll_metrics("messages") {
        at_end.set(height - top - client < 80);
    }
}

#[cfg(test)]
mod tests {
    use super::text_parts;

    fn links(text: &str) -> Vec<String> {
        text_parts(text).into_iter().filter_map(|(_, href)| href).collect()
    }

    #[test]
    fn web_addresses_become_links_and_the_rest_stays_text() {
        let parts = text_parts("See https://example.com/a?b=1, or www.example.org.");
        let joined: String = parts.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(joined, "See https://example.com/a?b=1, or www.example.org.", "nothing is lost or added");
        assert_eq!(links("See https://example.com/a?b=1, or www.example.org."), ["https://example.com/a?b=1", "https://www.example.org"]);
    }

    #[test]
    fn only_http_links_are_made() {
        assert!(links("javascript:alert(1) data:text/html,<b>x</b> mailto:a@b.c ftp://x.y/z").is_empty());
        assert!(links("<a href=\"x\">no markup</a> <img src=x onerror=alert(1)>").is_empty());
        assert_eq!(links("HTTP://EXAMPLE.COM"), ["HTTP://EXAMPLE.COM"]);
    }
}
