//! Incoming calls (C3): a started call rings its chat's participants with
//! the call sound (if their profile wants it) and «Принять» / «Отклонить».

use dioxus::prelude::*;

use crate::model::live::RunningCall;
use crate::ui::browser::play_sound;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::profile::CALL_SOUND;
use crate::ui::workspace::store::Store;

/// A call started or ended somewhere I can see.
pub fn call_event(store: Store, call: RunningCall, running: bool) {
    let mut calls = store.calls;
    let mut ringing = store.ringing;
    if !running {
        calls.write().remove(&call.chat);
        if ringing.peek().as_ref().is_some_and(|r| r.chat == call.chat) {
            ringing.set(None);
        }
        return;
    }
    calls.write().insert(call.chat.clone(), call.clone());
    let me = store.me.peek().id.clone();
    let takes_part = store.chats.peek().get(&call.chat).is_some_and(|row| row.chat.participants.iter().any(|p| p.id == me));
    let already_in = store.in_call.peek().as_deref() == Some(call.chat.as_str());
    if takes_part && call.by_id != me && !already_in {
        if store.me.peek().sound_calls {
            play_sound(&CALL_SOUND.to_string());
        }
        ringing.set(Some(call));
    }
}

/// The ringing banner.
#[component]
pub fn IncomingCall() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let Some(call) = store.ringing.read().clone() else { return rsx! {} };
    let title = store.chats.read().get(&call.chat).map(|row| row.chat.title()).unwrap_or_default();
    let chat = call.chat.clone();
    rsx! {
        div { class: "incoming-call", role: "alertdialog", "data-chat": "{call.chat}", "aria-label": tr(lang(), "Входящий звонок"),
            div { class: "incoming-call-text",
                strong { "{call.by_name}" }
                " " {tr(lang(), "звонит")} ": " "{title}"
            }
            button { class: "primary", "data-answer": "accept",
                onclick: move |_| {
                    let mut ringing = store.ringing;
                    ringing.set(None);
                    let mut open = store.open;
                    open.set(Some(chat.clone()));
                    let mut in_call = store.in_call;
                    in_call.set(Some(chat.clone()));
                },
                {tr(lang(), "Принять")}
            }
            button { class: "ghost danger", "data-answer": "decline",
                onclick: move |_| { let mut ringing = store.ringing; ringing.set(None); },
                {tr(lang(), "Отклонить")}
            }
        }
    }
}
