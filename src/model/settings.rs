//! What the settings area edits: groups (rooms and rights) and rooms.

use serde::{Deserialize, Serialize};

use super::problem::Problem;
use super::room::RoomKind;

/// An employee group: the rooms and named rights it grants (S6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub rights: Vec<String>,
    pub rooms: Vec<String>,
    /// Topics whose chats the group's members see (C12).
    #[serde(default)]
    pub topics: Vec<String>,
}

/// A room as an administrator creates it (S4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewRoom {
    pub name: String,
    pub kind: RoomKind,
    pub max_wait_secs: i64,
}

/// A room's editable settings (S4). The type changes only while the room has no chats.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoomEdit {
    pub id: String,
    pub name: String,
    pub kind: RoomKind,
    pub max_wait_secs: i64,
    pub panel_fields: Vec<String>,
}

impl RoomEdit {
    pub fn as_new(&self) -> NewRoom {
        NewRoom { name: self.name.clone(), kind: self.kind, max_wait_secs: self.max_wait_secs }
    }
}

/// A room image: at most this many bytes, PNG, JPEG, GIF or WebP (not SVG,
/// which can carry script).
pub const MAX_ROOM_IMAGE_BYTES: usize = 256 * 1024;
pub const ROOM_IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// The e-mail source of a client room (S2). The password is write-only: the
/// server never sends it back, only whether one is stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmailSource {
    pub room: String,
    pub address: String,
    pub imap_host: String,
    pub imap_port: i64,
    pub smtp_host: String,
    pub smtp_port: i64,
    pub login: String,
    /// Empty when saving keeps the stored password.
    pub password: String,
    pub has_password: bool,
    /// Reads and sends mail; off keeps the settings and stops both (#16).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// How the connection stands (read only; the server fills it in).
    #[serde(default)]
    pub health: crate::model::channel::SourceHealth,
}

fn yes() -> bool {
    true
}

pub fn check_email_source(source: &EmailSource) -> Result<(), Problem> {
    let address = source.address.trim();
    if address.len() > 200 || !address.contains('@') || address.starts_with('@') || address.ends_with('@') {
        return Err(Problem::BadEmail);
    }
    for host in [&source.imap_host, &source.smtp_host] {
        let host = host.trim();
        if host.is_empty() || host.len() > 253 || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') {
            return Err(Problem::MailServersMissing);
        }
    }
    for port in [source.imap_port, source.smtp_port] {
        if !(1..=65535).contains(&port) {
            return Err(Problem::BadPort);
        }
    }
    if source.login.trim().is_empty() || source.login.len() > 200 {
        return Err(Problem::MailboxLoginMissing);
    }
    if source.password.len() > 200 {
        return Err(Problem::PasswordTooLong);
    }
    Ok(())
}

pub const MAX_ROOM_NAME_CHARS: usize = 100;
pub const MAX_WAIT_RANGE: std::ops::RangeInclusive<i64> = 10..=86_400;

/// Checks a new room before it reaches the server's database.
pub fn check_new_room(room: &NewRoom) -> Result<(), Problem> {
    let name = room.name.trim();
    if name.is_empty() {
        return Err(Problem::RoomNameMissing);
    }
    if name.chars().count() > MAX_ROOM_NAME_CHARS {
        return Err(Problem::TitleTooLong { max: MAX_ROOM_NAME_CHARS });
    }
    if !MAX_WAIT_RANGE.contains(&room.max_wait_secs) {
        return Err(Problem::BadMaxWait);
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
    /// A bot account: listed last when a responsible person is picked (C11).
    #[serde(default)]
    pub is_bot: bool,
}

/// A new employee account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewEmployee {
    pub name: String,
    pub email: String,
    pub password: String,
}

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_EMPLOYEE_NAME_CHARS: usize = 100;

pub fn check_password(password: &str) -> Result<(), Problem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Problem::PasswordTooShort { min: MIN_PASSWORD_CHARS });
    }
    Ok(())
}

pub fn check_new_employee(employee: &NewEmployee) -> Result<(), Problem> {
    if employee.name.trim().is_empty() || employee.name.chars().count() > MAX_EMPLOYEE_NAME_CHARS {
        return Err(Problem::EmployeeNameLength { max: MAX_EMPLOYEE_NAME_CHARS });
    }
    let email = employee.email.trim();
    if email.len() > 200 || !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(Problem::BadEmail);
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
    ("replies.manage", "Шаблоны ответов комнат"),
    ("admin", "Администрирование"),
];

pub fn is_right(name: &str) -> bool {
    RIGHTS.iter().any(|(key, _)| *key == name)
}

/// One settings change, for the audit log (who, what, when, old → new).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub actor_name: String,
    /// An [`AuditAction`] code; entries written before the codes hold a
    /// Russian phrase instead, shown as it is unless the UI knows it.
    pub action: String,
    pub object: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub at_ms: i64,
}

/// What kind of settings change an audit entry records: stored as its
/// [`code`](AuditAction::as_code) in `audit.action`; the UI shows
/// `audit-<code>` (with dashes) from its locale files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    GroupCreated,
    GroupRenamed,
    GroupDeleted,
    GroupRooms,
    GroupTopics,
    GroupRights,
    RoomCreated,
    RoomChanged,
    RoomsReordered,
    RoomImage,
    StatusCreated,
    StatusChanged,
    StatusDeleted,
    FieldCreated,
    FieldChanged,
    FieldDeleted,
    TopicCreated,
    TopicChanged,
    TopicDeleted,
    EmployeeCreated,
    EmployeeGroups,
    /// Disabled or enabled again: old and new say which.
    EmployeeDisabled,
    /// Made a bot or not: old and new say which.
    EmployeeBot,
    PasswordChanged,
    MailSource,
}

impl AuditAction {
    pub const ALL: [AuditAction; 25] = [
        AuditAction::GroupCreated,
        AuditAction::GroupRenamed,
        AuditAction::GroupDeleted,
        AuditAction::GroupRooms,
        AuditAction::GroupTopics,
        AuditAction::GroupRights,
        AuditAction::RoomCreated,
        AuditAction::RoomChanged,
        AuditAction::RoomsReordered,
        AuditAction::RoomImage,
        AuditAction::StatusCreated,
        AuditAction::StatusChanged,
        AuditAction::StatusDeleted,
        AuditAction::FieldCreated,
        AuditAction::FieldChanged,
        AuditAction::FieldDeleted,
        AuditAction::TopicCreated,
        AuditAction::TopicChanged,
        AuditAction::TopicDeleted,
        AuditAction::EmployeeCreated,
        AuditAction::EmployeeGroups,
        AuditAction::EmployeeDisabled,
        AuditAction::EmployeeBot,
        AuditAction::PasswordChanged,
        AuditAction::MailSource,
    ];

    /// The stored code.
    pub fn as_code(self) -> &'static str {
        match self {
            AuditAction::GroupCreated => "group_created",
            AuditAction::GroupRenamed => "group_renamed",
            AuditAction::GroupDeleted => "group_deleted",
            AuditAction::GroupRooms => "group_rooms",
            AuditAction::GroupTopics => "group_topics",
            AuditAction::GroupRights => "group_rights",
            AuditAction::RoomCreated => "room_created",
            AuditAction::RoomChanged => "room_changed",
            AuditAction::RoomsReordered => "rooms_reordered",
            AuditAction::RoomImage => "room_image",
            AuditAction::StatusCreated => "status_created",
            AuditAction::StatusChanged => "status_changed",
            AuditAction::StatusDeleted => "status_deleted",
            AuditAction::FieldCreated => "field_created",
            AuditAction::FieldChanged => "field_changed",
            AuditAction::FieldDeleted => "field_deleted",
            AuditAction::TopicCreated => "topic_created",
            AuditAction::TopicChanged => "topic_changed",
            AuditAction::TopicDeleted => "topic_deleted",
            AuditAction::EmployeeCreated => "employee_created",
            AuditAction::EmployeeGroups => "employee_groups",
            AuditAction::EmployeeDisabled => "employee_disabled",
            AuditAction::EmployeeBot => "employee_bot",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::MailSource => "mail_source",
        }
    }

    /// The action stored as `code`, if this version knows it.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn audit_actions_round_trip_through_their_codes() {
        let mut codes = std::collections::BTreeSet::new();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.as_code()), Some(action));
            assert!(codes.insert(action.as_code()), "{} twice", action.as_code());
        }
    }
}
