//! Chats as the chat list shows them (L1–L10).

use serde::{Deserialize, Serialize};

use super::rating::Rating;

use super::employee::EmployeeRef;
use super::history::HistoryAction;
use super::room::RoomKind;

/// Where a chat came from (L3, S1–S3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The website widget (S1).
    Widget,
    /// E-mail (S2).
    Email,
    /// A messenger (S3).
    Messenger,
    /// Created inside the workspace by an employee.
    Workspace,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Widget => "widget",
            Source::Email => "email",
            Source::Messenger => "messenger",
            Source::Workspace => "workspace",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "widget" => Source::Widget,
            "email" => Source::Email,
            "messenger" => Source::Messenger,
            _ => Source::Workspace,
        }
    }
}

/// A chat status from the administrator's directory (L10, C10).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusRef {
    pub id: String,
    pub name: String,
    pub color: String,
    pub closed: bool,
}

/// The newest message of a chat, as the list item previews it (L5, L6, L8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LastMessage {
    pub author_name: String,
    /// The employee who wrote it (none for a visitor or the system): a
    /// browser knows its own messages by id, not by a name two people may share.
    #[serde(default)]
    pub author_id: Option<String>,
    pub text: String,
    pub at_ms: i64,
}

/// One chat, as every employee who may see it sees it. Per-reader data
/// (the unread count) is kept apart, see [`ChatRow`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatSummary {
    pub id: String,
    pub room: String,
    pub room_kind: RoomKind,
    pub source: Source,
    pub status: StatusRef,
    pub topic: Option<String>,
    /// The directory topic (C12) when the topic is one; groups grant access
    /// to it. `None` for no topic or a typed one («Другая»).
    pub topic_id: Option<String>,
    /// The client's name from the widget's welcome screen or profile (L4).
    pub client_name: Option<String>,
    /// The website visitor (user) this chat is with, if any.
    pub user: Option<String>,
    pub responsible: Option<EmployeeRef>,
    pub participants: Vec<EmployeeRef>,
    pub created_ms: i64,
    pub last: Option<LastMessage>,
    /// Sequence number of the newest message; 0 when there is none.
    pub last_seq: i64,
    /// Since when the client has waited for an operator's answer (L9).
    pub waiting_since_ms: Option<i64>,
    pub deleted: bool,
    /// Until when the chat's visitor may not write (C14); None when not blocked.
    #[serde(default)]
    pub blocked_until_ms: Option<i64>,
    /// Grows with every change: of two copies of a chat, the higher one is newer.
    pub rev: i64,
    /// The client's rating once the inquiry was closed (#14).
    #[serde(default)]
    pub rating: Option<Rating>,
    /// Left through the widget's offline form (#14).
    #[serde(default)]
    pub left_offline: bool,
}

impl ChatSummary {
    /// A chat in `room` with neutral values, for tests that set a few fields.
    #[cfg(test)]
    pub fn sample(room: &str, room_kind: RoomKind) -> ChatSummary {
        ChatSummary {
            id: "c".into(),
            room: room.into(),
            room_kind,
            source: Source::Widget,
            status: StatusRef { id: "active".into(), name: "Активный".into(), color: "#1f9d55".into(), closed: false },
            topic: None,
            topic_id: None,
            client_name: None,
            user: None,
            responsible: None,
            participants: Vec::new(),
            created_ms: 0,
            last: None,
            last_seq: 0,
            waiting_since_ms: None,
            deleted: false,
            blocked_until_ms: None,
            rev: 1,
            rating: None,
            left_offline: false,
        }
    }

    /// The name a list item and the chat header show.
    pub fn title(&self) -> String {
        if let Some(name) = &self.client_name {
            return name.clone();
        }
        if let Some(topic) = &self.topic {
            return topic.clone();
        }
        self.participants
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// L1: a client inquiry nobody has taken yet.
    pub fn is_new(&self) -> bool {
        self.room_kind.has_new_list() && self.responsible.is_none() && !self.deleted
    }

    /// C14: the visitor is blocked at `now_ms`.
    pub fn is_blocked(&self, now_ms: i64) -> bool {
        self.blocked_until_ms.is_some_and(|until| until > now_ms)
    }

    pub fn involves(&self, employee_id: &str) -> bool {
        self.responsible.as_ref().is_some_and(|r| r.id == employee_id)
            || self.participants.iter().any(|p| p.id == employee_id)
    }

    /// Whether a new message in this chat notifies `employee_id` (P1, C17):
    /// the chats they take part in, and new inquiries nobody has taken yet.
    /// Someone who left a chat (C17), or sees it only through the room, is not rung.
    pub fn notifies(&self, employee_id: &str) -> bool {
        !self.deleted && (self.involves(employee_id) || self.is_new())
    }
}

/// C12 «Изменить тему»: a topic from the administrator's list, «Другая»
/// with typed text, or none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TopicChoice {
    None,
    Directory(String),
    Other(String),
}

/// The longest typed topic, in characters.
pub const TOPIC_MAX_CHARS: usize = 120;

/// One entry of a chat's history: who did what, when (C7's histories).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatEvent {
    pub actor_name: String,
    pub action: HistoryAction,
    pub detail: Option<String>,
    pub at_ms: i64,
}

/// A chat plus how far this employee has read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatRow {
    pub chat: ChatSummary,
    pub read_seq: i64,
    /// The last message that mentioned me (#14), 0 if none.
    #[serde(default)]
    pub mentioned_seq: i64,
}

impl ChatRow {
    /// L7: messages after my read position.
    pub fn unread(&self) -> i64 {
        (self.chat.last_seq - self.read_seq).max(0)
    }

    /// Someone mentioned me in a message I have not read yet (#14).
    pub fn mentions_me(&self) -> bool {
        self.mentioned_seq > self.read_seq
    }
}

/// L9: how far a client's wait has gone towards the room's maximum, 0.0 to 1.0.
pub fn wait_fraction(waited_ms: i64, max_wait_secs: i64) -> f64 {
    if max_wait_secs <= 0 {
        return 1.0;
    }
    (waited_ms.max(0) as f64 / (max_wait_secs as f64 * 1000.0)).min(1.0)
}

/// L9: "m:ss" (or "h:mm:ss") of a wait.
pub fn format_wait(waited_ms: i64) -> String {
    let secs = waited_ms.max(0) / 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_own_chats_and_new_inquiries_notify() {
        use crate::model::employee::EmployeeRef;
        let person = |id: &str| EmployeeRef { id: id.into(), name: id.into() };
        let mut chat = ChatSummary {
            id: "c".into(),
            room: "support".into(),
            room_kind: RoomKind::Client,
            source: Source::Widget,
            status: StatusRef { id: "active".into(), name: "Активный".into(), color: "#1f9d55".into(), closed: false },
            topic: None,
            topic_id: None,
            client_name: None,
            user: Some("u".into()),
            responsible: None,
            participants: vec![],
            created_ms: 0,
            last: None,
            last_seq: 1,
            waiting_since_ms: None,
            deleted: false,
            blocked_until_ms: None,
            rev: 1,
            rating: None,
            left_offline: false,
        };
        assert!(chat.notifies("ann"), "a new inquiry rings everyone who sees it");
        chat.responsible = Some(person("bob"));
        assert!(!chat.notifies("ann"), "someone else's chat does not");
        assert!(chat.notifies("bob"));
        chat.participants = vec![person("ann")];
        assert!(chat.notifies("ann"), "a participant is rung");
        chat.participants.clear();
        assert!(!chat.notifies("ann"), "after leaving (C17), no more");
        chat.deleted = true;
        assert!(!chat.notifies("bob"), "a deleted chat rings nobody");
    }

    #[test]
    fn wait_goes_from_green_to_red() {
        assert_eq!(wait_fraction(0, 60), 0.0);
        assert_eq!(wait_fraction(30_000, 60), 0.5);
        assert_eq!(wait_fraction(600_000, 60), 1.0);
        assert_eq!(format_wait(65_000), "1:05");
        assert_eq!(format_wait(3_725_000), "1:02:05");
    }
}
