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
    /// The visitor's chat, once the first message created it.
    pub chat: Option<String>,
    pub messages: Vec<Message>,
    /// Until when sending is blocked (C14); the reason stays with the staff.
    #[serde(default)]
    pub blocked_until_ms: Option<i64>,
}

/// The public face of a client room for its widget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WidgetRoom {
    pub id: String,
    pub name: String,
}
