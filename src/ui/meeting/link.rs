//! «Ссылка на встречу» (C13): the link with a one-click copy, its QR code
//! (drawn as SVG from the `qrcode` crate's modules), and «Скопировать» for an
//! invitation with my name, the topic, the link and the meeting ID.

use dioxus::prelude::*;

use crate::api;
use crate::model::meeting::{link_path, qr_path, spaced_code};
use crate::ui::browser::{copy_text, origin};
use crate::ui::i18n::{msg, tr, tr_args, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::workspace::store::Store;
use crate::ui::problem::error_text;

#[component]
pub fn MeetingLink(chat: String, topic: String) -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let mut copied = use_signal(|| None::<&'static str>);
    let code = use_resource(use_reactive!(|chat| async move { api::meetings::meeting::meeting_link(chat).await }));
    let code = match &*code.read() {
        None => return rsx! { p { class: "muted", {tr(lang(), "loading")} } },
        Some(Err(e)) => return rsx! { div { class: "error", role: "alert", {error_text(lang(), e)} } },
        Some(Ok(code)) => code.clone(),
    };
    let link = format!("{}{}", origin(), link_path(&code));
    // The invitation in the tab's language; the name and topic are the user's words.
    let text = tr_args(
        lang(),
        "meeting-invitation",
        &[
            ("name", store.me.read().name.clone().into()),
            ("topic", topic.clone().into()),
            ("link", link.clone().into()),
            ("id", spaced_code(&code).into()),
        ],
    );
    let (width, path) = qr_path(&link).unwrap_or_default();
    let side = width + 8;
    let link_for_copy = link.clone();
    rsx! {
        div { class: "meeting-link",
            div { class: "inline-form",
                input { class: "meeting-url", readonly: true, value: "{link}", "aria-label": tr(lang(), "meeting-link") }
                button { class: "ghost copy-link", title: tr(lang(), "copy-link"), "aria-label": tr(lang(), "copy-link"),
                    onclick: move |_| { let link = link_for_copy.clone(); async move {
                        copied.set(Some(if copy_text(&link).await { msg("link-copied") } else { msg("copy-refused") }));
                    }},
                    Icon { name: IconName::Copy }
                }
            }
            svg { class: "meeting-qr", xmlns: "http://www.w3.org/2000/svg", "data-modules": "{width}", view_box: "-4 -4 {side} {side}", width: "200", height: "200",
                "shape-rendering": "crispEdges", role: "img", "aria-label": tr(lang(), "link-qr-code"),
                rect { x: "-4", y: "-4", width: "{side}", height: "{side}", fill: "#ffffff" }
                path { d: "{path}", fill: "#000000" }
            }
            p { class: "muted", {tr(lang(), "meeting-id")} ": " span { class: "meeting-code", "{spaced_code(&code)}" } }
            button { class: "primary copy-invitation",
                onclick: move |_| { let text = text.clone(); async move {
                    copied.set(Some(if copy_text(&text).await { msg("invitation-copied") } else { msg("copy-refused") }));
                }},
                {tr(lang(), "copy")}
            }
            if let Some(note) = copied() {
                span { class: "muted", role: "status", {tr(lang(), note)} }
            }
        }
    }
}
