//! The composer: Enter sends, Shift+Enter starts a new line; bad input is
//! explained and the text stays where it was.

use dioxus::prelude::*;

use crate::model::message::check_new_message;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::problem_text;

#[component]
pub fn Composer(on_send: EventHandler<String>) -> Element {
    let lang = use_lang();
    let mut text = use_signal(String::new);
    let mut problem = use_signal(|| None::<String>);

    let mut submit = move || {
        let value = text();
        // The key here only satisfies the check; the sender makes the real one.
        match check_new_message(&value, "composer-check") {
            Ok(()) => {
                problem.set(None);
                text.set(String::new());
                on_send.call(value);
            }
            Err(e) => problem.set(Some(problem_text(lang(), &e))),
        }
    };

    rsx! {
        if let Some(message) = problem() {
            div { class: "composer-error", role: "alert", "{message}" }
        }
        div { class: "composer",
            textarea {
                id: "composer",
                rows: "1",
                placeholder: tr(lang(), "message-placeholder"),
                "aria-label": tr(lang(), "message-placeholder"),
                value: "{text}",
                oninput: move |e| { text.set(e.value()); problem.set(None); },
                onkeydown: move |e: KeyboardEvent| {
                    if e.key() == Key::Enter && !e.modifiers().shift() {
                        e.prevent_default();
                        submit();
                    }
                },
            }
            button { class: "primary", id: "send", onclick: move |_| submit(), {tr(lang(), "send")} }
        }
    }
}
