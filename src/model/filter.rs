//! The chat filter (W9) and related chats (C16): what an employee asks for,
//! checked the same way in the browser and on the server.

use serde::{Deserialize, Serialize};

use super::chat::{ChatRow, Source};
use super::lists::ChatList;
use super::problem::Problem;

/// The longest text accepted in the words and client-name fields.
pub const FILTER_TEXT_MAX: usize = 200;
/// The most chats one filter returns (the newest first).
pub const FILTER_LIMIT: usize = 500;

/// Every field is optional; an empty filter is not a filter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatFilter {
    pub room: Option<String>,
    /// «Новые», «Мои», «Все» or «Удаленные»; none: every list but «Удаленные».
    pub list: Option<ChatList>,
    pub status: Option<String>,
    pub responsible: Option<String>,
    pub source: Option<Source>,
    /// The topic's text, as the chat shows it.
    pub topic: Option<String>,
    /// Chats with activity in this period (Unix ms, inclusive).
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Part of the client's name, any case.
    #[serde(default)]
    pub client: String,
    /// Words in any message of the chat, over all its history.
    #[serde(default)]
    pub words: String,
    /// C16: the chats of this website visitor (user).
    pub user: Option<String>,
}

impl ChatFilter {
    pub fn is_empty(&self) -> bool {
        *self == ChatFilter::default() || self.clone().normalized() == ChatFilter::default()
    }

    /// Trims the texts; blank ones count as not set.
    pub fn normalized(mut self) -> Self {
        self.client = self.client.trim().to_string();
        self.words = self.words.trim().to_string();
        for field in [&mut self.room, &mut self.status, &mut self.responsible, &mut self.topic, &mut self.user] {
            if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *field = None;
            }
        }
        self
    }

    /// Why the filter cannot run, in the user's words.
    pub fn problem(&self) -> Option<Problem> {
        if self.client.chars().count() > FILTER_TEXT_MAX || self.words.chars().count() > FILTER_TEXT_MAX {
            return Some(Problem::FilterTextTooLong);
        }
        if let (Some(from), Some(to)) = (self.from_ms, self.to_ms) {
            if from > to {
                return Some(Problem::PeriodReversed);
            }
        }
        None
    }
}

/// What a filter found: the newest matching chats and how many matched.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterResult {
    pub rows: Vec<ChatRow>,
    pub total: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_fields_are_not_a_filter_and_bad_ones_are_named() {
        let blank = ChatFilter { client: "  ".into(), room: Some(String::new()), ..Default::default() };
        assert!(blank.is_empty());
        assert!(!ChatFilter { words: "счёт".into(), ..Default::default() }.is_empty());
        let long = ChatFilter { words: "я".repeat(FILTER_TEXT_MAX + 1), ..Default::default() };
        assert_eq!(long.problem(), Some(Problem::FilterTextTooLong));
        let backwards = ChatFilter { from_ms: Some(10), to_ms: Some(5), ..Default::default() };
        assert_eq!(backwards.problem(), Some(Problem::PeriodReversed));
    }
}
