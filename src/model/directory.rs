//! The administrator's directories (S5): chat statuses, topics, custom fields.

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// A chat status and the actions run when a chat enters it (C10).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// Empty for a status not yet saved.
    pub id: String,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// A closed status: the chat is finished (C6).
    pub closed: bool,
    /// New chats start in the default status; it cannot be deleted.
    pub is_default: bool,
    /// On entering: remove the responsible person.
    pub remove_responsible: bool,
    /// On entering: send this message to the client.
    pub message: Option<String>,
    /// On entering: move the chat to this room.
    pub move_to_room: Option<String>,
    pub position: i64,
}

/// A chat topic (C12); groups grant access to topics (S6).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub name: String,
    pub position: i64,
}

/// The type of a custom field's value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    #[default]
    Text,
    Number,
    Date,
    Choice,
}

impl FieldKind {
    pub const ALL: [FieldKind; 4] = [FieldKind::Text, FieldKind::Number, FieldKind::Date, FieldKind::Choice];

    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        FieldKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Whose field it is: a user (one visitor) or a client (merged users).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldOwner {
    #[default]
    User,
    Client,
}

impl FieldOwner {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldOwner::User => "user",
            FieldOwner::Client => "client",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [FieldOwner::User, FieldOwner::Client].into_iter().find(|k| k.as_str() == s)
    }
}

/// A custom field of users or clients (C1, S5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomField {
    pub id: String,
    pub name: String,
    pub kind: FieldKind,
    /// The options of a `Choice` field.
    pub choices: Vec<String>,
    pub owner: FieldOwner,
    pub position: i64,
    /// «Показывать на панели»: the field shows on the client panel (C1), in
    /// the rooms whose panel shows «Произвольные поля» at all.
    #[serde(default = "shown")]
    pub on_panel: bool,
}

fn shown() -> bool {
    true
}

impl Default for CustomField {
    fn default() -> Self {
        CustomField {
            id: String::new(),
            name: String::new(),
            kind: FieldKind::default(),
            choices: Vec::new(),
            owner: FieldOwner::default(),
            position: 0,
            on_panel: true,
        }
    }
}

pub const MAX_ENTRY_NAME_CHARS: usize = 100;
pub const MAX_STATUS_MESSAGE_CHARS: usize = 2000;
/// The most options a `Choice` field offers.
pub const MAX_CHOICES: usize = 100;

/// A directory entry's name: trimmed, not empty, not too long.
pub fn check_entry_name(name: &str) -> Result<String, Problem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Problem::EntryNameMissing);
    }
    if name.chars().count() > MAX_ENTRY_NAME_CHARS {
        return Err(Problem::TitleTooLong { max: MAX_ENTRY_NAME_CHARS });
    }
    Ok(name.to_string())
}

/// `#rrggbb` only: the colour goes into a style attribute.
pub fn is_color(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn check_status(status: &Status) -> Result<(), Problem> {
    check_entry_name(&status.name)?;
    if !is_color(&status.color) {
        return Err(Problem::BadColor);
    }
    if status.is_default && status.closed {
        return Err(Problem::DefaultStatusClosed);
    }
    if let Some(message) = &status.message {
        if message.chars().count() > MAX_STATUS_MESSAGE_CHARS {
            return Err(Problem::StatusMessageTooLong { max: MAX_STATUS_MESSAGE_CHARS });
        }
    }
    Ok(())
}

pub fn check_custom_field(field: &CustomField) -> Result<(), Problem> {
    check_entry_name(&field.name)?;
    let choices: Vec<&str> = field.choices.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    match field.kind {
        FieldKind::Choice if choices.is_empty() => Err(Problem::ChoicesMissing),
        FieldKind::Choice if choices.len() > MAX_CHOICES || choices.iter().any(|c| c.chars().count() > MAX_ENTRY_NAME_CHARS) => {
            Err(Problem::TooManyChoices { max: MAX_CHOICES, max_chars: MAX_ENTRY_NAME_CHARS })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_checked() {
        assert_eq!(check_entry_name("  Оплата "), Ok("Оплата".into()));
        assert_eq!(check_entry_name("   "), Err(Problem::EntryNameMissing));
        assert_eq!(check_entry_name(&"я".repeat(101)), Err(Problem::TitleTooLong { max: 100 }));
        assert!(is_color("#1f9d55"));
        assert!(!is_color("red"));
        assert!(!is_color("#12345g"));
        assert!(!is_color("#fff;background:url(x)"));
        let status = Status { name: "Новый".into(), color: "#112233".into(), is_default: true, closed: true, ..Default::default() };
        assert_eq!(check_status(&status), Err(Problem::DefaultStatusClosed));
        let choice = CustomField { name: "Тариф".into(), kind: FieldKind::Choice, choices: vec![" ".into()], ..Default::default() };
        assert_eq!(check_custom_field(&choice), Err(Problem::ChoicesMissing));
        assert_eq!(FieldKind::parse("date"), Some(FieldKind::Date));
    }
}
