//! What the server pushes over the live connection, and what a browser tells it.

use serde::{Deserialize, Serialize};

use super::chat::ChatSummary;
use super::message::Message;

/// Server → browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// The connection is authorised and subscribed; catch up now.
    /// `server_ms` lets the browser tick timers by the server's clock.
    Ready { server_ms: i64 },
    /// A chat appeared or changed (insert or replace), with how far this
    /// reader has read it (a chat from beyond the pages the tab holds).
    Chat {
        chat: ChatSummary,
        #[serde(default)]
        read_seq: i64,
    },
    /// This employee's counters of one room changed (#12): exact, counted by
    /// the server over every chat they may see.
    /// `stamp` orders counts: of two, the one with the higher stamp is newer.
    Counts { room: String, counts: super::lists::RoomCounts, stamp: u64 },
    /// A chat is no longer visible to this reader (erased or access lost).
    ChatGone { id: String },
    /// A new message in a chat this reader is watching.
    Message { message: Message },
    /// This employee's read position moved (another tab read the chat).
    Read { chat: String, seq: i64 },
    /// Rights or rooms changed: reload rooms and chats (some may have gone).
    Refresh,
    /// An employee's Chats window opened or closed (their first tab connected,
    /// their last one went), or they went to work or on a break (P2): open
    /// pickers repaint their dots. `None` leaves that part as it was.
    Presence { employee: String, online: Option<bool>, active: Option<bool> },
    /// A chat's video call started (its participants' workspaces ring) or ended (C3).
    Call { call: RunningCall, running: bool },
    /// `name` is writing in `chat`, which this reader shows (#14): shown for
    /// [`TYPING_SHOWN_MS`] unless it comes again or their message arrives.
    Typing { chat: String, name: String },
    /// `by` mentioned this employee in message `seq` of `chat` (#14).
    Mention { chat: String, seq: i64, by: String },
}

/// How often a browser says its reader is typing, and how often the server
/// passes it on, at most (#14).
pub const TYPING_EVERY_MS: i64 = 2_000;
/// How long «печатает…» stays without a new typing event.
pub const TYPING_SHOWN_MS: i64 = 5_000;

/// A running call as the workspace knows it: menus offer «Присоединиться».
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunningCall {
    pub chat: String,
    /// Who started it (id and name): they are not rung.
    pub by_id: String,
    pub by_name: String,
}

/// Browser → server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveCommand {
    /// The chat this tab shows now (None: no chat open).
    Watch { chat: Option<String> },
    /// The reader is writing in `chat` (at most every [`TYPING_EVERY_MS`]).
    /// `note`: a private note (#14), which the visitor is never told of.
    Typing {
        chat: String,
        #[serde(default)]
        note: bool,
    },
}
