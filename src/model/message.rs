//! Messages of a chat and the rules a new message must pass.

use serde::{Deserialize, Serialize};

use super::attachment::{Attachment, MAX_FILES_PER_MESSAGE};
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
    /// A private note (#14): employees see it, the visitor never does.
    #[serde(default)]
    pub note: bool,
    /// Files sent with the text (#14), in the order they were added.
    #[serde(default)]
    pub files: Vec<Attachment>,
    /// An answer in an e-mail chat: how far it got to the client (#16).
    #[serde(default)]
    pub delivery: Option<crate::model::channel::Delivery>,
}

/// How many messages one history page holds.
pub const HISTORY_PAGE: i64 = 100;

/// Which part of a chat's history to read (#13): the newest page, the page
/// before a message the reader holds (scrolling up), or what came after the
/// last one it holds (catching up).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "seq", rename_all = "snake_case")]
pub enum HistoryWindow {
    Latest,
    Before(i64),
    After(i64),
}

impl HistoryWindow {
    /// From a query's two numbers, where 0 means "not given": `before_seq`
    /// wins, then `after_seq`; neither asks for the newest page.
    pub fn from_query(after_seq: i64, before_seq: i64) -> Self {
        if before_seq > 0 {
            HistoryWindow::Before(before_seq)
        } else if after_seq > 0 {
            HistoryWindow::After(after_seq)
        } else {
            HistoryWindow::Latest
        }
    }

    /// The inclusive `seq` range this window covers in a chat whose last
    /// message is `last_seq`, at most `page` long; `None` when it is empty.
    /// Sequence numbers have no gaps, so a range is exactly a page.
    pub fn range(self, last_seq: i64, page: i64) -> Option<(i64, i64)> {
        let (from, to) = match self {
            HistoryWindow::Latest => (last_seq - page + 1, last_seq),
            HistoryWindow::Before(seq) => {
                let to = (seq - 1).min(last_seq);
                (to - page + 1, to)
            }
            HistoryWindow::After(seq) => (seq.max(0) + 1, (seq.max(0) + page).min(last_seq)),
        };
        let from = from.max(1);
        (from <= to).then_some((from, to))
    }
}

/// One page of a chat's history, oldest first, and whether there is more
/// on either side of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub messages: Vec<Message>,
    /// Messages older than the first one here exist.
    pub has_older: bool,
    /// Messages newer than the last one here exist.
    pub has_newer: bool,
    /// The chat's last message number when the page was read.
    pub last_seq: i64,
}

impl HistoryPage {
    /// The page for `window` in a chat whose last message is `last_seq`,
    /// given the messages read for its range.
    pub fn new(messages: Vec<Message>, window: HistoryWindow, last_seq: i64) -> Self {
        let (has_older, has_newer) = match (messages.first(), messages.last()) {
            (Some(first), Some(last)) => (first.seq > 1, last.seq < last_seq),
            // Nothing in range: older messages exist only before a
            // `Before` window that starts past the first one.
            _ => (matches!(window, HistoryWindow::Before(seq) if seq > 1 && last_seq > 0), false),
        };
        HistoryPage { messages, has_older, has_newer, last_seq }
    }
}

/// What a sender submits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewMessage {
    pub chat: String,
    pub client_id: String,
    pub text: String,
    /// A private note for staff (#14), only in a client's chat.
    #[serde(default)]
    pub note: bool,
    /// The ids of files the sender uploaded for this message (#14).
    #[serde(default)]
    pub files: Vec<String>,
}

/// Checks a message's text and idempotency key before it reaches the database.
pub fn check_new_message(text: &str, client_id: &str) -> Result<(), Problem> {
    check_message(text, client_id, 0)
}

/// [`check_new_message`] for a message carrying `files` files: with at
/// least one, the text may be empty.
pub fn check_message(text: &str, client_id: &str, files: usize) -> Result<(), Problem> {
    if files > MAX_FILES_PER_MESSAGE {
        return Err(Problem::TooManyFiles { max: MAX_FILES_PER_MESSAGE });
    }
    if text.trim().is_empty() && files == 0 {
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

/// What a message says in a list or a notification: its text, or for files
/// alone a paperclip and their names (#14).
pub fn text_or_files(text: &str, files: &[Attachment]) -> String {
    if !text.trim().is_empty() || files.is_empty() {
        return text.to_string();
    }
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let mut line = String::from("\u{1F4CE} ");
    line.push_str(&names.join(", "));
    line
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
    fn files_alone_read_as_their_names() {
        let file = |name: &str| Attachment { id: "f".into(), name: name.into(), size: 1, mime: "image/png".into() };
        assert_eq!(text_or_files("Вот", &[file("a.png")]), "Вот");
        assert_eq!(text_or_files(" ", &[file("a.png"), file("b.pdf")]), "\u{1F4CE} a.png, b.pdf");
        assert_eq!(text_or_files("", &[]), "");
        assert_eq!(check_message("", "abcdefgh", 1), Ok(()));
        assert_eq!(check_message("", "abcdefgh", 0), Err(Problem::MessageEmpty));
        assert_eq!(check_message("x", "abcdefgh", 11), Err(Problem::TooManyFiles { max: 10 }));
    }

    #[test]
    fn preview_is_one_short_line() {
        assert_eq!(preview("a\n b   c", 10), "a b c");
        assert_eq!(preview("abcdef", 3), "abc…");
    }

    #[test]
    fn history_windows_cover_exact_pages() {
        use HistoryWindow::*;
        assert_eq!(Latest.range(0, 100), None);
        assert_eq!(Latest.range(30, 100), Some((1, 30)));
        assert_eq!(Latest.range(1200, 100), Some((1101, 1200)));
        assert_eq!(Before(1101).range(1200, 100), Some((1001, 1100)));
        assert_eq!(Before(50).range(1200, 100), Some((1, 49)));
        assert_eq!(Before(1).range(1200, 100), None);
        assert_eq!(Before(5000).range(1200, 100), Some((1101, 1200)));
        assert_eq!(After(1150).range(1200, 100), Some((1151, 1200)));
        assert_eq!(After(0).range(1200, 100), Some((1, 100)));
        assert_eq!(After(1200).range(1200, 100), None);
        assert_eq!(HistoryWindow::from_query(0, 0), Latest);
        assert_eq!(HistoryWindow::from_query(7, 0), After(7));
        assert_eq!(HistoryWindow::from_query(7, 9), Before(9));
    }
}
