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
    if !store.chats.peek().contains_key(&call.chat) {
        // A chat beyond the pages held (#12): read it, then ring if it is mine.
        spawn(async move {
            if crate::ui::chat_list::paging::fetch_chat(store, call.chat.clone()).await {
                ring_if_mine(store, call);
            }
        });
        return;
    }
    ring_if_mine(store, call);
}

/// Rings for a call in a chat I take part in, started by someone else.
fn ring_if_mine(store: Store, call: RunningCall) {
    let mut ringing = store.ringing;
    let me = store.me.peek().id.clone();
    let takes_part = store.chats.peek().get(&call.chat).is_some_and(|row| row.chat.participants.iter().any(|p| p.id == me));
    let already_in = store.in_call.peek().as_deref() == Some(call.chat.as_str());
    let still_running = store.calls.peek().contains_key(&call.chat);
    if still_running && takes_part && call.by_id != me && !already_in {
        ringing.set(Some(call));
    }
}

/// How often the call sound repeats, and how long a call rings unanswered.
const RING_EVERY_MS: u32 = 3_000;
const RING_FOR_MS: u32 = 30_000;

/// The ringing banner.
#[component]
pub fn IncomingCall() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    // The sound repeats while it rings (if the profile wants it); unanswered,
    // the banner goes after 30 s (the menu still offers to join).
    use_future(move || async move {
        let mut rung_for = 0;
        let mut current: Option<String> = None;
        loop {
            let ringing = store.ringing.peek().as_ref().map(|c| c.chat.clone());
            if ringing != current {
                current = ringing.clone();
                rung_for = 0;
            }
            if ringing.is_some() {
                if rung_for >= RING_FOR_MS {
                    let mut banner = store.ringing;
                    banner.set(None);
                } else if rung_for % RING_EVERY_MS == 0 && store.me.peek().sound_calls {
                    play_sound(&CALL_SOUND.to_string());
                }
                rung_for += 500;
            }
            crate::ui::browser::sleep_ms(500).await;
        }
    });
    let Some(call) = store.ringing.read().clone() else { return rsx! {} };
    let title = store.chats.read().get(&call.chat).map(|row| row.chat.title()).unwrap_or_default();
    let chat = call.chat.clone();
    rsx! {
        div { class: "incoming-call", role: "alertdialog", "data-chat": "{call.chat}", "aria-label": tr(lang(), "incoming-call"),
            div { class: "incoming-call-text",
                strong { "{call.by_name}" }
                " " {tr(lang(), "is-calling")} ": " "{title}"
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
                {tr(lang(), "accept-call")}
            }
            button { class: "ghost danger", "data-answer": "decline",
                onclick: {
                    let chat = call.chat.clone();
                    move |_| {
                        let mut ringing = store.ringing;
                        ringing.set(None);
                        // Phones rung by push stop ringing too.
                        let chat = chat.clone();
                        spawn(async move {
                            let _ = crate::api::meetings::meeting::decline_call(chat).await;
                        });
                    }
                },
                {tr(lang(), "decline-call")}
            }
        }
    }
}
