//! «печатает…» (#14): who is typing in which chat, as the live events say,
//! each for a few seconds; and the throttle on saying that we type.

use dioxus::prelude::*;

use crate::model::live::{TYPING_EVERY_MS, TYPING_SHOWN_MS};
use crate::ui::browser::{now_ms, sleep_ms};
use crate::ui::i18n::{tr_args, use_lang};

/// Someone typing in a chat, until a moment; or (`quiet`) someone whose
/// message just arrived, whose late typing events are not shown.
#[derive(Clone, Debug, PartialEq)]
struct Typist {
    chat: String,
    name: String,
    until_ms: i64,
    quiet: bool,
}

/// How long after someone's message their typing events are ignored: one
/// sent just before the message may be passed on just after it.
const QUIET_AFTER_MESSAGE_MS: i64 = 1_500;

/// The typing state of one workspace tab or widget.
#[derive(Clone, Copy, PartialEq)]
pub struct Typing {
    typists: Signal<Vec<Typist>>,
    /// When this reader last said they type (0: not since their last send).
    last_said_ms: Signal<i64>,
}

impl Typing {
    pub fn new() -> Self {
        Typing { typists: Signal::new(Vec::new()), last_said_ms: Signal::new(0) }
    }

    /// A typing event: `name` shows as typing in `chat` for a few seconds,
    /// unless it comes again.
    pub fn heard(self, chat: String, name: String) {
        let now = now_ms();
        if self.typists.peek().iter().any(|t| t.quiet && t.until_ms > now && t.chat == chat && t.name == name) {
            return;
        }
        self.set(Typist { chat, name, until_ms: now + TYPING_SHOWN_MS, quiet: false });
    }

    /// `name`'s message arrived in `chat`: they have stopped typing it.
    pub fn wrote(self, chat: &str, name: &str) {
        self.set(Typist { chat: chat.to_string(), name: name.to_string(), until_ms: now_ms() + QUIET_AFTER_MESSAGE_MS, quiet: true });
    }

    /// Replaces what is known of `typist`'s name in its chat, and forgets
    /// it once its time is up.
    fn set(mut self, typist: Typist) {
        let wait = (typist.until_ms - now_ms() + 100).max(0) as u32;
        {
            let mut typists = self.typists.write();
            typists.retain(|t| !(t.chat == typist.chat && t.name == typist.name));
            typists.push(typist);
        }
        spawn(async move {
            sleep_ms(wait).await;
            let now = now_ms();
            if self.typists.peek().iter().any(|t| t.until_ms <= now) {
                self.typists.write().retain(|t| t.until_ms > now);
            }
        });
    }

    /// Who types in `chat` now.
    pub fn in_chat(&self, chat: &str) -> Vec<String> {
        self.typists.read().iter().filter(|t| t.chat == chat && !t.quiet).map(|t| t.name.clone()).collect()
    }

    /// Whether to tell the server that we type now: at most every
    /// [`TYPING_EVERY_MS`] (the server enforces it too).
    pub fn due(mut self) -> bool {
        let now = now_ms();
        if now - *self.last_said_ms.peek() < TYPING_EVERY_MS {
            return false;
        }
        self.last_said_ms.set(now);
        true
    }
}

impl Default for Typing {
    fn default() -> Self {
        Self::new()
    }
}

/// The line under the messages: «Анна печатает…», or nothing. Always in
/// the layout, so the messages do not jump when it appears.
#[component]
pub fn TypingLine(names: Vec<String>) -> Element {
    let lang = use_lang();
    let text = match names.as_slice() {
        [] => String::new(),
        [name] => tr_args(lang(), "typing-one", &[("name", name.clone().into())]),
        _ => tr_args(lang(), "typing-many", &[("names", names.join(", ").into())]),
    };
    rsx! {
        div { class: "typing", role: "status", "aria-live": "polite", "{text}" }
    }
}
