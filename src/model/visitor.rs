//! The website visitor's side of a chat (S1): the widget's view of itself.

use serde::{Deserialize, Serialize};

use super::message::Message;

/// The request header a widget sends its visitor token in (server functions
/// read it with the `Visitor` extractor; the live socket takes it in its query,
/// since a browser cannot set headers on a websocket).
pub const VISITOR_TOKEN_HEADER: &str = "x-visitor-token";

/// What the widget knows after the welcome screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitorSession {
    /// Random, unguessable; the only thing that proves who the visitor is.
    /// A resume answers with the token it was called with.
    pub token: String,
    pub name: String,
    pub room: String,
    pub room_name: String,
    /// The visitor's open inquiry, if any: none before the first message,
    /// and none after the latest was closed or deleted (the next message
    /// opens a new one).
    pub chat: Option<String>,
    /// All the visitor's chats, oldest first: the widget shows the earlier
    /// conversations above the current one.
    #[serde(default)]
    pub chats: Vec<String>,
    /// The newest page of the latest chat (or what followed the resume's `after_seq`).
    pub messages: Vec<Message>,
    /// The latest chat has messages before `messages`.
    #[serde(default)]
    pub has_older: bool,
    /// Until when sending is blocked (C14); the reason stays with the staff.
    #[serde(default)]
    pub blocked_until_ms: Option<i64>,
    /// The latest inquiry, closed and not rated yet: the widget asks for a rating (#14).
    #[serde(default)]
    pub to_rate: Option<String>,
}

/// The public face of a client room for its widget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WidgetRoom {
    pub id: String,
    pub name: String,
    /// What the welcome screen offers now (#14): a chat, a chat outside
    /// the working hours, or the offline form.
    #[serde(default)]
    pub welcome: crate::model::hours::Welcome,
}

/// What the widget's offline form sends (#14).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfflineForm {
    pub name: String,
    pub email: String,
    pub text: String,
    /// The message's idempotency key, as for any message.
    pub client_id: String,
}
