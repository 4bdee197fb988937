//! The lists «Новые / Мои / Все / Удаленные» and their counters (W3–W7),
//! decided in one place for the server and the browser.

use serde::{Deserialize, Serialize};

use super::chat::ChatRow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatList {
    New,
    Mine,
    All,
    Deleted,
}

impl ChatList {
    pub const ALL: [ChatList; 4] = [ChatList::New, ChatList::Mine, ChatList::All, ChatList::Deleted];

    /// Whether `row` belongs in this list for employee `me`.
    pub fn contains(self, row: &ChatRow, me: &str) -> bool {
        let chat = &row.chat;
        match self {
            ChatList::Deleted => chat.deleted,
            _ if chat.deleted => false,
            ChatList::New => chat.is_new(),
            ChatList::Mine => chat.involves(me),
            ChatList::All => true,
        }
    }
}

/// «unread / total» for a list or a room.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    /// Chats with at least one unread message.
    pub unread: usize,
    pub total: usize,
}

impl Counter {
    pub fn add(&mut self, row: &ChatRow) {
        self.total += 1;
        if row.unread() > 0 {
            self.unread += 1;
        }
    }
}

/// Counter of one list of one room.
pub fn count_list<'a>(rows: impl IntoIterator<Item = &'a ChatRow>, room: &str, list: ChatList, me: &str) -> Counter {
    let mut counter = Counter::default();
    for row in rows {
        if row.chat.room == room && list.contains(row, me) {
            counter.add(row);
        }
    }
    counter
}

/// Counter of a room in the rooms column (W1, W2): every chat not deleted.
pub fn count_room<'a>(rows: impl IntoIterator<Item = &'a ChatRow>, room: &str) -> Counter {
    let mut counter = Counter::default();
    for row in rows {
        if row.chat.room == room && !row.chat.deleted {
            counter.add(row);
        }
    }
    counter
}

/// Rows of one list of one room, newest activity first (W8).
pub fn list_rows<'a>(rows: impl IntoIterator<Item = &'a ChatRow>, room: &str, list: ChatList, me: &str) -> Vec<&'a ChatRow> {
    let mut out: Vec<&ChatRow> = rows
        .into_iter()
        .filter(|r| r.chat.room == room && list.contains(r, me))
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.chat.last.as_ref().map(|l| l.at_ms).unwrap_or(r.chat.created_ms)));
    out
}
