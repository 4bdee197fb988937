//! What the settings area edits: groups (rooms and rights) and rooms.

use serde::{Deserialize, Serialize};

use super::room::RoomKind;

/// An employee group: the rooms and named rights it grants (S6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub rights: Vec<String>,
    pub rooms: Vec<String>,
}

/// A room as an administrator creates it (S4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewRoom {
    pub name: String,
    pub kind: RoomKind,
    pub max_wait_secs: i64,
}

pub const MAX_ROOM_NAME_CHARS: usize = 100;
pub const MAX_WAIT_RANGE: std::ops::RangeInclusive<i64> = 10..=86_400;

/// Checks a new room before it reaches the server's database.
pub fn check_new_room(room: &NewRoom) -> Result<(), String> {
    let name = room.name.trim();
    if name.is_empty() {
        return Err("Укажите название комнаты".into());
    }
    if name.chars().count() > MAX_ROOM_NAME_CHARS {
        return Err(format!("Название длиннее {MAX_ROOM_NAME_CHARS} символов"));
    }
    if !MAX_WAIT_RANGE.contains(&room.max_wait_secs) {
        return Err("Максимальное время ожидания: от 10 секунд до 24 часов".into());
    }
    Ok(())
}
