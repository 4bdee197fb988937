//! The meeting link's page (C13): a guest gives a name, waits in the lobby
//! if the meeting has one, and joins the call.

use dioxus::prelude::*;

use super::call::CallView;
use crate::api;
use crate::model::meeting::GuestPass;
use crate::model::room::RoomKind;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::error_text;

#[component]
pub fn GuestMeetingPage(code: String) -> Element {
    let lang = use_lang();
    let mut name = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut pass = use_signal(|| None::<GuestPass>);
    let mut left = use_signal(|| false);
    let head = use_resource(use_reactive!(|code| async move { api::meetings::calls::meeting_by_code(code).await }));
    let (topic, kind) = match &*head.read() {
        None => return rsx! { main { class: "guest-page", p { class: "muted", {tr(lang(), "loading")} } } },
        Some(Err(e)) => return rsx! { main { class: "guest-page", div { class: "error", role: "alert", {error_text(lang(), e)} } } },
        Some(Ok(head)) => head.clone(),
    };
    if left() {
        return rsx! { main { class: "guest-page", p { class: "call-ended", {tr(lang(), "meeting-left")} } } };
    }
    if let Some(pass) = pass() {
        return rsx! {
            main { class: "guest-page in-call",
                CallView { chat: pass.chat.clone(), guest: pass.token.clone(), title: pass.topic.clone(), on_leave: move |_| left.set(true) }
            }
        };
    }
    let join = move |evt: FormEvent| {
        evt.prevent_default();
        let code = code.clone();
        async move {
            match api::meetings::calls::guest_pass(code, name()).await {
                Ok(granted) => pass.set(Some(granted)),
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
        }
    };
    rsx! {
        main { class: "guest-page",
            h1 { "{topic}" }
            p { class: "muted", {if kind == RoomKind::Webinar { tr(lang(), "webinar") } else { tr(lang(), "conference") }} }
            form { class: "guest-join", onsubmit: join,
                label { {tr(lang(), "your-name")}
                    input { name: "guest-name", maxlength: "60", value: "{name}", oninput: move |e| name.set(e.value()) }
                }
                if let Some(message) = error() {
                    div { class: "error", role: "alert", "{message}" }
                }
                button { class: "primary", r#type: "submit", {tr(lang(), "join")} }
            }
        }
    }
}
