//! Sending from the workspace: optimistic, idempotent, retryable.

use dioxus::prelude::*;

use crate::api;
use crate::model::message::NewMessage;
use crate::ui::browser::random_id;
use crate::ui::workspace::store::{PendingSend, Store};

pub fn send(store: Store, chat: String, text: String) {
    let client_id = random_id();
    let mut pending = store.pending;
    pending.write().push(PendingSend { client_id: client_id.clone(), chat, text, failed: None });
    spawn(attempt(store, client_id));
}

pub fn retry(store: Store, client_id: String) {
    let mut pending = store.pending;
    if let Some(p) = pending.write().iter_mut().find(|p| p.client_id == client_id) {
        p.failed = None;
    }
    spawn(attempt(store, client_id));
}

/// One try. The same `client_id` on every try: the server stores it once.
async fn attempt(store: Store, client_id: String) {
    let mut pending = store.pending;
    let Some(item) = pending.peek().iter().find(|p| p.client_id == client_id).cloned() else { return };
    let request = NewMessage { chat: item.chat.clone(), client_id: client_id.clone(), text: item.text.clone() };
    match api::chats::messages::send_message(request).await {
        Ok(message) => {
            pending.write().retain(|p| p.client_id != client_id);
            store.set_read(&message.chat, message.seq);
            store.add_messages([message]);
        }
        Err(e) => {
            if let Some(p) = pending.write().iter_mut().find(|p| p.client_id == client_id) {
                p.failed = Some(api::problem_of(&e));
            }
        }
    }
}
