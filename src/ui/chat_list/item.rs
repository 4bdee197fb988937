//! One chat in the list: L1 new indicator … L10 status.

use dioxus::prelude::*;

use crate::model::chat::{format_wait, wait_fraction, ChatRow, Source};
use crate::model::message::preview;
use crate::ui::browser::format_when;
use crate::ui::i18n::{msg, tr, tr_args, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::status_badge::StatusBadge;
use crate::ui::workspace::store::Store;
use crate::ui::a11y::activates;

/// A source's message id (L3, and the filter's «Источник»).
pub fn source_id(source: Source) -> &'static str {
    match source {
        Source::Widget => msg("source-widget"),
        Source::Email => msg("source-email"),
        Source::Messenger => msg("source-messenger"),
        Source::Workspace => msg("staff"),
    }
}

#[component]
pub fn ChatItem(row: ChatRow, active: bool) -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let chat = row.chat.clone();
    let unread = row.unread();
    let mentions_me = row.mentions_me();
    let id = chat.id.clone();
    let title = chat.title();
    let when = chat.last.as_ref().map(|l| l.at_ms).unwrap_or(chat.created_ms);
    let responsible = chat.responsible.as_ref().map(|r| r.name.clone());
    let responsible_initial: String = responsible.as_deref().and_then(|n| n.chars().next()).map(String::from).unwrap_or_default();

    rsx! {
        div {
            class: if active { "chat-item active" } else { "chat-item" },
            "data-chat": "{id}",
            role: "button",
            tabindex: 0,
            onclick: { let id = id.clone(); move |_| store.open_chat(&id) },
            onkeydown: move |e: KeyboardEvent| if activates(&e) { e.prevent_default(); store.open_chat(&id) },
            span { class: if chat.is_new() { "new-dot on" } else { "new-dot" }, title: if chat.is_new() { tr(lang(), "new-chat") } else { "" } }
            div { class: "chat-line1",
                if let Some(name) = responsible {
                    span { class: "responsible-mark", title: tr_args(lang(), "responsible-named", &[("name", name.as_str().into())]), "{responsible_initial}" }
                }
                // L3: the icon says the client wrote by e-mail or a messenger;
                // the website widget and staff chats carry none.
                if matches!(chat.source, Source::Email | Source::Messenger) {
                    span { class: "source-icon", title: tr(lang(), source_id(chat.source)), role: "img",
                        "aria-label": tr(lang(), source_id(chat.source)), Icon { name: source_icon(chat.source) } }
                }
                span { class: "client-name", "{title}" }
            }
            span { class: "chat-when", {format_when(lang(), when)} }
            div { class: "chat-line2",
                if let Some(last) = chat.last.clone() {
                    if !last.author_name.is_empty() {
                        span { class: "author", "{last.author_name}: " }
                    }
                    span { class: "last-text", {preview(&last.text, 80)} }
                }
            }
            div { class: "chat-side",
                if let Some(since) = chat.waiting_since_ms {
                    WaitTimer { since, room: chat.room.clone() }
                }
                if chat.left_offline {
                    span { class: "badge offline-badge", title: tr(lang(), "left-offline-title"), {tr(lang(), "left-offline")} }
                }
                if mentions_me {
                    span { class: "mention-mark", title: tr(lang(), "mention-mark-title"), "aria-label": tr(lang(), "mention-mark-title"), "@" }
                }
                if unread > 0 {
                    span { class: "unread", "{unread}" }
                }
                StatusBadge { name: chat.status.name.clone(), color: chat.status.color.clone() }
            }
        }
    }
}

fn source_icon(source: Source) -> IconName {
    match source {
        Source::Widget => IconName::MessageCircle,
        Source::Email => IconName::Mail,
        Source::Messenger => IconName::Send,
        Source::Workspace => IconName::Users,
    }
}

/// L9: time since the client's first unanswered message, green → red.
#[component]
fn WaitTimer(since: i64, room: String) -> Element {
    let store = use_context::<Store>();
    let now = *store.clock.read();
    let max = store.rooms.read().iter().find(|r| r.id == room).map(|r| r.max_wait_secs).unwrap_or(300);
    let waited = now - since;
    // Green (hue 120) to red (0) in steps of 10, as classes: no inline style.
    let hue = (12.0 * (1.0 - wait_fraction(waited, max))).round() as u32 * 10;
    rsx! {
        span { class: "wait-timer wait-h{hue}", "data-hue": "{hue}", "{format_wait(waited)}" }
    }
}
