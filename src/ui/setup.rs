//! First run: the form that creates the first administrator.

use dioxus::prelude::*;

use crate::api;
use crate::model::employee::Me;
use crate::model::settings::{check_new_employee, NewEmployee};
use crate::ui::feedback::{use_error_line, ErrorMessage};
use crate::ui::i18n::{tr, use_lang};

#[component]
pub fn FirstRun(on_signed_in: EventHandler<Me>) -> Element {
    let lang = use_lang();
    let mut name = use_signal(String::new);
    let mut email = use_signal(String::new);
    let mut password = use_signal(String::new);
    let mut setup_token = use_signal(String::new);
    let error = use_error_line();

    let submit = move |evt: FormEvent| async move {
        evt.prevent_default();
        let employee = NewEmployee { name: name(), email: email(), password: password() };
        if !error.check(check_new_employee(&employee)) {
            return;
        }
        let result = match api::people::auth::create_first_admin(employee, Some(setup_token())).await {
            Ok(_) => api::people::auth::me().await,
            Err(e) => Err(e),
        };
        match result {
            Ok(me) => on_signed_in.call(me),
            Err(e) => error.fail(&e),
        }
    };

    rsx! {
        form { class: "login", id: "first-run", onsubmit: submit,
            h1 { {tr(lang(), "first-run")} }
            p { class: "muted", {tr(lang(), "create-admin-account")} }
            label { {tr(lang(), "setup-token")}
                input { name: "setup_token", required: true, autocomplete: "off", spellcheck: "false", value: "{setup_token}", oninput: move |e| setup_token.set(e.value()) }
                span { class: "muted hint", {tr(lang(), "setup-token-hint")} }
            }
            label { {tr(lang(), "person-name")}
                input { name: "name", required: true, value: "{name}", oninput: move |e| name.set(e.value()) } }
            label { {tr(lang(), "email")}
                input { name: "email", r#type: "email", required: true, value: "{email}", oninput: move |e| email.set(e.value()) } }
            label { {tr(lang(), "password")}
                input { name: "password", r#type: "password", autocomplete: "new-password", required: true, value: "{password}", oninput: move |e| password.set(e.value()) } }
            ErrorMessage { line: error }
            button { class: "primary", r#type: "submit", {tr(lang(), "create")} }
        }
    }
}
