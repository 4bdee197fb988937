//! The composer: Enter sends, Shift+Enter starts a new line; bad input is
//! explained and the text stays where it was. In a client's chat it can
//! write a private note instead (#14), it tells the other side that someone
//! is typing, and `/` opens the saved replies («Шаблоны ответов»).

use dioxus::prelude::*;

use crate::model::message::check_new_message;
use crate::model::saved_reply::{ReplyVariables, SavedReply};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::problem_text;

/// What the composer hands over: the text, and whether it is a private note.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub text: String,
    pub note: bool,
}

/// How many saved replies the `/` list shows at once.
const PICKER_ROWS: usize = 8;

#[component]
pub fn Composer(
    on_send: EventHandler<Draft>,
    /// The writer may switch to a private note (a client's chat, staff only).
    #[props(default)]
    notes: bool,
    /// Something was typed (the bool: into a note); the caller throttles.
    #[props(default)]
    on_typing: EventHandler<bool>,
    /// The saved replies `/` offers, and what their variables stand for.
    #[props(default)]
    replies: Vec<SavedReply>,
    #[props(default)]
    variables: ReplyVariables,
) -> Element {
    let lang = use_lang();
    let mut text = use_signal(String::new);
    let mut problem = use_signal(|| None::<String>);
    let mut note = use_signal(|| false);
    // The `/` list: the highlighted row, and whether Escape closed it.
    let mut picked = use_signal(|| 0usize);
    let mut dismissed = use_signal(|| false);
    let writing_note = notes && note();

    let query = text.read().strip_prefix('/').map(str::to_string).filter(|_| !replies.is_empty() && !dismissed());
    let found: Vec<SavedReply> = match &query {
        Some(query) => replies.iter().filter(|r| r.matches(query)).take(PICKER_ROWS).cloned().collect(),
        None => Vec::new(),
    };
    let picker_open = query.is_some();
    let current = picked().min(found.len().saturating_sub(1));

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
    let insert = {
        let variables = variables.clone();
        move |reply: &SavedReply| {
            text.set(reply.filled(&variables));
            picked.set(0);
        }
    };

    let placeholder = if writing_note { tr(lang(), "note-placeholder") } else { tr(lang(), "message-placeholder") };
    rsx! {
        if let Some(message) = problem() {
            div { class: "composer-error", role: "alert", "{message}" }
        }
        div { class: if writing_note { "composer note" } else { "composer" },
            if picker_open {
                ul { class: "reply-picker", id: "reply-picker", role: "listbox", "aria-label": tr(lang(), "saved-replies"),
                    if found.is_empty() {
                        li { class: "muted reply-none", {tr(lang(), "saved-replies-none")} }
                    }
                    for (i, reply) in found.iter().enumerate() {
                        li {
                            key: "{reply.id}",
                            id: "reply-option-{i}",
                            class: if i == current { "reply-option picked" } else { "reply-option" },
                            role: "option",
                            "aria-selected": i == current,
                            "data-reply": "{reply.id}",
                            // Keeps the focus in the composer.
                            onmousedown: move |e| e.prevent_default(),
                            onclick: {
                                let (reply, mut insert) = (reply.clone(), insert.clone());
                                move |_| insert(&reply)
                            },
                            div { class: "reply-title",
                                "{reply.title}"
                                if let Some(room) = &reply.room_name { span { class: "badge", "{room}" } }
                            }
                            div { class: "reply-text muted", "{reply.text}" }
                        }
                    }
                }
            }
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
                "aria-expanded": picker_open,
                "aria-autocomplete": "list",
                "aria-controls": if picker_open { "reply-picker" } else { "" },
                "aria-activedescendant": if picker_open && !found.is_empty() { format!("reply-option-{current}") } else { String::new() },
                value: "{text}",
                oninput: move |e| {
                    let value = e.value();
                    if !value.trim().is_empty() {
                        on_typing.call(notes && *note.peek());
                    }
                    if !value.starts_with('/') {
                        dismissed.set(false);
                    }
                    picked.set(0);
                    text.set(value);
                    problem.set(None);
                },
                onkeydown: {
                    let found = found.clone();
                    let mut insert = insert.clone();
                    move |e: KeyboardEvent| {
                        let key = e.key();
                        if picker_open && !found.is_empty() {
                            match key {
                                Key::ArrowDown => {
                                    e.prevent_default();
                                    picked.set((current + 1) % found.len());
                                    return;
                                }
                                Key::ArrowUp => {
                                    e.prevent_default();
                                    picked.set((current + found.len() - 1) % found.len());
                                    return;
                                }
                                Key::Enter | Key::Tab if !e.modifiers().shift() => {
                                    e.prevent_default();
                                    insert(&found[current]);
                                    return;
                                }
                                _ => {}
                            }
                        }
                        if picker_open && key == Key::Escape {
                            e.prevent_default();
                            e.stop_propagation();
                            dismissed.set(true);
                            return;
                        }
                        if key == Key::Enter && !e.modifiers().shift() {
                            e.prevent_default();
                            submit();
                        }
                    }
                },
            }
            button { class: "primary", id: "send", onclick: move |_| submit(),
                if writing_note { {tr(lang(), "note-send")} } else { {tr(lang(), "send")} }
            }
        }
    }
}
