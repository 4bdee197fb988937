//! Messages of a chat and the rules a new message must pass.

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// The longest message accepted, in characters.
pub const MAX_MESSAGE_CHARS: usize = 10_000;

/// Who wrote a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Author {
    Employee { id: String, name: String },
    Visitor { name: String },
    System,
}

impl Author {
    pub fn name(&self) -> &str {
        match self {
            Author::Employee { name, .. } | Author::Visitor { name } => name,
            Author::System => "",
        }
    }

    pub fn is_visitor(&self) -> bool {
        matches!(self, Author::Visitor { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub chat: String,
    /// Position in the chat, 1, 2, 3 … with no gaps: a reader that knows
    /// the last one it saw can ask for everything after it.
    pub seq: i64,
    pub author: Author,
    pub text: String,
    pub at_ms: i64,
    /// The sender's idempotency key: a retried send is stored once.
    pub client_id: String,
}

/// What a sender submits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewMessage {
    pub chat: String,
    pub client_id: String,
    pub text: String,
}

/// Checks a message's text and idempotency key before it reaches the database.
pub fn check_new_message(text: &str, client_id: &str) -> Result<(), Problem> {
    if text.trim().is_empty() {
        return Err(Problem::MessageEmpty);
    }
    let chars = text.chars().count();
    if chars > MAX_MESSAGE_CHARS {
        return Err(Problem::MessageTooLong { chars, max: MAX_MESSAGE_CHARS });
    }
    let id_ok = (8..=64).contains(&client_id.len())
        && client_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !id_ok {
        return Err(Problem::BadClientId);
    }
    Ok(())
}

/// The list preview of a message: one line, at most `max` characters.
pub fn preview(text: &str, max: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        line
    } else {
        let mut cut: String = line.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_empty_and_long_messages() {
        assert_eq!(check_new_message("  \n ", "abcdefgh"), Err(Problem::MessageEmpty));
        let long = "я".repeat(MAX_MESSAGE_CHARS + 1);
        assert_eq!(check_new_message(&long, "abcdefgh"), Err(Problem::MessageTooLong { chars: MAX_MESSAGE_CHARS + 1, max: MAX_MESSAGE_CHARS }));
        assert!(check_new_message(&"я".repeat(MAX_MESSAGE_CHARS), "abcdefgh").is_ok());
        assert_eq!(check_new_message("hi", "short"), Err(Problem::BadClientId));
        assert_eq!(check_new_message("hi", "has space!"), Err(Problem::BadClientId));
    }

    #[test]
    fn preview_is_one_short_line() {
        assert_eq!(preview("a\n b   c", 10), "a b c");
        assert_eq!(preview("abcdef", 3), "abc…");
    }
}
