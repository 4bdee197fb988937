//! The composer: Enter sends, Shift+Enter starts a new line; bad input is
//! explained and the text stays where it was. In a client's chat it can
//! write a private note instead (#14), and it tells the other side that
//! someone is typing.

use dioxus::prelude::*;

use crate::model::message::check_new_message;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::problem_text;

/// What the composer hands over: the text, and whether it is a private note.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub text: String,
    pub note: bool,
}

#[component]
pub fn Composer(
    on_send: EventHandler<Draft>,
    /// The writer may switch to a private note (a client's chat, staff only).
    #[props(default)]
    notes: bool,
    /// Something was typed (the bool: into a note); the caller throttles.
    #[props(default)]
    on_typing: EventHandler<bool>,
) -> Element {
    let lang = use_lang();
    let mut text = use_signal(String::new);
    let mut problem = use_signal(|| None::<String>);
    let mut note = use_signal(|| false);
    let writing_note = notes && note();

    let mut submit = move || {
        let value = text();
        // The key here only satisfies the check; the sender makes the real one.
        match check_new_message(&value, "composer-check") {
            Ok(()) => {
                problem.set(None);
                text.set(String::new());
                on_send.call(Draft { text: value, note: notes && *note.peek() });
            }
            Err(e) => problem.set(Some(problem_text(lang(), &e))),
        }
    };

    let placeholder = if writing_note { tr(lang(), "note-placeholder") } else { tr(lang(), "message-placeholder") };
    rsx! {
        if let Some(message) = problem() {
            div { class: "composer-error", role: "alert", "{message}" }
        }
        div { class: if writing_note { "composer note" } else { "composer" },
            if notes {
                button {
                    class: if writing_note { "ghost note-toggle on" } else { "ghost note-toggle" },
                    id: "note-toggle",
                    r#type: "button",
                    "aria-pressed": writing_note,
                    title: tr(lang(), "note-toggle-title"),
                    onclick: move |_| note.toggle(),
                    {tr(lang(), "note-toggle")}
                }
            }
            textarea {
                id: "composer",
                rows: "1",
                placeholder: "{placeholder}",
                "aria-label": "{placeholder}",
                value: "{text}",
                oninput: move |e| {
                    let value = e.value();
                    if !value.trim().is_empty() {
                        on_typing.call(notes && *note.peek());
                    }
                    text.set(value);
                    problem.set(None);
                },
                onkeydown: move |e: KeyboardEvent| {
                    if e.key() == Key::Enter && !e.modifiers().shift() {
                        e.prevent_default();
                        submit();
                    }
                },
            }
            button { class: "primary", id: "send", onclick: move |_| submit(),
                if writing_note { {tr(lang(), "note-send")} } else { {tr(lang(), "send")} }
            }
        }
    }
}
