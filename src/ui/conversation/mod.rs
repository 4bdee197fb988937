//! The conversation core the workspace and the widget share (#13): the
//! outbox that keeps unsent messages across reloads and sends them in
//! order, the live loop (connect, catch up, flush, reconnect), and who is
//! typing and the files on their way (#14).

pub mod live_loop;
pub mod outbox;
pub mod typing;
pub mod uploads;

pub use outbox::{Outbox, Outgoing};
pub use typing::{Typing, TypingLine};
