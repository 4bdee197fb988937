//! Saved replies («Шаблоны ответов», #14): an employee's own, and shared ones
//! per room; `/` in the composer finds one and inserts it with its variables filled.

use serde::{Deserialize, Serialize};

use super::message::{check_new_message, MAX_MESSAGE_CHARS};
use super::problem::Problem;

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;

/// A saved reply as its reader gets it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedReply {
    pub id: String,
    pub title: String,
    pub text: String,
    /// The room it is shared in; `None`: the reader's own.
    pub room: Option<String>,
    pub room_name: Option<String>,
    /// The reader may change or delete it.
    pub editable: bool,
}

/// A saved reply to create (`id` empty) or change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedReplyDraft {
    #[serde(default)]
    pub id: String,
    pub title: String,
    pub text: String,
    /// Share it in this room; `None`: keep it to myself.
    #[serde(default)]
    pub room: Option<String>,
}

impl SavedReplyDraft {
    /// A title (up to [`MAX_TITLE_CHARS`]) and a text a message could carry.
    pub fn check(&self) -> Result<(), Problem> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(Problem::EntryNameMissing);
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(Problem::TitleTooLong { max: MAX_TITLE_CHARS });
        }
        check_new_message(&self.text, "saved-reply-check")
    }
}

/// What the variables of a reply stand for in one chat.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplyVariables {
    pub client: String,
    pub operator: String,
    pub room: String,
}

impl SavedReply {
    /// The title or the text holds every word of `query` (any case).
    pub fn matches(&self, query: &str) -> bool {
        let haystack = format!("{} {}", self.title, self.text).to_lowercase();
        query.to_lowercase().split_whitespace().all(|word| haystack.contains(word))
    }

    /// The text with `{client}`, `{operator}` and `{room}` filled in (an
    /// unknown `{…}` stays as written), cut to what a message may hold.
    pub fn filled(&self, variables: &ReplyVariables) -> String {
        let text = self
            .text
            .replace("{client}", &variables.client)
            .replace("{operator}", &variables.operator)
            .replace("{room}", &variables.room);
        text.chars().take(MAX_MESSAGE_CHARS).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(title: &str, text: &str) -> SavedReply {
        SavedReply { id: "r".into(), title: title.into(), text: text.into(), room: None, room_name: None, editable: true }
    }

    #[test]
    fn variables_are_filled_and_unknown_ones_stay() {
        let vars = ReplyVariables { client: "Иван".into(), operator: "Анна".into(), room: "Поддержка".into() };
        assert_eq!(
            reply("Привет", "Здравствуйте, {client}! Меня зовут {operator}, {room}. {unknown}").filled(&vars),
            "Здравствуйте, Иван! Меня зовут Анна, Поддержка. {unknown}"
        );
    }

    #[test]
    fn search_takes_every_word_in_any_case() {
        let r = reply("Оплата картой", "Оплатить можно в личном кабинете");
        assert!(r.matches("оплата"));
        assert!(r.matches("КАБИНЕТ опл"));
        assert!(!r.matches("доставка"));
        assert!(r.matches(""));
    }

    #[test]
    fn a_draft_needs_a_title_and_a_text() {
        let good = SavedReplyDraft { title: "Т".into(), text: "текст".into(), ..Default::default() };
        assert_eq!(good.check(), Ok(()));
        assert_eq!(SavedReplyDraft { title: " ".into(), ..good.clone() }.check(), Err(Problem::EntryNameMissing));
        assert_eq!(SavedReplyDraft { title: "x".repeat(101), ..good.clone() }.check(), Err(Problem::TitleTooLong { max: 100 }));
        assert_eq!(SavedReplyDraft { text: "  ".into(), ..good }.check(), Err(Problem::MessageEmpty));
    }
}
