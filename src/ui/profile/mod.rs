//! The employee's profile (W10, P1, P2): the profile window with the sound
//! switches and the activity switch, also in the header as «Статус работника».

use dioxus::prelude::*;

use crate::api;
use crate::ui::browser::play_sound;
use crate::ui::i18n::{tr, tr_args, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::workspace::store::Store;
use crate::ui::problem::error_text;

pub const MESSAGE_SOUND: Asset = asset!("/assets/sounds/message.wav");
pub const CALL_SOUND: Asset = asset!("/assets/sounds/call.wav");

/// Plays the incoming-message sound if the employee wants it.
pub fn incoming_message(store: Store) {
    if store.me.peek().sound_messages {
        play_sound(&MESSAGE_SOUND.to_string());
    }
}

/// System notifications while the tab is hidden: asked for only on a click,
/// and the browser's answer shown.
#[component]
fn NotificationsRow() -> Element {
    let lang = use_lang();
    let mut permission = use_signal(crate::ui::browser::notification_permission);
    let text = match permission().as_str() {
        "granted" => tr(lang(), "notifications-on"),
        "denied" => tr(lang(), "notifications-denied"),
        "unsupported" => tr(lang(), "notifications-unsupported"),
        _ => tr(lang(), "notifications-off"),
    };
    rsx! {
        div { class: "profile-row notifications", "data-permission": "{permission}",
            span { "{text}" }
            if permission() == "default" {
                button { class: "ghost small", r#type: "button", "data-ask": "notifications",
                    onclick: move |_| async move { permission.set(crate::ui::browser::request_notification_permission().await); },
                    {tr(lang(), "notifications-enable")}
                }
            }
        }
    }
}

/// «Статус работника»: a green (at work) or red (on a break) switch.
#[component]
pub fn ActivitySwitch() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let active = store.me.read().active;
    let mut error = use_signal(|| None::<String>);
    let toggle = move |_| async move {
        let next = !store.me.peek().active;
        match api::people::profile::set_activity(next).await {
            Ok(()) => {
                let mut me = store.me;
                me.write().active = next;
                error.set(None);
            }
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };
    let label = if active { tr(lang(), "activity-active") } else { tr(lang(), "activity-on-break") };
    rsx! {
        button {
            class: if active { "ghost activity-switch active" } else { "ghost activity-switch" },
            title: tr_args(lang(), "activity-status-title", &[("status", label.into())]),
            "aria-pressed": active,
            onclick: toggle,
            span { class: "presence-dot" }
            span { class: "activity-label", "{label}" }
        }
        if let Some(message) = error() { span { class: "error", role: "alert", "{message}" } }
    }
}

/// The profile window: who I am, the sounds, the activity.
#[component]
pub fn ProfileDialog(on_close: EventHandler<()>) -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let me = store.me.read().clone();
    let mut error = use_signal(|| None::<String>);
    let save = move |messages: bool, calls: bool| async move {
        match api::people::profile::set_sounds(messages, calls).await {
            Ok(()) => {
                let mut me = store.me;
                let mut me = me.write();
                me.sound_messages = messages;
                me.sound_calls = calls;
                error.set(None);
            }
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };
    let (messages, calls) = (me.sound_messages, me.sound_calls);
    rsx! {
        div { class: "profile-dialog", role: "dialog", "aria-label": tr(lang(), "profile"),
            div { class: "profile-head",
                div { b { "{me.name}" } div { class: "muted", "{me.email}" } }
                button { class: "ghost small", "aria-label": tr(lang(), "close"), onclick: move |_| on_close.call(()), Icon { name: IconName::X } }
            }
            if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
            div { class: "profile-row", span { {tr(lang(), "activity-status")} } ActivitySwitch {} }
            NotificationsRow {}
            label { class: "profile-row",
                input { r#type: "checkbox", name: "sound-messages", checked: messages, onchange: move |e| save(e.checked(), calls) }
                {tr(lang(), "sound-message")}
                button { class: "ghost small", r#type: "button", "aria-label": tr(lang(), "play-message-sound"),
                    onclick: move |_| play_sound(&MESSAGE_SOUND.to_string()), Icon { name: IconName::Play } }
            }
            label { class: "profile-row",
                input { r#type: "checkbox", name: "sound-calls", checked: calls, onchange: move |e| save(messages, e.checked()) }
                {tr(lang(), "sound-call")}
                button { class: "ghost small", r#type: "button", "aria-label": tr(lang(), "play-call-sound"),
                    onclick: move |_| play_sound(&CALL_SOUND.to_string()), Icon { name: IconName::Play } }
            }
        }
    }
}
