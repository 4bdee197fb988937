//! Rooms: the four room types of the manual and what the rooms column shows.

use serde::{Deserialize, Serialize};

/// The manual's four room types (R1–R4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomKind {
    /// «Чат с клиентами»: inquiries from the widget, e-mail, messengers.
    Client,
    /// «Внутренний»: chats between employees.
    Internal,
    /// «Конференции».
    Conference,
    /// «Вебинары».
    Webinar,
}

impl RoomKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoomKind::Client => "client",
            RoomKind::Internal => "internal",
            RoomKind::Conference => "conference",
            RoomKind::Webinar => "webinar",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "client" => RoomKind::Client,
            "internal" => RoomKind::Internal,
            "conference" => RoomKind::Conference,
            "webinar" => RoomKind::Webinar,
            _ => return None,
        })
    }

    /// Only client rooms have the «Новые» list (W3).
    pub fn has_new_list(self) -> bool {
        self == RoomKind::Client
    }
}

/// A room as the rooms column shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Room {
    pub id: String,
    pub name: String,
    pub kind: RoomKind,
    /// URL of the room's image, if one was set.
    pub image: Option<String>,
    /// Maximum time a client should wait for an answer, in seconds (L9, S4).
    pub max_wait_secs: i64,
    pub position: i64,
    /// Which client-panel fields show in this room's chats (C1, S4): keys of
    /// [`PANEL_FIELDS`].
    #[serde(default)]
    pub panel_fields: Vec<String>,
}

/// The client panel's optional parts (C1), with the manual's wording.
pub const PANEL_FIELDS: &[(&str, &str)] = &[
    ("fields", "Произвольные поля"),
    ("responsible", "Ответственный"),
    ("location", "Местоположение"),
    ("page", "Текущая страница"),
    ("utm", "UTM-метки"),
];

pub fn is_panel_field(key: &str) -> bool {
    PANEL_FIELDS.iter().any(|(k, _)| *k == key)
}
