//! The widget's rating card (#14): after an inquiry is closed, the client
//! gives it 1–5 and, if they like, a comment, once.

use dioxus::prelude::*;

use crate::api;
use crate::model::rating::{NewRating, MAX_COMMENT_CHARS};
use crate::ui::i18n::{tr, tr_args, use_lang};
use crate::ui::problem::error_text;

#[component]
pub fn RatingCard(chat: String, on_rated: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut score = use_signal(|| 0u8);
    let mut comment = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut sending = use_signal(|| false);
    let submit = move |evt: FormEvent| {
        let chat = chat.clone();
        async move {
            evt.prevent_default();
            if score() == 0 {
                error.set(Some(tr(lang(), "rating-choose").to_string()));
                return;
            }
            sending.set(true);
            match api::people::visitor::visitor_rate(NewRating { chat, score: score(), comment: comment() }).await {
                Ok(()) => on_rated.call(()),
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
            sending.set(false);
        }
    };
    rsx! {
        form { class: "rating-card", onsubmit: submit, "aria-labelledby": "rating-title",
            p { id: "rating-title", {tr(lang(), "rating-ask")} }
            div { class: "rating-stars", role: "radiogroup", "aria-labelledby": "rating-title",
                for n in 1..=5u8 {
                    button {
                        key: "{n}",
                        r#type: "button",
                        role: "radio",
                        class: if score() >= n { "star on" } else { "star" },
                        "data-score": "{n}",
                        "aria-checked": score() == n,
                        "aria-label": tr_args(lang(), "rating-n", &[("score", n.into())]),
                        onclick: move |_| { score.set(n); error.set(None); },
                        "★"
                    }
                }
            }
            textarea { id: "rating-comment", name: "comment", rows: "2", maxlength: "{MAX_COMMENT_CHARS}",
                placeholder: tr(lang(), "rating-comment"), "aria-label": tr(lang(), "rating-comment"),
                value: "{comment}", oninput: move |e| comment.set(e.value()) }
            if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
            button { class: "primary", r#type: "submit", disabled: sending(), {tr(lang(), "rating-send")} }
        }
    }
}
