//! The user-info window (C7): the visitor of a chat, their source, the client
//! several users are merged into, custom field values, and the histories.

use serde::{Deserialize, Serialize};

use super::chat::{ChatEvent, Source};
use super::history::HistoryAction;
use super::client_panel::CurrentPage;
use super::directory::{FieldKind, FieldOwner};
use super::problem::Problem;

/// A user (website visitor) as lists of them show one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRef {
    pub id: String,
    pub name: String,
    pub room_name: String,
}

/// A custom field with this user's or client's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldEntry {
    pub id: String,
    pub name: String,
    pub kind: FieldKind,
    pub choices: Vec<String>,
    pub value: Option<String>,
}

/// «Пользователь» and «Источник».
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserCard {
    pub id: String,
    pub name: String,
    pub created_ms: i64,
    pub room_name: String,
    pub source: Source,
    pub source_name: String,
    pub page: Option<CurrentPage>,
    pub utm: Vec<(String, String)>,
    pub location: Option<String>,
    pub fields: Vec<FieldEntry>,
    /// The client's e-mail address (an e-mail source's sender, or given in the widget's offline form).
    #[serde(default)]
    pub email: Option<String>,
    /// An e-mail chat: the subject of the client's newest mail (#16).
    #[serde(default)]
    pub mail_subject: Option<String>,
    /// A Telegram chat: the user's id and @username, if they have one (#16).
    #[serde(default)]
    pub telegram: Option<(i64, Option<String>)>,
}

/// «Клиент»: the users merged into one client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientCard {
    pub id: String,
    pub name: String,
    pub users: Vec<UserRef>,
    pub fields: Vec<FieldEntry>,
}

/// The whole window, with what this employee may change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserInfo {
    pub user: UserCard,
    pub client: Option<ClientCard>,
    pub may_edit_user: bool,
    pub may_edit_client: bool,
    pub may_merge: bool,
}

/// A field value to save (empty clears it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldEdit {
    pub chat: String,
    pub owner: FieldOwner,
    pub field: String,
    pub value: String,
}

/// The longest field value, in characters.
pub const FIELD_VALUE_MAX: usize = 500;

/// The value as stored, or why it does not fit the field's type.
pub fn check_field_value(kind: FieldKind, choices: &[String], value: &str) -> Result<String, Problem> {
    let value = value.trim();
    if value.chars().count() > FIELD_VALUE_MAX {
        return Err(Problem::ValueTooLong { max: FIELD_VALUE_MAX });
    }
    if value.is_empty() {
        return Ok(String::new());
    }
    match kind {
        FieldKind::Text => Ok(value.to_string()),
        FieldKind::Number => value.replace(',', ".").parse::<f64>().map(|_| value.replace(',', ".")).map_err(|_| Problem::NumberExpected),
        FieldKind::Date => {
            let parts: Vec<&str> = value.split('-').collect();
            let ok = parts.len() == 3
                && parts[0].len() == 4
                && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
                && parts[1].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
                && parts[2].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
            if ok { Ok(value.to_string()) } else { Err(Problem::DateExpected) }
        }
        FieldKind::Choice => choices.iter().find(|c| c.as_str() == value).cloned().ok_or(Problem::ChoiceExpected),
    }
}

/// The histories' filter: a period and a kind of action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HistoryQuery {
    pub chat: String,
    /// The client's history (all merged users) rather than the user's.
    pub client: bool,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub action: Option<HistoryAction>,
}

/// A history with the kinds of action in it, for the filter's list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub events: Vec<ChatEvent>,
    pub actions: Vec<HistoryAction>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fit_their_field() {
        let choices = vec!["Опт".to_string(), "Розница".to_string()];
        assert_eq!(check_field_value(FieldKind::Number, &[], " 12,5 "), Ok("12.5".into()));
        assert!(check_field_value(FieldKind::Number, &[], "двенадцать").is_err());
        assert_eq!(check_field_value(FieldKind::Date, &[], "2026-11-25"), Ok("2026-11-25".into()));
        assert!(check_field_value(FieldKind::Date, &[], "25.11.2026").is_err());
        assert!(check_field_value(FieldKind::Date, &[], "2026-13-01").is_err());
        assert_eq!(check_field_value(FieldKind::Choice, &choices, "Опт"), Ok("Опт".into()));
        assert!(check_field_value(FieldKind::Choice, &choices, "Другое").is_err());
        assert_eq!(check_field_value(FieldKind::Choice, &choices, ""), Ok(String::new()), "empty clears");
        assert!(check_field_value(FieldKind::Text, &[], &"я".repeat(501)).is_err());
    }
}
