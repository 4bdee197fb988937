//! Sources (S1, S2) in the settings area: each client room's website widget
//! with the snippet to paste into a site, and its e-mail mailbox.

use dioxus::prelude::*;

use super::section::{use_report, Report, Section, SubmitButton};
use crate::api;
use crate::model::room::{Room, RoomKind};
use crate::model::settings::{check_email_source, EmailSource};
use crate::ui::browser::{copy_text, origin};
use crate::ui::i18n::{msg, tr, use_lang};

/// The tag a site owner pastes before `</body>`: it adds the chat button.
pub fn widget_snippet(origin: &str, room: &str) -> String {
    format!("<script src=\"{origin}/widget.js\" data-room=\"{room}\" async></script>")
}

#[component]
pub fn SourcesSettings(rooms: Vec<Room>, mailboxes: Vec<EmailSource>, on_changed: EventHandler<()>) -> Element {
    let report = use_report(on_changed);
    let clients: Vec<Room> = rooms.into_iter().filter(|r| r.kind == RoomKind::Client).collect();
    rsx! {
        Section { id: "sources-settings", title: msg("sources"), report,
            for room in clients {
                div { class: "group-card", key: "{room.id}", "data-source-room": "{room.id}",
                    h3 { "{room.name}" }
                    WidgetSnippet { room: room.id.clone() }
                    MailboxForm {
                        key: "{room.id}-{mailboxes.iter().any(|m| m.room == room.id)}",
                        mailbox: mailboxes.iter().find(|m| m.room == room.id).cloned()
                            .unwrap_or(EmailSource { room: room.id.clone(), imap_port: 993, smtp_port: 465, ..Default::default() }),
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
fn MailboxForm(mailbox: EmailSource, report: Report) -> Element {
    let lang = use_lang();
    let mut draft = use_signal(|| mailbox.clone());
    let mut saved = use_signal(|| false);
    let save = move |evt: FormEvent| async move {
        evt.prevent_default();
        let source = draft();
        if report.check(check_email_source(&source)) && report.saved(api::admin::sources::save_email_source(source).await) {
            saved.set(true);
        }
    };
    let d = draft();
    let password_hint = if mailbox.has_password { tr(lang(), "password-stored") } else { tr(lang(), "password") };
    rsx! {
        form { class: "mailbox-form", onsubmit: save,
            p { class: "muted", {tr(lang(), "email-source-notice")} }
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
                SubmitButton { is_new: false }
                if saved() {
                    span { class: "muted", role: "status", {tr(lang(), "saved")} }
                }
            }
        }
    }
}
