//! «Заблокировать» (C14): whom, until when (typed or picked in the calendar)
//! and why; «Разблокировать» (C15) after a confirmation.

use dioxus::prelude::*;

use crate::api;
use crate::model::block::NewBlock;
use crate::ui::browser::{format_date_time, local_datetime_to_ms};
use crate::ui::i18n::{tr, tr_args, use_lang};
use crate::ui::workspace::store::Store;
use crate::ui::problem::{error_text, problem_text};

#[component]
pub fn BlockForm(chat: String, on_done: EventHandler<Result<(), String>>) -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let mut until = use_signal(String::new);
    let mut reason = use_signal(String::new);
    let mut whole_client = use_signal(|| false);
    let mut error = use_signal(|| None::<String>);
    let submit = move |evt: FormEvent| {
        let chat = chat.clone();
        async move {
            evt.prevent_default();
            let Some(until_ms) = local_datetime_to_ms(&until()) else {
                error.set(Some(tr(lang(), "block-until-missing").to_string()));
                return;
            };
            let block = NewBlock { chat, until_ms, reason: reason(), client: whole_client() };
            if let Some(problem) = block.problem(*store.clock.peek()) {
                error.set(Some(problem_text(lang(), &problem)));
                return;
            }
            match api::people::blocks::block_visitor(block).await {
                Ok(_) => on_done.call(Ok(())),
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
        }
    };
    rsx! {
        form { class: "block-form", onsubmit: submit,
            label { {tr(lang(), "block-whom")}
                select { name: "target", onchange: move |e| whole_client.set(e.value() == "client"),
                    option { value: "user", {tr(lang(), "block-target-user")} }
                    option { value: "client", {tr(lang(), "block-target-client")} }
                }
            }
            label { {tr(lang(), "block-until")}
                input { r#type: "datetime-local", name: "until", required: true, value: "{until}", oninput: move |e| until.set(e.value()) }
            }
            label { {tr(lang(), "block-reason")}
                textarea { name: "reason", required: true, maxlength: 500, rows: 2, value: "{reason}", oninput: move |e| reason.set(e.value()) }
            }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
            button { class: "primary danger", r#type: "submit", "data-confirm": "block", {tr(lang(), "block")} }
        }
    }
}

#[component]
pub fn UnblockConfirm(chat: String, until_ms: Option<i64>, on_done: EventHandler<Result<(), String>>, on_cancel: EventHandler<()>) -> Element {
    let lang = use_lang();
    let until = until_ms.map(|at| format_date_time(lang(), at)).unwrap_or_default();
    rsx! {
        p { {tr_args(lang(), "unblock-confirm", &[("until", until.into())])} }
        div { class: "inline-form",
            button { class: "primary", "data-confirm": "unblock",
                onclick: move |_| {
                    let chat = chat.clone();
                    async move { on_done.call(api::people::blocks::unblock_visitor(chat).await.map_err(|e| error_text(lang(), &e))); }
                },
                {tr(lang(), "unblock")}
            }
            button { class: "ghost", onclick: move |_| on_cancel.call(()), {tr(lang(), "cancel")} }
        }
    }
}
