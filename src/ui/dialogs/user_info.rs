//! The user-info window (C7): tabs «Пользователь», «Источник», «Клиент»,
//! «История пользователя», «История клиента». What the employee may not
//! change is shown read-only; the server refuses it anyway.

use dioxus::prelude::*;

use super::fields::FieldRow;
use super::history::HistoryTab;
use crate::api;
use crate::model::directory::FieldOwner;
use crate::model::user_info::UserInfo;
use crate::ui::browser::{focus, format_date_time, format_when, wrap_focus};
use crate::ui::chat_list::item::source_id;
use crate::ui::i18n::{msg, tr, tr_args, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::problem::error_text;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    User,
    Source,
    Client,
    UserHistory,
    ClientHistory,
}

const TABS: [(Tab, &str, &str); 5] = [
    (Tab::User, "user", msg("user")),
    (Tab::Source, "source", msg("source")),
    (Tab::Client, "client", msg("client")),
    (Tab::UserHistory, "user-history", msg("user-history")),
    (Tab::ClientHistory, "client-history", msg("client-history")),
];

#[component]
pub fn UserInfoDialog(chat: String, on_close: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut tab = use_signal(|| Tab::User);
    let for_load = chat.clone();
    let mut info = use_resource(move || {
        let chat = for_load.clone();
        async move { api::people::users::user_info(chat).await }
    });
    let body = match &*info.read() {
        None => rsx! { div { class: "muted", {tr(lang(), "loading")} } },
        Some(Err(e)) => rsx! { div { class: "error", role: "alert", {error_text(lang(), e)} } },
        Some(Ok(found)) => {
            let found = found.clone();
            let chat = chat.clone();
            let reload = move |_| info.restart();
            match tab() {
                Tab::User => rsx! { UserTab { chat, info: found, on_changed: reload } },
                Tab::Source => rsx! { SourceTab { info: found } },
                Tab::Client => rsx! { ClientTab { chat, info: found, on_changed: reload } },
                Tab::UserHistory => rsx! { HistoryTab { key: "{false}", chat, client: false } },
                Tab::ClientHistory => rsx! { HistoryTab { key: "{true}", chat, client: true } },
            }
        }
    };
    rsx! {
        div { class: "dialog-backdrop", onclick: move |_| on_close.call(()),
            // A modal window (#15): the focus comes in, Tab keeps it inside, Escape closes.
            onkeydown: move |e: KeyboardEvent| match e.key() {
                Key::Escape => {
                    e.stop_propagation();
                    on_close.call(());
                    focus(".open-user-info");
                }
                Key::Tab if wrap_focus(".user-info-dialog", e.modifiers().shift()) => e.prevent_default(),
                _ => {}
            },
            div { class: "user-info-dialog", role: "dialog", "aria-modal": "true", "aria-label": tr(lang(), "user-info"),
                onmounted: move |_| focus(".user-info-dialog .tab.on"),
                onclick: move |e| e.stop_propagation(),
                div { class: "dialog-head",
                    div { class: "tabs", role: "tablist",
                        for (key, name, label) in TABS {
                            button { key: "{name}", role: "tab", "data-tab": name, "aria-selected": tab() == key,
                                class: if tab() == key { "tab on" } else { "tab" }, onclick: move |_| tab.set(key), {tr(lang(), label)} }
                        }
                    }
                    button { class: "ghost small", "aria-label": tr(lang(), "close"), onclick: move |_| on_close.call(()), Icon { name: IconName::X } }
                }
                div { class: "dialog-body", {body} }
            }
        }
    }
}

#[component]
fn UserTab(chat: String, info: UserInfo, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut name = use_signal(|| info.user.name.clone());
    let mut error = use_signal(|| None::<String>);
    let rename = {
        let chat = chat.clone();
        move |evt: FormEvent| {
            let chat = chat.clone();
            async move {
                evt.prevent_default();
                match api::people::users::rename_user(chat, name()).await {
                    Ok(()) => {
                        error.set(None);
                        on_changed.call(());
                    }
                    Err(e) => error.set(Some(error_text(lang(), &e))),
                }
            }
        }
    };
    rsx! {
        if info.may_edit_user {
            form { class: "inline-form", onsubmit: rename,
                input { name: "user-name", maxlength: 100, value: "{name}", oninput: move |e| name.set(e.value()) }
                button { class: "ghost small", r#type: "submit", {tr(lang(), "save")} }
            }
        } else {
            h3 { "{info.user.name}" }
        }
        if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
        p { class: "muted", {tr_args(lang(), "user-since", &[("date", format_date_time(lang(), info.user.created_ms).into())])} " · {info.user.room_name}" }
        for field in info.user.fields.iter() {
            FieldRow { key: "{field.id}", chat: chat.clone(), owner: FieldOwner::User, field: field.clone(), editable: info.may_edit_user, on_saved: on_changed }
        }
    }
}

#[component]
fn SourceTab(info: UserInfo) -> Element {
    let lang = use_lang();
    let user = info.user;
    rsx! {
        dl { class: "source-card",
            dt { {tr(lang(), "source")} } dd { "data-source": user.source.as_str(), "{tr(lang(), source_id(user.source))} · {user.source_name}" }
            dt { {tr(lang(), "room")} } dd { "{user.room_name}" }
            if let Some(email) = user.email.clone() {
                dt { {tr(lang(), "source-from-address")} } dd { "data-field": "from", "{email}" }
            }
            if let Some(subject) = user.mail_subject.clone() {
                dt { {tr(lang(), "source-mail-subject")} } dd { "data-field": "subject", "{subject}" }
            }
            if let Some((id, username)) = user.telegram.clone() {
                dt { {tr(lang(), "source-telegram")} }
                dd { "data-field": "telegram",
                    if let Some(username) = username { "@{username} · " }
                    "id {id}"
                }
            }
            dt { {tr(lang(), "location")} } dd { {user.location.clone().unwrap_or_else(|| "—".into())} }
            dt { {tr(lang(), "current-page")} }
            dd {
                match &user.page {
                    Some(page) => rsx! { a { href: "{page.url}", target: "_blank", rel: "noopener noreferrer nofollow", "{page.url}" } " · {format_when(lang(), page.at_ms)}" },
                    None => rsx! { "—" },
                }
            }
            dt { {tr(lang(), "utm-tags")} }
            dd {
                if user.utm.is_empty() { "—" }
                for (key, value) in user.utm.iter() { div { key: "{key}", code { "{key}" } " {value}" } }
            }
        }
    }
}

#[component]
fn ClientTab(chat: String, info: UserInfo, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut query = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let for_search = chat.clone();
    let candidates = use_resource(move || {
        let (chat, query) = (for_search.clone(), query());
        async move {
            if query.trim().chars().count() < 2 {
                return Ok(Vec::new());
            }
            api::people::clients::merge_candidates(chat, query).await
        }
    });
    let found = match &*candidates.read() {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };
    let mut act = move |result: Result<(), ServerFnError>| match result {
        Ok(()) => {
            error.set(None);
            query.set(String::new());
            on_changed.call(());
        }
        Err(e) => error.set(Some(error_text(lang(), &e))),
    };
    rsx! {
        match &info.client {
            Some(client) => rsx! {
                h3 { "{client.name}" }
                p { class: "muted", {tr(lang(), "client-users")} }
                ul { class: "client-users",
                    for user in client.users.iter() {
                        {
                            let (chat, member) = (chat.clone(), user.id.clone());
                            rsx! {
                                li { key: "{user.id}", "data-user": "{user.id}",
                                    "{user.name} · {user.room_name}"
                                    if info.may_merge {
                                        button { class: "ghost small", "data-unmerge": "{user.id}",
                                            onclick: move |_| { let (chat, member) = (chat.clone(), member.clone()); async move { act(api::people::clients::unmerge_user(chat, member).await) } },
                                            {tr(lang(), "undo-merge")}
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                for field in client.fields.iter() {
                    FieldRow { key: "{field.id}", chat: chat.clone(), owner: FieldOwner::Client, field: field.clone(), editable: info.may_edit_client, on_saved: on_changed }
                }
            },
            None => rsx! { p { class: "muted", {tr(lang(), "user-not-merged")} } },
        }
        if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
        if info.may_merge {
            div { class: "merge",
                label { r#for: "merge-search", {tr(lang(), "merge-with-user")} }
                input { id: "merge-search", class: "picker-search", placeholder: tr(lang(), "user-name"), value: "{query}",
                    oninput: move |e| query.set(e.value()) }
                for user in found {
                    {
                        let (chat, other) = (chat.clone(), user.id.clone());
                        rsx! {
                            div { key: "{user.id}", class: "merge-candidate", "data-candidate": "{user.id}",
                                span { "{user.name} · {user.room_name}" }
                                button { class: "ghost small", "data-merge": "{user.id}",
                                    onclick: move |_| { let (chat, other) = (chat.clone(), other.clone()); async move { act(api::people::clients::merge_users(chat, other).await) } },
                                    {tr(lang(), "merge")}
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
