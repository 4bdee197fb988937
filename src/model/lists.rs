//! The lists «Новые / Мои / Все / Удаленные» and their counters (W3–W7),
//! decided in one place for the server and the browser.

use serde::{Deserialize, Serialize};

use super::chat::{ChatRow, ChatSummary};

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
        self.holds(&row.chat, me)
    }

    /// Whether `chat` belongs in this list for employee `me`.
    pub fn holds(self, chat: &ChatSummary, me: &str) -> bool {
        match self {
            ChatList::Deleted => chat.deleted,
            _ if chat.deleted => false,
            ChatList::New => chat.is_new(),
            ChatList::Mine => chat.involves(me),
            ChatList::All => true,
        }
    }
}

impl ChatList {
    /// The list's name in addresses (`/api/chats/page?list=new`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChatList::New => "new",
            ChatList::Mine => "mine",
            ChatList::All => "all",
            ChatList::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ChatList::ALL.into_iter().find(|l| l.as_str() == s)
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

/// One room's counters for one employee, counted by the server over every
/// chat they may see (#12: the browser holds only the pages it showed, so it
/// cannot count). The room's own counter (W1, W2) is its «Все».
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomCounts {
    pub new: Counter,
    pub mine: Counter,
    pub all: Counter,
    pub deleted: Counter,
    /// Chats with unread messages that notify this employee (theirs, and new
    /// inquiries nobody took): the title's and the app badge's number.
    #[serde(default)]
    pub waiting: usize,
}

impl RoomCounts {
    /// Counts `chat` (unread or not for this employee) where it belongs.
    pub fn add(&mut self, chat: &ChatSummary, unread: bool, me: &str) {
        for list in ChatList::ALL {
            if list.holds(chat, me) {
                let counter = self.list_mut(list);
                counter.total += 1;
                if unread {
                    counter.unread += 1;
                }
            }
        }
        if unread && chat.notifies(me) {
            self.waiting += 1;
        }
    }

    /// Adds counters counted elsewhere (one chat's share).
    pub fn include(&mut self, other: &RoomCounts) {
        for list in ChatList::ALL {
            let (mine, theirs) = (self.list_mut(list), other.list(list));
            mine.total += theirs.total;
            mine.unread += theirs.unread;
        }
        self.waiting += other.waiting;
    }

    /// Takes away counters counted elsewhere (one chat's old share).
    pub fn remove(&mut self, other: &RoomCounts) {
        for list in ChatList::ALL {
            let (mine, theirs) = (self.list_mut(list), other.list(list));
            mine.total = mine.total.saturating_sub(theirs.total);
            mine.unread = mine.unread.saturating_sub(theirs.unread);
        }
        self.waiting = self.waiting.saturating_sub(other.waiting);
    }

    pub fn list(&self, list: ChatList) -> Counter {
        match list {
            ChatList::New => self.new,
            ChatList::Mine => self.mine,
            ChatList::All => self.all,
            ChatList::Deleted => self.deleted,
        }
    }

    fn list_mut(&mut self, list: ChatList) -> &mut Counter {
        match list {
            ChatList::New => &mut self.new,
            ChatList::Mine => &mut self.mine,
            ChatList::All => &mut self.all,
            ChatList::Deleted => &mut self.deleted,
        }
    }
}

/// Every room's counters for one employee, and the stamp they were counted
/// at (see [`super::live::LiveEvent::Counts`]). Rooms without a chat they
/// may see are left out: their counters are zeros.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCounts {
    pub stamp: u64,
    pub rooms: std::collections::BTreeMap<String, RoomCounts>,
}

/// Where a list's page ends: the last chat's activity and id. The next page
/// starts after it, in the list's order (newest activity first, W8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCursor {
    pub activity_ms: i64,
    pub chat: String,
}

impl PageCursor {
    pub fn of(chat: &ChatSummary) -> Self {
        PageCursor { activity_ms: activity_ms(chat), chat: chat.id.clone() }
    }

    /// Whether `chat` comes after this cursor in the list's order.
    pub fn precedes(&self, chat: &ChatSummary) -> bool {
        (activity_ms(chat), chat.id.as_str()) < (self.activity_ms, self.chat.as_str())
    }
}

/// A page of one list of one room, and where the next one starts (none: the
/// list ends here).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatPage {
    pub rows: Vec<ChatRow>,
    pub next: Option<PageCursor>,
}

/// The moment a chat last moved: its newest message, or its creation.
pub fn activity_ms(chat: &ChatSummary) -> i64 {
    chat.last.as_ref().map(|l| l.at_ms).unwrap_or(chat.created_ms)
}

/// The order a list shows chats in: newest activity first, then by id, so
/// that pages cut the same order every time.
pub fn list_order(a: &ChatSummary, b: &ChatSummary) -> std::cmp::Ordering {
    (activity_ms(b), b.id.as_str()).cmp(&(activity_ms(a), a.id.as_str()))
}

/// Sorts chats in [`list_order`].
pub fn sort_for_list<T>(items: &mut [T], chat: impl Fn(&T) -> &ChatSummary) {
    items.sort_by(|a, b| list_order(chat(a), chat(b)));
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

/// Rows of one list of one room, newest activity first (W8).
pub fn list_rows<'a>(rows: impl IntoIterator<Item = &'a ChatRow>, room: &str, list: ChatList, me: &str) -> Vec<&'a ChatRow> {
    let mut out: Vec<&ChatRow> = rows
        .into_iter()
        .filter(|r| r.chat.room == room && list.contains(r, me))
        .collect();
    sort_for_list(&mut out, |r| &r.chat);
    out
}
