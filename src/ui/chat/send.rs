//! Sending from the workspace through the outbox: optimistic, idempotent,
//! kept across reloads and sent again when the connection returns.

use dioxus::prelude::*;

use crate::api;
use crate::model::message::NewMessage;
use crate::ui::chat::Draft;
use crate::ui::workspace::store::Store;

/// Sends a message, or a private note, with its files (#14).
pub fn send(store: Store, chat: String, draft: Draft) {
    store.outbox.push_with_files(chat, draft.text, draft.note, draft.files);
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
                |item| api::chats::messages::send_message(NewMessage { chat: item.chat, client_id: item.client_id, text: item.text, note: item.note, files: item.files.into_iter().map(|f| f.id).collect() }),
                |message| {
                    store.set_read(&message.chat, message.seq);
                    store.add_sent(message);
                },
            )
            .await
    });
}
