//! The conversation core the workspace and the widget share (#13): the
//! outbox that keeps unsent messages across reloads and sends them in
//! order, and the live loop (connect, catch up, flush, reconnect).

pub mod live_loop;
pub mod outbox;

pub use outbox::{Outbox, Outgoing};
