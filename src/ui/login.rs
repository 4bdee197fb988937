//! The sign-in form shown to anyone without a session.

use dioxus::prelude::*;

use crate::api;
use crate::model::employee::{Credentials, Me};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::error_text;

#[component]
pub fn Login(on_signed_in: EventHandler<Me>) -> Element {
    let lang = use_lang();
    let mut email = use_signal(String::new);
    let mut password = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);

    let submit = move |evt: FormEvent| async move {
        evt.prevent_default();
        busy.set(true);
        error.set(None);
        let credentials = Credentials { email: email(), password: password() };
        let result = match api::people::auth::login(credentials).await {
            Ok(_) => api::people::auth::me().await,
            Err(e) => Err(e),
        };
        busy.set(false);
        match result {
            Ok(me) => on_signed_in.call(me),
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };

    rsx! {
        form { class: "login", onsubmit: submit,
            h1 { {tr(lang(), "chats")} }
            label {
                {tr(lang(), "email")}
                input { r#type: "email", name: "email", autocomplete: "username", required: true,
                    value: "{email}", oninput: move |e| email.set(e.value()) }
            }
            label {
                {tr(lang(), "password")}
                input { r#type: "password", name: "password", autocomplete: "current-password", required: true,
                    value: "{password}", oninput: move |e| password.set(e.value()) }
            }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
            button { class: "primary", r#type: "submit", disabled: busy(), {tr(lang(), "sign-in")} }
        }
    }
}
