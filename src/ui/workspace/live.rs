//! Keeps the workspace live: connects, catches up after every (re)connect,
//! applies pushed events, and reconnects with back-off when the link drops.

use std::rc::Rc;

use dioxus::fullstack::WebSocketOptions;
use dioxus::prelude::*;

use super::store::{Connection, Store};
use crate::api;
use crate::model::live::{LiveCommand, LiveEvent};
use crate::model::problem::Problem;
use crate::ui::conversation::live_loop::{self, Conversation};

pub use crate::ui::conversation::live_loop::LiveSocket;

/// Runs for as long as the workspace is shown.
pub fn use_live(store: Store) {
    let socket = store.socket;

    // Tell the server which chat this tab shows (messages and the
    // "has this chat open" presence follow it).
    use_effect(move || {
        let chat = store.open.read().clone();
        if let Some(ws) = socket.read().clone() {
            spawn(async move {
                let _ = ws.send(LiveCommand::Watch { chat }).await;
            });
        }
    });

    use_future(move || live_loop::run(WorkspaceLive { store, socket }));
}

/// The workspace's side of the shared live loop.
#[derive(Clone, Copy)]
struct WorkspaceLive {
    store: Store,
    socket: Signal<Option<LiveSocket>>,
}

impl Conversation for WorkspaceLive {
    async fn connect(&self) -> Option<LiveSocket> {
        let mut connection = self.store.connection;
        connection.set(Connection::Connecting);
        api::live::live_connect(WebSocketOptions::new()).await.ok().map(Rc::new)
    }

    async fn catch_up(&self, ws: &LiveSocket, server_ms: i64) -> bool {
        let (store, mut socket) = (self.store, self.socket);
        let mut skew = store.clock_skew;
        skew.set(server_ms - crate::ui::browser::now_ms());
        socket.set(Some(ws.clone()));
        let _ = ws.send(LiveCommand::Watch { chat: store.open.peek().clone() }).await;
        catch_up(store).await.is_ok()
    }

    async fn refresh(&self) {
        let _ = catch_up(self.store).await;
    }

    fn apply(&self, event: LiveEvent) {
        apply(self.store, event);
    }

    fn set_online(&self, online: bool) {
        let (mut connection, mut socket) = (self.store.connection, self.socket);
        connection.set(if online { Connection::Online } else { Connection::Offline });
        if !online {
            socket.set(None);
        }
    }

    fn flush(&self) {
        crate::ui::chat::send::flush(self.store);
    }

    /// A closed socket may mean the session ended: ask once, plainly.
    async fn keep_going(&self) -> bool {
        match api::people::auth::me().await {
            Err(e) if api::problem_of(&e) == Problem::SignInRequired => {
                let mut signed_out = self.store.signed_out;
                signed_out.set(true);
                false
            }
            _ => true,
        }
    }
}

/// Reloads rooms, chats and the open thread's tail: whatever was missed
/// while offline arrives here, and the thread's seq map drops duplicates.
pub async fn catch_up(store: Store) -> Result<(), ServerFnError> {
    // Rights may have changed while away (or just now): they decide the lists.
    let me = api::people::auth::me().await?;
    let mut me_signal = store.me;
    if *me_signal.peek() != me {
        me_signal.set(me);
    }
    let rooms = api::chats::rooms::list_rooms().await?;
    let mut rooms_signal = store.rooms;
    rooms_signal.set(rooms);
    ensure_selection(store);
    // The counters count every chat; the tab holds the chosen list's first page (#12).
    let counts = api::chats::lists::chat_counts().await?;
    store.set_counts(counts);
    crate::ui::chat_list::paging::reload(store).await?;
    store.reload_saved_replies().await?;
    let running = api::meetings::meeting::running_calls().await?;
    let mut calls = store.calls;
    calls.set(running.into_iter().map(|call| (call.chat.clone(), call)).collect());
    load_thread_tail(store).await
}

/// Brings the open chat up to date: its newest page when nothing is held
/// yet (or the tab fell too far behind), else what followed the last
/// message held.
pub async fn load_thread_tail(store: Store) -> Result<(), ServerFnError> {
    let Some(chat) = store.open.peek().clone() else { return Ok(()) };
    let (held, cut) = {
        let thread = store.thread.peek();
        (thread.last_seq(), thread.has_newer)
    };
    if held == 0 || cut {
        return load_latest(store, chat).await;
    }
    let page = api::chats::messages::chat_messages(chat.clone(), held, 0).await?;
    if page.has_newer {
        // More was missed than one page: start again from the newest.
        return load_latest(store, chat).await;
    }
    let mut thread = store.thread;
    if thread.peek().chat.as_deref() == Some(chat.as_str()) {
        let mut thread = thread.write();
        thread.messages.extend(page.messages.into_iter().map(|m| (m.seq, m)));
        thread.loaded = true;
    }
    Ok(())
}

/// The open chat's newest page replaces what the tab holds (live messages
/// that arrived meanwhile are kept). The first unread message is marked.
async fn load_latest(store: Store, chat: String) -> Result<(), ServerFnError> {
    let page = api::chats::messages::chat_messages(chat.clone(), 0, 0).await?;
    let read_seq = store.chats.peek().get(&chat).map(|row| row.read_seq).unwrap_or(0);
    let mut thread = store.thread;
    if thread.peek().chat.as_deref() != Some(chat.as_str()) {
        return Ok(());
    }
    let mut thread = thread.write();
    let first = page.messages.first().map(|m| m.seq).unwrap_or(0);
    thread.messages.retain(|seq, _| *seq > page.last_seq);
    thread.messages.extend(page.messages.into_iter().map(|m| (m.seq, m)));
    thread.has_older = page.has_older;
    thread.has_newer = false;
    if !thread.loaded {
        thread.unread_from = (read_seq < page.last_seq && read_seq + 1 >= first).then_some(read_seq + 1);
    }
    thread.loaded = true;
    Ok(())
}

/// Scrolling up: the page before the first message held.
pub async fn load_older(store: Store) {
    load_page(store, true).await
}

/// Scrolling down in a window cut at the bottom: the page after the last one held.
pub async fn load_newer(store: Store) {
    load_page(store, false).await
}

async fn load_page(store: Store, older: bool) {
    let Some(chat) = store.open.peek().clone() else { return };
    let mut thread = store.thread;
    let (before, after) = {
        let mut held = thread.write();
        let wanted = if older { held.has_older } else { held.has_newer };
        if held.fetching || !held.loaded || !wanted {
            return;
        }
        held.fetching = true;
        if older { (held.first_seq(), 0) } else { (0, held.last_seq()) }
    };
    let page = api::chats::messages::chat_messages(chat.clone(), after, before).await;
    let mut held = thread.write();
    held.fetching = false;
    if held.chat.as_deref() != Some(chat.as_str()) {
        return;
    }
    if let Ok(page) = page {
        if older {
            held.add_older(page);
        } else {
            held.add_newer(page);
        }
    }
}

fn ensure_selection(store: Store) {
    let current = store.room.peek().clone();
    let rooms = store.rooms.peek().clone();
    let still_there = current.as_ref().is_some_and(|id| rooms.iter().any(|r| &r.id == id));
    if !still_there {
        if let Some(first) = rooms.first() {
            store.select_room(&first.id);
        }
    }
}

fn apply(store: Store, event: LiveEvent) {
    match event {
        LiveEvent::Ready { .. } | LiveEvent::Refresh => {}
        LiveEvent::Counts { room, counts, stamp } => store.set_room_counts(room, counts, stamp),
        LiveEvent::Chat { chat, read_seq } => {
            // P1: a new message from someone else rings (if the employee wants it),
            // in the chats that notify them (not one they left, C17).
            // A chat beyond the pages held (#12) grew if its newest message,
            // unread by me, is just now (not a status change of an old one).
            let now = crate::ui::browser::now_ms() + *store.clock_skew.peek();
            let grew = store.chats.peek().get(&chat.id).map_or_else(
                || chat.last_seq > read_seq && chat.last.as_ref().is_some_and(|last| now - last.at_ms < 15_000),
                |old| chat.last_seq > old.chat.last_seq,
            );
            let mine = chat.last.as_ref().is_some_and(|last| last.author_id.as_deref() == Some(store.me.peek().id.as_str()));
            if grew && !mine && chat.notifies(&store.me.peek().id) {
                crate::ui::profile::incoming_message(store);
                super::attention::notify_message(store, &chat);
            }
            store.upsert_chat(chat, read_seq);
            crate::ui::chat_list::filter::refresh_soon(store);
        }
        LiveEvent::ChatGone { id } => store.remove_chat(&id),
        LiveEvent::Message { message } => {
            store.typing.wrote(&message.chat, message.author.name());
            store.add_messages([message]);
        }
        LiveEvent::Typing { chat, name } => store.typing.heard(chat, name),
        LiveEvent::Mention { chat, seq, by } => {
            store.set_mentioned(&chat, seq);
            super::attention::notify_mention(store, &chat, &by);
        }
        LiveEvent::Read { chat, seq } => store.set_read(&chat, seq),
        LiveEvent::Call { call, running } => crate::ui::meeting::ring::call_event(store, call, running),
        LiveEvent::Presence { employee, online, active } => {
            let mut presence = store.presence;
            let mut presence = presence.write();
            let seen = presence.entry(employee).or_default();
            seen.online = online.or(seen.online);
            seen.active = active.or(seen.active);
        }
    }
}
