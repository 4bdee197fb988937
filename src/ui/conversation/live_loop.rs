//! The live loop the workspace and the widget both run (#13): connect,
//! catch up on each `Ready`, send the outbox, apply what is pushed, and
//! reconnect with back-off when the link drops.

use std::rc::Rc;

use dioxus::fullstack::Websocket;

use crate::model::live::{LiveCommand, LiveEvent};
use crate::ui::browser::sleep_ms;

pub type LiveSocket = Rc<Websocket<LiveCommand, LiveEvent>>;

/// The first wait before reconnecting, doubled on each failure up to the longest.
const FIRST_WAIT_MS: u32 = 500;
const LONGEST_WAIT_MS: u32 = 10_000;

/// What the loop needs from the conversation that runs it.
pub(crate) trait Conversation {
    /// Opens the live socket (`None`: it could not).
    async fn connect(&self) -> Option<LiveSocket>;
    /// The server is ready on `socket`: catch up on what was missed while
    /// away; `true` once done.
    async fn catch_up(&self, socket: &LiveSocket, server_ms: i64) -> bool;
    /// The server says something changed that is not an event (a block, rights).
    async fn refresh(&self);
    /// Any other pushed event.
    fn apply(&self, event: LiveEvent);
    /// Caught up and live, or not.
    fn set_online(&self, online: bool);
    /// Sends what waits in the outbox, in order, with its original ids.
    fn flush(&self);
    /// The socket closed: `false` ends the loop (the session ended).
    async fn keep_going(&self) -> bool {
        true
    }
}

/// Runs for as long as the conversation is shown.
pub(crate) async fn run(conversation: impl Conversation) {
    let mut wait = FIRST_WAIT_MS;
    loop {
        if let Some(socket) = conversation.connect().await {
            while let Ok(event) = socket.recv().await {
                match event {
                    LiveEvent::Ready { server_ms } => {
                        if conversation.catch_up(&socket, server_ms).await {
                            conversation.set_online(true);
                            wait = FIRST_WAIT_MS;
                            // What was written offline (or before a reload) goes now, in order.
                            conversation.flush();
                        }
                    }
                    LiveEvent::Refresh => conversation.refresh().await,
                    other => conversation.apply(other),
                }
            }
        }
        conversation.set_online(false);
        if !conversation.keep_going().await {
            return;
        }
        sleep_ms(wait).await;
        wait = (wait * 2).min(LONGEST_WAIT_MS);
    }
}
