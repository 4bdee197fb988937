//! Web Push (#15): a browser's subscription, the devices an employee has
//! subscribed, which pushes they want, and what a push carries.

use serde::{Deserialize, Serialize};

/// A browser's `PushSubscription` (its `toJSON()`), with a name for the
/// device and the language its notifications speak.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewPushSubscription {
    pub endpoint: String,
    /// The browser's P-256 public key, base64url.
    pub p256dh: String,
    /// The browser's 16-byte auth secret, base64url.
    pub auth: String,
    /// E.g. «Chrome · Android», from the user agent.
    pub device: String,
    pub lang: String,
}

/// One subscribed browser or device, as the profile lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushDevice {
    pub id: String,
    pub device: String,
    pub created_ms: i64,
    pub seen_ms: i64,
}

/// Which pushes the employee wants (P1). On a break only calls come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushSettings {
    /// A new inquiry in «Новые» of my rooms.
    pub inquiries: bool,
    /// A message in a chat where I am responsible or a participant.
    pub messages: bool,
    /// An incoming call.
    pub calls: bool,
    /// The message's text in the notification (off: only who wrote).
    pub previews: bool,
}

impl Default for PushSettings {
    fn default() -> Self {
        PushSettings { inquiries: true, messages: true, calls: true, previews: false }
    }
}

/// What a push says, encrypted for the browser; its service worker words
/// the notification in `lang` and opens `chat` when it is tapped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushPayload {
    pub kind: PushKind,
    pub chat: String,
    /// Who the chat is with (or its topic).
    pub title: String,
    pub room: String,
    /// Who wrote, and (with previews on) what.
    pub author: Option<String>,
    pub text: Option<String>,
    pub lang: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushKind {
    Inquiry,
    Message,
    Call,
    /// The call ended, or was answered on another device: the ringing
    /// notification is replaced by a quiet one (every push must show one).
    CallEnded,
}

/// The most a device name may hold.
pub const DEVICE_MAX_CHARS: usize = 100;
/// The most an endpoint may hold (push services' URLs are well under it).
pub const ENDPOINT_MAX_CHARS: usize = 2048;
