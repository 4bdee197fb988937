//! Sending from the workspace through the outbox: optimistic, idempotent,
//! kept across reloads and sent again when the connection returns.

use dioxus::prelude::*;

use crate::api;
use crate::model::message::NewMessage;
use crate::ui::workspace::store::Store;

/// Sends a message, or a private `note` (#14).
pub fn send(store: Store, chat: String, text: String, note: bool) {
    store.outbox.push(chat, text, note);
    flush(store);
    // Writing while reading far back: the end of the chat comes back into view.
    if store.thread.peek().has_newer {
        spawn(async move {
            let _ = crate::ui::workspace::live::load_thread_tail(store).await;
        });
    }
}

/// «Повторить» on a message the server refused.
pub fn retry(store: Store, client_id: String) {
    store.outbox.retry(&client_id);
    flush(store);
}

/// «Удалить» a message from the outbox before it goes.
pub fn discard(store: Store, client_id: String) {
    store.outbox.remove(&client_id);
}

/// Sends whatever waits in the outbox, in order (after writing, and on every connect).
pub fn flush(store: Store) {
    spawn(async move {
        store
            .outbox
            .flush(
                |item| api::chats::messages::send_message(NewMessage { chat: item.chat, client_id: item.client_id, text: item.text, note: item.note }),
                |message| {
                    store.set_read(&message.chat, message.seq);
                    store.add_messages([message]);
                },
            )
            .await
    });
}
