//! Reaching an operator who is not looking at the tab (#15): the number of
//! chats waiting for them in the title and on the installed app's badge,
//! and a system notification for a new message while the tab is hidden.

use dioxus::prelude::*;

use super::store::Store;
use crate::model::chat::ChatSummary;
use crate::ui::browser::{page_hidden, set_app_badge, set_title, show_notification};
use crate::ui::i18n::{tr, use_lang};

/// Keeps the title at «(N) Чаты» and the badge at N: the chats with unread
/// messages among those that notify me (mine, and new inquiries nobody took).
pub fn use_attention(store: Store) {
    let lang = use_lang();
    use_effect(move || {
        // Counted by the server over every chat, not only those the tab holds (#12).
        let waiting = store.counts.read().waiting();
        let base = tr(lang(), "chats");
        set_title(&if waiting > 0 { format!("({waiting}) {base}") } else { base.to_string() });
        set_app_badge(waiting);
    });
}

/// A new message from someone else in a chat that notifies me: a system
/// notification if the tab is hidden (a click opens that chat).
pub fn notify_message(store: Store, chat: &ChatSummary) {
    if !page_hidden() {
        return;
    }
    let Some(last) = chat.last.as_ref() else { return };
    let body = if last.author_name.is_empty() { last.text.clone() } else { format!("{}: {}", last.author_name, last.text) };
    let id = chat.id.clone();
    show_notification(&chat.title(), &body, &chat.id, move || {
        let mut open = store.open;
        open.set(Some(id));
    });
}

/// A colleague mentioned me (#14): the message sound, and a system
/// notification while the tab is hidden (a click opens the chat).
pub fn notify_mention(store: Store, chat: &str, by: &str) {
    crate::ui::profile::incoming_message(store);
    if !page_hidden() {
        return;
    }
    let lang = try_consume_context::<Signal<crate::ui::i18n::Lang>>().map(|l| *l.peek()).unwrap_or(crate::ui::i18n::Lang::Ru);
    let title = store.chats.peek().get(chat).map(|row| row.chat.title()).unwrap_or_default();
    let body = crate::ui::i18n::tr_args(lang, "mention-notification", &[("name", by.to_string().into())]);
    let id = chat.to_string();
    show_notification(&title, &body, chat, move || {
        let mut open = store.open;
        open.set(Some(id));
    });
}
