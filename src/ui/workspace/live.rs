//! Keeps the workspace live: connects, catches up after every (re)connect,
//! applies pushed events, and reconnects with back-off when the link drops.

use std::rc::Rc;

use dioxus::fullstack::{WebSocketOptions, Websocket};
use dioxus::prelude::*;

use super::store::{Connection, Store};
use crate::api;
use crate::model::live::{LiveCommand, LiveEvent};
use crate::model::problem::Problem;
use crate::ui::browser::sleep_ms;

pub type LiveSocket = Rc<Websocket<LiveCommand, LiveEvent>>;

/// Runs for as long as the workspace is shown.
pub fn use_live(store: Store) {
    let mut socket: Signal<Option<LiveSocket>> = use_signal(|| None);

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

    use_future(move || async move {
        let mut connection = store.connection;
        let mut backoff = 500u32;
        loop {
            connection.set(Connection::Connecting);
            if let Ok(ws) = api::live::live_connect(WebSocketOptions::new()).await {
                let ws: LiveSocket = Rc::new(ws);
                while let Ok(event) = ws.recv().await {
                    if let LiveEvent::Ready { server_ms } = event {
                        let mut skew = store.clock_skew;
                        skew.set(server_ms - crate::ui::browser::now_ms());
                        socket.set(Some(ws.clone()));
                        let _ = ws.send(LiveCommand::Watch { chat: store.open.peek().clone() }).await;
                        if catch_up(store).await.is_ok() {
                            connection.set(Connection::Online);
                            backoff = 500;
                        }
                    } else if event == LiveEvent::Refresh {
                        let _ = catch_up(store).await;
                    } else {
                        apply(store, event);
                    }
                }
                socket.set(None);
            }
            connection.set(Connection::Offline);
            // A closed socket may mean the session ended: ask once, plainly.
            if let Err(e) = api::people::auth::me().await {
                if api::problem_of(&e) == Problem::SignInRequired {
                    let mut signed_out = store.signed_out;
                    signed_out.set(true);
                    return;
                }
            }
            sleep_ms(backoff).await;
            backoff = (backoff * 2).min(10_000);
        }
    });
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
    let rows = api::chats::lists::list_chats().await?;
    store.replace_chats(rows);
    let running = api::meetings::meeting::running_calls().await?;
    let mut calls = store.calls;
    calls.set(running.into_iter().map(|call| (call.chat.clone(), call)).collect());
    ensure_selection(store);
    load_thread_tail(store).await
}

/// Fetches the open chat's messages after the last one this tab holds.
pub async fn load_thread_tail(store: Store) -> Result<(), ServerFnError> {
    let Some(chat) = store.open.peek().clone() else { return Ok(()) };
    let after = store.thread.peek().last_seq();
    let messages = api::chats::messages::chat_messages(chat.clone(), after).await?;
    store.add_messages(messages);
    let mut thread = store.thread;
    if thread.peek().chat.as_deref() == Some(chat.as_str()) {
        thread.write().loaded = true;
    }
    Ok(())
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
        LiveEvent::Chat { chat } => {
            // P1: a new message from someone else rings (if the employee wants it),
            // in the chats that notify them (not one they left, C17).
            let grew = store.chats.peek().get(&chat.id).map_or(chat.last_seq > 0, |old| chat.last_seq > old.chat.last_seq);
            let mine = chat.last.as_ref().is_some_and(|last| last.author_name == store.me.peek().name);
            if grew && !mine && chat.notifies(&store.me.peek().id) {
                crate::ui::profile::incoming_message(store);
            }
            store.upsert_chat(chat)
        }
        LiveEvent::ChatGone { id } => store.remove_chat(&id),
        LiveEvent::Message { message } => store.add_messages([message]),
        LiveEvent::Read { chat, seq } => store.set_read(&chat, seq),
        LiveEvent::Call { call, running } => crate::ui::meeting::ring::call_event(store, call, running),
    }
}
