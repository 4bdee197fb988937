//! Sources (S1–S3) in the settings area: each client room's website widget
//! with the snippet to paste into a site, its e-mail mailbox and its
//! Telegram bot.

use dioxus::prelude::*;

use super::section::{use_report, Report, Section, SubmitButton};
use crate::api;
use crate::model::room::{Room, RoomKind};
use crate::model::channel::{check_telegram_source, ConnectionStep, SourceHealth, TelegramSource};
use crate::model::settings::{check_email_source, EmailSource};
use crate::ui::browser::{copy_text, format_date_time, origin};
use crate::ui::i18n::{msg, tr, tr_args, use_lang};

/// The tag a site owner pastes before `</body>`: it adds the chat button.
pub fn widget_snippet(origin: &str, room: &str) -> String {
    format!("<script src=\"{origin}/widget.js\" data-room=\"{room}\" async></script>")
}

#[component]
pub fn SourcesSettings(rooms: Vec<Room>, mailboxes: Vec<EmailSource>, bots: Vec<TelegramSource>, on_changed: EventHandler<()>) -> Element {
    let report = use_report(on_changed);
    let clients: Vec<Room> = rooms.into_iter().filter(|r| r.kind == RoomKind::Client).collect();
    // Each source's state, asked again every 5 s while the page is open: a
    // mailbox saved a moment ago says «Подключено» without a reload.
    let mut live = use_signal(std::collections::HashMap::<String, SourceHealth>::new);
    use_future(move || async move {
        loop {
            crate::ui::browser::sleep_ms(5_000).await;
            let mut states = std::collections::HashMap::new();
            if let Ok(list) = api::admin::sources::list_email_sources().await {
                states.extend(list.into_iter().map(|m| (["mail:", m.room.as_str()].concat(), m.health)));
            }
            if let Ok(list) = api::admin::sources::list_telegram_sources().await {
                states.extend(list.into_iter().map(|b| (["bot:", b.room.as_str()].concat(), b.health)));
            }
            live.set(states);
        }
    });
    let mailboxes: Vec<EmailSource> = mailboxes
        .into_iter()
        .map(|m| EmailSource { health: live.read().get(&["mail:", m.room.as_str()].concat()).cloned().unwrap_or(m.health.clone()), ..m })
        .collect();
    let bots: Vec<TelegramSource> = bots
        .into_iter()
        .map(|b| TelegramSource { health: live.read().get(&["bot:", b.room.as_str()].concat()).cloned().unwrap_or(b.health.clone()), ..b })
        .collect();
    rsx! {
        Section { id: "sources-settings", title: msg("sources"), report,
            for room in clients {
                div { class: "group-card", key: "{room.id}", "data-source-room": "{room.id}",
                    h3 { "{room.name}" }
                    WidgetSnippet { room: room.id.clone() }
                    MailboxForm {
                        key: "{room.id}-{mailboxes.iter().any(|m| m.room == room.id)}",
                        health: mailboxes.iter().find(|m| m.room == room.id).map(|m| m.health.clone()).unwrap_or_default(),
                        mailbox: mailboxes.iter().find(|m| m.room == room.id).cloned()
                            .unwrap_or(EmailSource { room: room.id.clone(), imap_port: 993, smtp_port: 465, enabled: true, ..Default::default() }),
                        report,
                    }
                    BotForm {
                        key: "{room.id}-bot-{bots.iter().any(|b| b.room == room.id)}",
                        health: bots.iter().find(|b| b.room == room.id).map(|b| b.health.clone()).unwrap_or_default(),
                        bot: bots.iter().find(|b| b.room == room.id).cloned()
                            .unwrap_or(TelegramSource { room: room.id.clone(), enabled: true, ..Default::default() }),
                        report,
                    }
                }
            }
        }
    }
}

#[component]
fn WidgetSnippet(room: String) -> Element {
    let lang = use_lang();
    let mut copied = use_signal(|| false);
    let snippet = widget_snippet(&origin(), &room);
    let text = snippet.clone();
    rsx! {
        div { class: "snippet",
            span { class: "muted", {tr(lang(), "widget-snippet-hint")} }
            code { class: "widget-snippet", "{snippet}" }
            button { class: "ghost", r#type: "button", onclick: move |_| {
                    let text = text.clone();
                    async move { copied.set(copy_text(&text).await); }
                },
                if copied() { {tr(lang(), "copied")} } else { {tr(lang(), "copy")} }
            }
            a { href: "/widget/{room}", target: "_blank", rel: "noopener", {tr(lang(), "open-widget")} }
        }
    }
}

#[component]
fn MailboxForm(mailbox: EmailSource, health: SourceHealth, report: Report) -> Element {
    let lang = use_lang();
    let mut draft = use_signal(|| mailbox.clone());
    let mut saved = use_signal(|| false);
    let mut checking = use_signal(|| false);
    let mut steps = use_signal(Vec::<ConnectionStep>::new);
    let save = move |evt: FormEvent| async move {
        evt.prevent_default();
        let source = draft();
        if report.check(check_email_source(&source)) && report.saved(api::admin::sources::save_email_source(source).await) {
            saved.set(true);
        }
    };
    // «Проверить подключение» checks what the form says: it saves first.
    let check = move |_| async move {
        let source = draft();
        if !report.check(check_email_source(&source)) {
            return;
        }
        checking.set(true);
        steps.set(Vec::new());
        if let Err(error) = api::admin::sources::save_email_source(source.clone()).await {
            report.saved::<()>(Err(error));
            checking.set(false);
            return;
        }
        draft.write().password.clear();
        match api::admin::sources::check_email_source(source.room.clone()).await {
            Ok(result) => steps.set(result),
            Err(error) => {
                report.saved::<()>(Err(error));
            }
        }
        checking.set(false);
    };
    let d = draft();
    let password_hint = if mailbox.has_password { tr(lang(), "password-stored") } else { tr(lang(), "password") };
    rsx! {
        form { class: "mailbox-form", onsubmit: save,
            p { class: "muted", {tr(lang(), "email-source-notice")} }
            MailboxHealth { health, stored: mailbox.has_password, enabled: mailbox.enabled }
            div { class: "inline-form",
                input { name: "address", r#type: "email", value: "{d.address}", placeholder: tr(lang(), "mailbox-address"), oninput: move |e| draft.write().address = e.value() }
                input { name: "login", value: "{d.login}", placeholder: tr(lang(), "mailbox-login"), autocomplete: "off", oninput: move |e| draft.write().login = e.value() }
                input { name: "password", r#type: "password", autocomplete: "new-password", value: "{d.password}", placeholder: password_hint, oninput: move |e| draft.write().password = e.value() }
            }
            div { class: "inline-form",
                input { name: "imap_host", value: "{d.imap_host}", placeholder: "IMAP", oninput: move |e| draft.write().imap_host = e.value() }
                input { name: "imap_port", r#type: "number", class: "port", "aria-label": tr(lang(), "imap-port"), value: "{d.imap_port}", oninput: move |e| draft.write().imap_port = e.value().parse().unwrap_or(0) }
                input { name: "smtp_host", value: "{d.smtp_host}", placeholder: "SMTP", oninput: move |e| draft.write().smtp_host = e.value() }
                input { name: "smtp_port", r#type: "number", class: "port", "aria-label": tr(lang(), "smtp-port"), value: "{d.smtp_port}", oninput: move |e| draft.write().smtp_port = e.value().parse().unwrap_or(0) }
                label { class: "check",
                    input { name: "enabled", r#type: "checkbox", checked: d.enabled, onchange: move |e| draft.write().enabled = e.checked() }
                    {tr(lang(), "mailbox-enabled")}
                }
                SubmitButton { is_new: false }
                button { class: "ghost", r#type: "button", name: "check", disabled: checking(), onclick: check,
                    if checking() { {tr(lang(), "mailbox-checking")} } else { {tr(lang(), "mailbox-check")} }
                }
                if saved() {
                    span { class: "muted", role: "status", {tr(lang(), "saved")} }
                }
            }
            if !steps().is_empty() {
                ul { class: "connection-steps", role: "status",
                    for step in steps() {
                        li { key: "{step.server}", class: if step.ok { "ok" } else { "error" }, "data-server": "{step.server}",
                            {connection_line(lang(), &step)}
                        }
                    }
                }
            }
        }
    }
}

/// «IMAP: подключение работает» or «SMTP: <the server's words>».
fn connection_line(lang: crate::ui::i18n::Lang, step: &ConnectionStep) -> String {
    let server = step.server.to_uppercase();
    if step.ok {
        tr_args(lang, "mailbox-step-ok", &[("server", server.into())])
    } else {
        tr_args(lang, "mailbox-step-failed", &[("server", server.into()), ("error", step.detail.clone().into())])
    }
}

/// How the mailbox's reader stands: connected, retrying (with the server's
/// last words), or stopped.
#[component]
fn MailboxHealth(health: SourceHealth, stored: bool, enabled: bool) -> Element {
    let lang = use_lang();
    if !stored {
        return rsx! {};
    }
    let (class, line) = match &health {
        SourceHealth::Connected { since_ms } => ("ok", tr_args(lang(), "mailbox-connected", &[("since", format_date_time(lang(), *since_ms).into())])),
        SourceHealth::Retrying { since_ms, error } => (
            "error",
            tr_args(lang(), "mailbox-retrying", &[("since", format_date_time(lang(), *since_ms).into()), ("error", error.clone().into())]),
        ),
        SourceHealth::Stopped if !enabled => ("muted", tr(lang(), "mailbox-off").to_string()),
        SourceHealth::Stopped => ("muted", tr(lang(), "mailbox-starting").to_string()),
    };
    rsx! {
        p { class: "mailbox-health {class}", "data-health": "{class}", "{line}" }
    }
}

/// A room's Telegram bot (S3): the token from @BotFather, on or off, and
/// «Проверить подключение», which asks Telegram who the bot is.
#[component]
fn BotForm(bot: TelegramSource, health: SourceHealth, report: Report) -> Element {
    let lang = use_lang();
    let mut draft = use_signal(|| bot.clone());
    let mut saved = use_signal(|| false);
    let mut checking = use_signal(|| false);
    let mut step = use_signal(|| None::<ConnectionStep>);
    let save = move |evt: FormEvent| async move {
        evt.prevent_default();
        let source = draft();
        if report.check(check_telegram_source(&source)) && report.saved(api::admin::sources::save_telegram_source(source).await) {
            saved.set(true);
        }
    };
    let check = move |_| async move {
        let source = draft();
        if !report.check(check_telegram_source(&source)) {
            return;
        }
        checking.set(true);
        step.set(None);
        if let Err(error) = api::admin::sources::save_telegram_source(source.clone()).await {
            report.saved::<()>(Err(error));
            checking.set(false);
            return;
        }
        draft.write().token.clear();
        match api::admin::sources::check_telegram_source(source.room.clone()).await {
            Ok(result) => step.set(Some(result)),
            Err(error) => {
                report.saved::<()>(Err(error));
            }
        }
        checking.set(false);
    };
    let d = draft();
    let token_hint = if bot.has_token { tr(lang(), "bot-token-stored") } else { tr(lang(), "bot-token") };
    rsx! {
        form { class: "bot-form", onsubmit: save,
            p { class: "muted", {tr(lang(), "telegram-source-notice")} }
            if let Some(username) = bot.bot_username.clone() {
                p { class: "bot-username", "@{username}" }
            }
            MailboxHealth { health, stored: bot.has_token, enabled: bot.enabled }
            div { class: "inline-form",
                input { name: "bot_token", r#type: "password", autocomplete: "off", value: "{d.token}", placeholder: token_hint, "aria-label": tr(lang(), "bot-token"), oninput: move |e| draft.write().token = e.value() }
                label { class: "check",
                    input { name: "bot_enabled", r#type: "checkbox", checked: d.enabled, onchange: move |e| draft.write().enabled = e.checked() }
                    {tr(lang(), "mailbox-enabled")}
                }
                SubmitButton { is_new: false }
                button { class: "ghost", r#type: "button", name: "check_bot", disabled: checking(), onclick: check,
                    if checking() { {tr(lang(), "mailbox-checking")} } else { {tr(lang(), "mailbox-check")} }
                }
                if saved() {
                    span { class: "muted", role: "status", {tr(lang(), "saved")} }
                }
            }
            if let Some(step) = step() {
                ul { class: "connection-steps", role: "status",
                    li { class: if step.ok { "ok" } else { "error" }, "data-server": "telegram",
                        {if step.ok { step.detail.clone() } else { connection_line(lang(), &step) }}
                    }
                }
            }
        }
    }
}
