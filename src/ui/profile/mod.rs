//! The employee's profile (W10, P1, P2): the profile window with the sound
//! switches and the activity switch, also in the header as «Статус работника».

mod saved_replies;

use dioxus::prelude::*;

use crate::api;
use crate::model::push::{PushDevice, PushSettings};
use crate::ui::browser::{format_when, play_sound};
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
fn NotificationsRow(devices_changed: EventHandler<()>) -> Element {
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
                    onclick: move |_| async move {
                        permission.set(crate::ui::browser::request_notification_permission().await);
                        // Allowed: this browser subscribes to pushes too.
                        if permission() == "granted" {
                            let _ = crate::ui::workspace::push::subscribe(lang()).await;
                            devices_changed.call(());
                        }
                    },
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
    let mut push_devices = use_resource(|| async move { api::people::push::push_devices().await });
    rsx! {
        div { class: "profile-dialog", role: "dialog", "aria-label": tr(lang(), "profile"),
            div { class: "profile-head",
                div { b { "{me.name}" } div { class: "muted", "{me.email}" } }
                button { class: "ghost small", "aria-label": tr(lang(), "close"), onclick: move |_| on_close.call(()), Icon { name: IconName::X } }
            }
            if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
            div { class: "profile-row", span { {tr(lang(), "activity-status")} } ActivitySwitch {} }
            NotificationsRow { devices_changed: move |_| push_devices.restart() }
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
            PushSection { devices: push_devices }
            saved_replies::SavedRepliesSection {}
        }
    }
}

/// Which pushes come (P1), and the browsers and devices that get them,
/// each of which can be turned off here.
#[component]
fn PushSection(devices: Resource<Result<Vec<PushDevice>, ServerFnError>>) -> Element {
    let lang = use_lang();
    let mut settings = use_resource(|| async move { api::people::push::push_settings().await });
    let mut error = use_signal(|| None::<String>);
    let mut devices = devices;
    let save = move |next: PushSettings| async move {
        match api::people::push::save_push_settings(next).await {
            Ok(()) => {
                error.set(None);
                settings.restart();
            }
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };
    let remove = move |device: String| async move {
        match api::people::push::push_remove_device(device).await {
            Ok(()) => devices.restart(),
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };
    let current = settings.read().as_ref().and_then(|r| r.as_ref().ok()).copied();
    let loaded = devices.read().as_ref().is_some_and(|r| r.is_ok());
    let list = devices.read().as_ref().and_then(|r| r.as_ref().ok()).cloned().unwrap_or_default();
    rsx! {
        fieldset { class: "push-settings",
            legend { {tr(lang(), "push-heading")} }
            if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
            if let Some(s) = current {
                label { class: "profile-row",
                    input { r#type: "checkbox", name: "push-inquiries", checked: s.inquiries, onchange: move |e| save(PushSettings { inquiries: e.checked(), ..s }) }
                    {tr(lang(), "push-inquiries")}
                }
                label { class: "profile-row",
                    input { r#type: "checkbox", name: "push-messages", checked: s.messages, onchange: move |e| save(PushSettings { messages: e.checked(), ..s }) }
                    {tr(lang(), "push-messages")}
                }
                label { class: "profile-row",
                    input { r#type: "checkbox", name: "push-calls", checked: s.calls, onchange: move |e| save(PushSettings { calls: e.checked(), ..s }) }
                    {tr(lang(), "push-calls")}
                }
                label { class: "profile-row",
                    input { r#type: "checkbox", name: "push-previews", checked: s.previews, onchange: move |e| save(PushSettings { previews: e.checked(), ..s }) }
                    {tr(lang(), "push-previews")}
                }
            }
            div { class: "muted", {tr(lang(), "push-devices")} }
            if loaded && list.is_empty() {
                div { class: "muted push-no-devices", {tr(lang(), "push-no-devices")} }
            }
            ul { class: "push-devices", "data-loaded": loaded,
                for device in list {
                    li { key: "{device.id}", class: "push-device", "data-device": "{device.id}",
                        span { "{device.device}" }
                        span { class: "muted", " {format_when(lang(), device.seen_ms)}" }
                        button { class: "ghost small", r#type: "button",
                            "aria-label": tr_args(lang(), "push-remove-device", &[("device", device.device.as_str().into())]),
                            title: tr_args(lang(), "push-remove-device", &[("device", device.device.as_str().into())]),
                            onclick: { let id = device.id.clone(); move |_| remove(id.clone()) },
                            Icon { name: IconName::X }
                        }
                    }
                }
            }
        }
    }
}
