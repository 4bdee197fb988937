//! The website widget (S1): a welcome screen that asks the visitor's name,
//! then a live chat with the room's operators.

mod host_page;

use std::collections::BTreeMap;

use dioxus::fullstack::WebSocketOptions;
use dioxus::prelude::*;

use crate::api;
use crate::model::live::LiveEvent;
use crate::model::message::Message;
use crate::model::problem::Problem;
use crate::model::visitor::VisitorSession;
use self::host_page::use_host_page;
use crate::ui::browser::{format_date_time, now_ms, random_id, sleep_ms, storage_get, storage_remove, storage_set};
use crate::ui::chat::{Composer, MessageList, PendingView, Viewer};
use crate::ui::i18n::{tr, tr_args, use_lang};
use crate::ui::problem::error_text;

fn token_key(room: &str) -> String {
    format!("chats.visitor.{room}")
}

#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Welcome,
    Chatting,
    Failed(String),
}

#[derive(Clone, Copy, PartialEq)]
struct Widget {
    session: Signal<Option<VisitorSession>>,
    messages: Signal<BTreeMap<i64, Message>>,
    pending: Signal<Vec<PendingView>>,
    online: Signal<bool>,
}

impl Widget {
    fn add(mut self, messages: impl IntoIterator<Item = Message>) {
        let mut map = self.messages.write();
        for m in messages {
            map.insert(m.seq, m);
        }
    }

    fn last_seq(&self) -> i64 {
        self.messages.peek().keys().next_back().copied().unwrap_or(0)
    }

    /// Reloads what the server says of this visitor now (new messages, block).
    async fn reload(mut self) -> bool {
        match api::people::visitor::visitor_resume(self.last_seq()).await {
            Ok(session) => {
                self.add(session.messages.clone());
                if let Some(current) = self.session.write().as_mut() {
                    current.blocked_until_ms = session.blocked_until_ms;
                }
                true
            }
            Err(_) => false,
        }
    }
}

#[component]
pub fn WidgetPage(room: String) -> Element {
    let lang = use_lang();
    let mut phase = use_signal(|| Phase::Loading);
    let mut room_name = use_signal(String::new);
    let widget = Widget {
        session: use_signal(|| None),
        messages: use_signal(BTreeMap::new),
        pending: use_signal(Vec::new),
        online: use_signal(|| false),
    };

    // C1: tell the server which page the visitor is on, once there is a visitor.
    let host_page = use_host_page();
    use_effect(move || {
        let report = host_page();
        let token = widget.session.read().as_ref().map(|s| s.token.clone());
        if let (Some(report), Some(token)) = (report, token) {
            spawn(async move {
                api::people::visitor::present_token(&token);
                let _ = api::people::client_panel::visitor_page(report).await;
            });
        }
    });

    let room_for_load = room.clone();
    use_effect(move || {
        let room = room_for_load.clone();
        spawn(async move {
            match api::people::visitor::widget_room(room.clone()).await {
                Ok(info) => room_name.set(info.name),
                Err(e) => {
                    phase.set(Phase::Failed(error_text(lang(), &e)));
                    return;
                }
            }
            if let Some(token) = storage_get(&token_key(&room)) {
                api::people::visitor::present_token(&token);
                match api::people::visitor::visitor_resume(0).await {
                    Ok(session) => {
                        begin(widget, session);
                        phase.set(Phase::Chatting);
                        return;
                    }
                    // An unknown or foreign token: start over with a new one.
                    Err(_) => storage_remove(&token_key(&room)),
                }
            }
            phase.set(Phase::Welcome);
        });
    });

    let title = room_name();
    rsx! {
        div { class: "widget",
            div { class: "widget-head", "{title}" }
            match phase() {
                Phase::Loading => rsx! { div { class: "placeholder", {tr(lang(), "loading")} } },
                Phase::Failed(message) => rsx! { div { class: "banner error", role: "alert", "{message}" } },
                Phase::Welcome => rsx! {
                    Welcome { room: room.clone(), on_started: move |session: VisitorSession| {
                        begin(widget, session);
                        phase.set(Phase::Chatting);
                    } }
                },
                Phase::Chatting => rsx! { VisitorChat { widget } },
            }
        }
    }
}

/// Remembers the session, shows its history and starts the live loop.
fn begin(mut widget: Widget, session: VisitorSession) {
    storage_set(&token_key(&session.room), &session.token);
    api::people::visitor::present_token(&session.token);
    let token = session.token.clone();
    widget.add(session.messages.clone());
    widget.session.set(Some(session));
    spawn(live_loop(widget, token));
}

async fn live_loop(mut widget: Widget, token: String) {
    let mut backoff = 500u32;
    loop {
        if let Ok(ws) = api::live::visitor_live(token.clone(), WebSocketOptions::new()).await {
            while let Ok(event) = ws.recv().await {
                match event {
                    LiveEvent::Ready { .. } => {
                        if widget.reload().await {
                            widget.online.set(true);
                            backoff = 500;
                        }
                    }
                    // Blocked or unblocked (C14, C15).
                    LiveEvent::Refresh => {
                        widget.reload().await;
                    }
                    LiveEvent::Message { message } => widget.add([message]),
                    _ => {}
                }
            }
        }
        widget.online.set(false);
        sleep_ms(backoff).await;
        backoff = (backoff * 2).min(10_000);
    }
}

#[component]
fn Welcome(room: String, on_started: EventHandler<VisitorSession>) -> Element {
    let lang = use_lang();
    let mut name = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let submit = move |evt: FormEvent| {
        let room = room.clone();
        async move {
            evt.prevent_default();
            match api::people::visitor::visitor_start(room, name()).await {
                Ok(session) => on_started.call(session),
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
        }
    };
    rsx! {
        form { class: "welcome", onsubmit: submit,
            p { {tr(lang(), "widget-greeting")} }
            label { r#for: "visitor-name", {tr(lang(), "widget-introduce-yourself")} }
            input { id: "visitor-name", name: "name", required: true, maxlength: "100",
                placeholder: tr(lang(), "your-name"), value: "{name}", oninput: move |e| name.set(e.value()) }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
            button { class: "primary", r#type: "submit", {tr(lang(), "widget-start-chat")} }
        }
    }
}

#[component]
fn VisitorChat(widget: Widget) -> Element {
    let lang = use_lang();
    let messages: Vec<Message> = widget.messages.read().values().cloned().collect();
    let pending = widget.pending.read().clone();
    let online = (widget.online)();
    let blocked_until = widget.session.read().as_ref().and_then(|s| s.blocked_until_ms).filter(|until| *until > now_ms());
    // A block ends by itself at its time (C14): look again then.
    use_effect(use_reactive!(|blocked_until| {
        if let Some(until) = blocked_until {
            spawn(async move {
                let wait = (until - now_ms() + 500).clamp(0, i64::from(i32::MAX)) as u32;
                sleep_ms(wait).await;
                widget.reload().await;
            });
        }
    }));
    rsx! {
        if !online {
            div { class: "banner", role: "status", {tr(lang(), "connection-lost")} }
        }
        MessageList { messages, pending, viewer: Viewer::Visitor, loaded: true,
            on_retry: move |client_id: String| { spawn(visitor_attempt(widget, client_id)); } }
        if let Some(until) = blocked_until {
            div { class: "widget-blocked", role: "alert",
                {tr_args(lang(), "widget-blocked-until", &[("until", format_date_time(lang(), until).into())])}
            }
        } else {
        Composer { on_send: move |text: String| {
            let client_id = random_id();
            let mut pending = widget.pending;
            pending.write().push(PendingView { client_id: client_id.clone(), text, failed: None });
            spawn(visitor_attempt(widget, client_id));
        } }
        }
    }
}

/// One try of a visitor's send, with the same idempotency key every time.
async fn visitor_attempt(widget: Widget, client_id: String) {
    let mut pending = widget.pending;
    let Some(token) = widget.session.peek().as_ref().map(|s| s.token.clone()) else { return };
    let Some(text) = pending.peek().iter().find(|p| p.client_id == client_id).map(|p| p.text.clone()) else { return };
    if let Some(p) = pending.write().iter_mut().find(|p| p.client_id == client_id) {
        p.failed = None;
    }
    api::people::visitor::present_token(&token);
    match api::people::visitor::visitor_send(client_id.clone(), text).await {
        Ok(message) => {
            pending.write().retain(|p| p.client_id != client_id);
            widget.add([message]);
        }
        Err(e) => {
            if let Some(p) = pending.write().iter_mut().find(|p| p.client_id == client_id) {
                p.failed = Some(api::problem_of(&e));
            }
            // Refused as blocked: show until when.
            if api::problem_of(&e) == Problem::Blocked {
                widget.reload().await;
            }
        }
    }
}
