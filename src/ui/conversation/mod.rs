//! The conversation core the workspace and the widget share (#13): the
//! outbox that keeps unsent messages across reloads and sends them in order.

pub mod outbox;

pub use outbox::{Outbox, Outgoing};
