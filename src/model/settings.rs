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

/// An employee as the administrator manages them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub groups: Vec<String>,
    pub disabled: bool,
}

/// A new employee account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewEmployee {
    pub name: String,
    pub email: String,
    pub password: String,
}

pub const MIN_PASSWORD_CHARS: usize = 8;

pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("Пароль короче {MIN_PASSWORD_CHARS} символов"));
    }
    Ok(())
}

pub fn check_new_employee(employee: &NewEmployee) -> Result<(), String> {
    if employee.name.trim().is_empty() || employee.name.chars().count() > 100 {
        return Err("Укажите имя (до 100 символов)".into());
    }
    let email = employee.email.trim();
    if email.len() > 200 || !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err("Неверный адрес электронной почты".into());
    }
    check_password(&employee.password)
}

/// The named rights a group can grant (S6), with the manual's wording.
/// Each is enforced by `server::rights::may` as its feature lands.
pub const RIGHTS: &[(&str, &str)] = &[
    ("chats.delete", "Просмотр и удаление чатов"),
    ("users.edit", "Редактирование пользователей"),
    ("clients.edit", "Редактирование клиентов"),
    ("clients.merge", "Объединение клиентов"),
    ("block", "Блокировка"),
    ("meetings.manage", "Управление встречами"),
    ("admin", "Администрирование"),
];

pub fn is_right(name: &str) -> bool {
    RIGHTS.iter().any(|(key, _)| *key == name)
}

/// One settings change, for the audit log (who, what, when, old → new).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub actor_name: String,
    pub action: String,
    pub object: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub at_ms: i64,
}
