//! The website widget (S1): a welcome screen that asks the visitor's name,
//! then a live chat with the room's operators.

mod host_page;
mod rating;

use std::collections::BTreeMap;

use dioxus::fullstack::WebSocketOptions;
use dioxus::prelude::*;

use crate::api;
use crate::model::live::LiveEvent;
use crate::model::message::Message;
use crate::model::problem::Problem;
use crate::model::hours::Welcome;
use crate::model::visitor::{OfflineForm, VisitorSession};
use self::host_page::use_host_page;
use self::rating::RatingCard;
use crate::ui::browser::{format_date_time, now_ms, sleep_ms, storage_get, storage_remove, storage_set};
use crate::ui::conversation::live_loop::{self, Conversation, LiveSocket};
use crate::ui::conversation::{Outbox, Typing, TypingLine};
use crate::ui::chat::{Composer, Draft, MessageList, PendingView, Viewer};
use crate::ui::chat::attachments::VisitorFiles;
use crate::ui::conversation::uploads::UploadTarget;
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
    /// The visitor's chats (inquiries), oldest first.
    chats: Signal<Vec<String>>,
    /// Messages held, by (chat's place in `chats`, seq): earlier inquiries
    /// above later ones, each in order, each message once.
    messages: Signal<BTreeMap<(usize, i64), Message>>,
    /// Older messages exist above the first one held (in its chat or an earlier one).
    has_older: Signal<bool>,
    fetching: Signal<bool>,
    /// What the visitor wrote that the server has not stored yet, kept in
    /// this browser per room (#13).
    outbox: Outbox,
    online: Signal<bool>,
    /// The live socket while connected (typing goes through it).
    socket: Signal<Option<LiveSocket>>,
    /// Operators typing to this visitor (#14).
    typing: Typing,
}

impl Widget {
    fn place(mut self, chat: &str) -> usize {
        let mut chats = self.chats.write();
        match chats.iter().position(|c| c == chat) {
            Some(place) => place,
            None => {
                chats.push(chat.to_string());
                chats.len() - 1
            }
        }
    }

    fn add(mut self, messages: impl IntoIterator<Item = Message>) {
        for m in messages {
            let place = self.place(&m.chat);
            self.messages.write().insert((place, m.seq), m);
        }
    }

    /// The latest chat held and the last message held in it.
    fn latest(&self) -> (String, i64) {
        let messages = self.messages.peek();
        let chats = self.chats.peek();
        match messages.keys().next_back() {
            Some((place, seq)) => (chats.get(*place).cloned().unwrap_or_default(), *seq),
            None => (String::new(), 0),
        }
    }

    /// Takes a session's view of the visitor's chats and latest messages.
    fn learn(mut self, session: &VisitorSession) {
        let first_time = self.messages.peek().is_empty();
        for chat in &session.chats {
            self.place(chat);
        }
        self.add(session.messages.clone());
        if first_time {
            self.has_older.set(session.has_older || session.chats.len() > 1);
        }
    }

    /// Reloads what the server says of this visitor now (new messages, block).
    async fn reload(mut self) -> bool {
        let (chat, after) = self.latest();
        match api::people::visitor::visitor_resume(chat, after).await {
            Ok(session) => {
                self.learn(&session);
                if let Some(current) = self.session.write().as_mut() {
                    current.blocked_until_ms = session.blocked_until_ms;
                    current.chat = session.chat.clone();
                    current.to_rate = session.to_rate.clone();
                }
                true
            }
            Err(_) => false,
        }
    }

    /// Scrolling up: the page before the first message held, in its chat or
    /// (at its start) the newest page of the inquiry before it.
    async fn older(mut self) {
        if *self.fetching.peek() || !*self.has_older.peek() {
            return;
        }
        let first = self.messages.peek().keys().next().copied();
        let Some((place, seq)) = first else { return };
        let (place, before) = if seq > 1 { (place, seq) } else if place > 0 { (place - 1, 0) } else { return };
        let Some(chat) = self.chats.peek().get(place).cloned() else { return };
        self.fetching.set(true);
        let page = api::people::visitor::visitor_history(chat, before).await;
        self.fetching.set(false);
        if let Ok(page) = page {
            self.has_older.set(page.has_older || place > 0);
            self.add(page.messages);
        }
    }
}

#[component]
pub fn WidgetPage(room: String) -> Element {
    let lang = use_lang();
    let mut phase = use_signal(|| Phase::Loading);
    let mut room_name = use_signal(String::new);
    let mut welcome = use_signal(Welcome::default);
    // The first message went through the offline form (#14).
    let mut offline_sent = use_signal(|| false);
    let widget = Widget {
        session: use_signal(|| None),
        chats: use_signal(Vec::new),
        messages: use_signal(BTreeMap::new),
        has_older: use_signal(|| false),
        fetching: use_signal(|| false),
        outbox: Outbox::use_outbox(|| format!("chats.outbox.visitor.{room}")),
        online: use_signal(|| false),
        socket: use_signal(|| None),
        typing: use_hook(Typing::new),
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
                Ok(info) => {
                    room_name.set(info.name);
                    welcome.set(info.welcome);
                }
                Err(e) => {
                    phase.set(Phase::Failed(error_text(lang(), &e)));
                    return;
                }
            }
            if let Some(token) = storage_get(&token_key(&room)) {
                api::people::visitor::present_token(&token);
                match api::people::visitor::visitor_resume(String::new(), 0).await {
                    Ok(session) => {
                        begin(widget, session);
                        phase.set(Phase::Chatting);
                        return;
                    }
                    // An unknown or foreign token: start over with a new one
                    // (what it had not sent cannot go as someone else).
                    Err(e) if api::problem_of(&e) == Problem::SignInRequired => {
                        storage_remove(&token_key(&room));
                        widget.outbox.clear();
                    }
                    // No connection (or the server failing): the token and
                    // the outbox stay for the next load.
                    Err(e) => {
                        phase.set(Phase::Failed(error_text(lang(), &e)));
                        return;
                    }
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
                    if welcome() == Welcome::ChatOutsideHours {
                        div { class: "banner outside-hours", role: "status", {tr(lang(), "widget-outside-hours")} }
                    }
                    WelcomeForm { room: room.clone(), offline: welcome() == Welcome::OfflineForm, on_started: move |session: VisitorSession| {
                        offline_sent.set(welcome() == Welcome::OfflineForm);
                        begin(widget, session);
                        phase.set(Phase::Chatting);
                    } }
                },
                Phase::Chatting => rsx! {
                    if offline_sent() {
                        div { class: "banner offline-sent", role: "status", {tr(lang(), "widget-offline-sent")} }
                    } else if welcome() == Welcome::ChatOutsideHours {
                        div { class: "banner outside-hours", role: "status", {tr(lang(), "widget-outside-hours")} }
                    }
                    VisitorChat { widget }
                },
            }
        }
    }
}

/// Remembers the session, shows its history and starts the live loop.
fn begin(mut widget: Widget, session: VisitorSession) {
    storage_set(&token_key(&session.room), &session.token);
    api::people::visitor::present_token(&session.token);
    let token = session.token.clone();
    widget.learn(&session);
    widget.session.set(Some(session));
    spawn(live_loop::run(WidgetLive { widget, token }));
}

/// The widget's side of the shared live loop.
struct WidgetLive {
    widget: Widget,
    token: String,
}

impl Conversation for WidgetLive {
    async fn connect(&self) -> Option<LiveSocket> {
        api::live::visitor_live(self.token.clone(), WebSocketOptions::new()).await.ok().map(std::rc::Rc::new)
    }

    async fn catch_up(&self, socket: &LiveSocket, _server_ms: i64) -> bool {
        let mut held = self.widget.socket;
        held.set(Some(socket.clone()));
        self.widget.reload().await
    }

    /// Blocked or unblocked (C14, C15).
    async fn refresh(&self) {
        self.widget.reload().await;
    }

    fn apply(&self, event: LiveEvent) {
        match event {
            LiveEvent::Message { message } => {
                self.widget.typing.wrote(&message.chat, message.author.name());
                self.widget.add([message]);
            }
            LiveEvent::Typing { chat, name } => self.widget.typing.heard(chat, name),
            _ => {}
        }
    }

    fn set_online(&self, online: bool) {
        let (mut flag, mut socket) = (self.widget.online, self.widget.socket);
        flag.set(online);
        if !online {
            socket.set(None);
        }
    }

    fn flush(&self) {
        flush(self.widget);
    }
}

/// The welcome screen: the visitor's name, then the chat; or, when the room
/// takes offline messages now (#14), name, e-mail and the message at once.
#[component]
fn WelcomeForm(room: String, offline: bool, on_started: EventHandler<VisitorSession>) -> Element {
    let lang = use_lang();
    let mut name = use_signal(String::new);
    let mut email = use_signal(String::new);
    let mut text = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    // One idempotency key per form, so a retried submit stores the message once.
    let client_id = use_hook(crate::ui::browser::random_id);
    let submit = move |evt: FormEvent| {
        let (room, client_id) = (room.clone(), client_id.clone());
        async move {
            evt.prevent_default();
            let started = if offline {
                let form = OfflineForm { name: name(), email: email(), text: text(), client_id };
                api::people::visitor::visitor_start_offline(room, form).await
            } else {
                api::people::visitor::visitor_start(room, name()).await
            };
            match started {
                Ok(session) => on_started.call(session),
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
        }
    };
    rsx! {
        form { class: if offline { "welcome offline-form" } else { "welcome" }, onsubmit: submit,
            p { if offline { {tr(lang(), "widget-offline-greeting")} } else { {tr(lang(), "widget-greeting")} } }
            label { r#for: "visitor-name", {tr(lang(), "widget-introduce-yourself")} }
            input { id: "visitor-name", name: "name", required: true, maxlength: "100",
                placeholder: tr(lang(), "your-name"), value: "{name}", oninput: move |e| name.set(e.value()) }
            if offline {
                label { r#for: "visitor-email", {tr(lang(), "widget-your-email")} }
                input { id: "visitor-email", name: "email", r#type: "email", required: true, maxlength: "254", autocomplete: "email",
                    value: "{email}", oninput: move |e| email.set(e.value()) }
                label { r#for: "visitor-message", {tr(lang(), "widget-your-message")} }
                textarea { id: "visitor-message", name: "message", required: true, rows: "4",
                    value: "{text}", oninput: move |e| text.set(e.value()) }
            }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
            button { class: "primary", r#type: "submit",
                if offline { {tr(lang(), "widget-leave-message")} } else { {tr(lang(), "widget-start-chat")} }
            }
        }
    }
}

#[component]
fn VisitorChat(widget: Widget) -> Element {
    let lang = use_lang();
    let messages: Vec<Message> = widget.messages.read().values().cloned().collect();
    let pending: Vec<PendingView> = widget
        .outbox
        .items
        .read()
        .iter()
        .map(|p| PendingView { client_id: p.client_id.clone(), text: p.text.clone(), note: false, failed: p.failed.clone(), files: p.files.clone() })
        .collect();
    let online = (widget.online)();
    // Files of this chat are fetched with the visitor's token (#14).
    let token = widget.session.read().as_ref().map(|s| s.token.clone());
    let mut file_token = use_context_provider(|| VisitorFiles(Signal::new(token.clone())));
    if *file_token.0.peek() != token {
        file_token.0.set(token.clone());
    }
    let to_rate = widget.session.read().as_ref().and_then(|s| s.to_rate.clone());
    let mut thanked = use_signal(|| false);
    let typing = widget.chats.read().last().map(|chat| widget.typing.in_chat(chat)).unwrap_or_default();
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
        MessageList { messages, pending, viewer: Viewer::Visitor, loaded: true, has_older: (widget.has_older)(),
            on_older: move |_| { spawn(widget.older()); },
            on_retry: move |client_id: String| { widget.outbox.retry(&client_id); flush(widget); },
            on_discard: move |client_id: String| widget.outbox.remove(&client_id) }
        if let Some(chat) = to_rate {
            RatingCard { key: "{chat}", chat: chat.clone(), on_rated: move |_| {
                let mut session = widget.session;
                if let Some(session) = session.write().as_mut() {
                    session.to_rate = None;
                }
                thanked.set(true);
            } }
        } else if thanked() {
            div { class: "rating-thanks", role: "status", {tr(lang(), "rating-thanks")} }
        }
        if let Some(until) = blocked_until {
            div { class: "widget-blocked", role: "alert",
                {tr_args(lang(), "widget-blocked-until", &[("until", format_date_time(lang(), until).into())])}
            }
        } else {
        TypingLine { names: typing }
        Composer {
            uploads: token.map(|token| UploadTarget::Widget { token }).unwrap_or_default(),
            on_send: move |draft: Draft| {
                widget.outbox.push_with_files(String::new(), draft.text, false, draft.files);
                flush(widget);
            },
            on_typing: move |_| say_typing(widget),
        }
        }
    }
}

/// Tells the operators (at most every two seconds) that the visitor types
/// in their open inquiry; before the first message there is none yet.
fn say_typing(widget: Widget) {
    let chat = widget.session.peek().as_ref().and_then(|s| s.chat.clone());
    let socket = widget.socket.peek().clone();
    if let (Some(chat), Some(socket)) = (chat, socket) {
        if widget.typing.due() {
            spawn(async move {
                let _ = socket.send(crate::model::live::LiveCommand::Typing { chat, note: false }).await;
            });
        }
    }
}

/// Sends the visitor's outbox in order, each message with the same
/// idempotency key every time it is tried.
fn flush(widget: Widget) {
    let Some(token) = widget.session.peek().as_ref().map(|s| s.token.clone()) else { return };
    spawn(async move {
        api::people::visitor::present_token(&token);
        widget
            .outbox
            .flush(|item| api::people::visitor::visitor_send(item.client_id, item.text, Some(item.files.into_iter().map(|f| f.id).collect())), |message| {
                // Where it went is the open inquiry now (a first one, or a new one after «Закрыт»).
                let mut session = widget.session;
                if let Some(session) = session.write().as_mut() {
                    session.chat = Some(message.chat.clone());
                    // Writing again moves on from rating the closed inquiry.
                    session.to_rate = None;
                }
                widget.add([message]);
            })
            .await;
        // Refused as blocked: show until when.
        if widget.outbox.items.peek().iter().any(|item| item.failed == Some(Problem::Blocked)) {
            widget.reload().await;
        }
    });
}
