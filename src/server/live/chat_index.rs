//! Every chat's summary in memory, kept current by the fan-out, with the read
//! positions of the employees who use the workspace: the chat lists' pages
//! and their exact counters come from here (#12), not from reading every
//! chat for each request.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, RwLock};

use crate::model::chat::{ChatRow, ChatSummary};
use crate::model::lists::{list_order, sort_for_list, ChatList, PageCursor, RoomCounts};
use crate::server::rights::{may, Action, Actor, Object};

#[derive(Default)]
struct Inner {
    chats: HashMap<String, ChatSummary>,
    /// Chat keys by room, so a room's counters read only that room's chats.
    by_room: HashMap<String, HashSet<String>>,
    /// Read positions by employee, then chat.
    reads: HashMap<String, HashMap<String, i64>>,
    /// Employees whose read positions were read from the database.
    reads_loaded: HashSet<String>,
    /// Grows with every change: counters carry the stamp they were counted
    /// at, so a browser keeps the later of two counts whichever came first.
    stamp: u64,
}

pub struct ChatIndex {
    inner: RwLock<Inner>,
    /// Set once the fan-out has read every chat.
    loaded: tokio::sync::watch::Sender<bool>,
    /// The counters last sent to each (employee, room), counted and sent
    /// under this lock, so that of two counts of a room the later one always
    /// arrives last, and an unchanged count is not sent again.
    pub(crate) counting: Mutex<HashMap<(String, String), RoomCounts>>,
}

impl Default for ChatIndex {
    fn default() -> Self {
        ChatIndex { inner: RwLock::default(), loaded: tokio::sync::watch::channel(false).0, counting: Mutex::default() }
    }
}

impl ChatIndex {
    /// Waits until every chat has been read at the fan-out's start.
    pub async fn ready(&self) {
        let mut loaded = self.loaded.subscribe();
        let _ = loaded.wait_for(|loaded| *loaded).await;
    }

    /// Every chat, read when the fan-out (re)subscribes: what was held
    /// before is replaced (a chat erased while the subscription was down
    /// goes). Changes made meanwhile follow on the stream; an older copy
    /// than the one held is then ignored (see [`ChatIndex::update`]).
    pub fn load(&self, chats: Vec<ChatSummary>) {
        {
            let mut inner = self.write();
            inner.stamp += 1;
            inner.chats.clear();
            inner.by_room.clear();
            for chat in chats {
                inner.put(chat);
            }
        }
        self.loaded.send_replace(true);
    }

    /// Keeps a new copy of a chat unless a newer one is held; returns the
    /// copy it replaced, or `Err(())` when this copy is older than the held one.
    pub fn update(&self, chat: ChatSummary) -> Result<Option<ChatSummary>, ()> {
        let mut inner = self.write();
        if inner.chats.get(&chat.id).is_some_and(|held| held.rev > chat.rev) {
            return Err(());
        }
        inner.stamp += 1;
        Ok(inner.put(chat))
    }

    pub fn remove(&self, chat: &str) -> Option<ChatSummary> {
        let mut inner = self.write();
        let gone = inner.chats.remove(chat)?;
        inner.stamp += 1;
        if let Some(keys) = inner.by_room.get_mut(&gone.room) {
            keys.remove(chat);
        }
        Some(gone)
    }

    pub fn get(&self, chat: &str) -> Option<ChatSummary> {
        self.read().chats.get(chat).cloned()
    }

    /// Whether this employee's read positions are held.
    pub fn has_reads(&self, employee: &str) -> bool {
        self.read().reads_loaded.contains(employee)
    }

    /// The read positions from the database; a move recorded meanwhile is kept.
    pub fn set_reads(&self, employee: &str, reads: HashMap<String, i64>) {
        let mut inner = self.write();
        inner.stamp += 1;
        let held = inner.reads.entry(employee.to_string()).or_default();
        for (chat, seq) in reads {
            let at = held.entry(chat).or_default();
            *at = (*at).max(seq);
        }
        inner.reads_loaded.insert(employee.to_string());
    }

    /// An employee read `chat` up to `seq`; the position before.
    pub fn set_read(&self, employee: &str, chat: &str, seq: i64) -> i64 {
        let mut inner = self.write();
        inner.stamp += 1;
        let at = inner.reads.entry(employee.to_string()).or_default().entry(chat.to_string()).or_default();
        let before = *at;
        *at = before.max(seq);
        before
    }

    /// The stamp of the index's latest change.
    pub fn stamp(&self) -> u64 {
        self.read().stamp
    }

    pub fn read_seq(&self, employee: &str, chat: &str) -> i64 {
        self.read().read_seq(employee, chat)
    }

    /// Every room's counters for `actor`, over every chat they may see, and
    /// the stamp they were counted at.
    pub fn counts(&self, actor: &Actor) -> (u64, BTreeMap<String, RoomCounts>) {
        let inner = self.read();
        // Rooms keyed by reference over every chat: no allocation per chat.
        let mut counts: HashMap<&str, RoomCounts> = HashMap::new();
        for chat in inner.chats.values() {
            if may(actor, Action::View, Object::Chat(chat)) {
                let unread = chat.last_seq > inner.read_seq(&actor.id, &chat.id);
                counts.entry(chat.room.as_str()).or_default().add(chat, unread, &actor.id);
            }
        }
        (inner.stamp, counts.into_iter().map(|(room, counts)| (room.to_string(), counts)).collect())
    }

    /// One room's counters for `actor`, and the stamp they were counted at.
    pub fn room_counts(&self, actor: &Actor, room: &str) -> (u64, RoomCounts) {
        let inner = self.read();
        let mut counts = RoomCounts::default();
        for chat in inner.by_room.get(room).into_iter().flatten().filter_map(|key| inner.chats.get(key)) {
            if may(actor, Action::View, Object::Chat(chat)) {
                counts.add(chat, chat.last_seq > inner.read_seq(&actor.id, &chat.id), &actor.id);
            }
        }
        (inner.stamp, counts)
    }

    /// A page of one list of one room as `actor` sees it, after `after` (the
    /// first page without one), with read positions; mentions are the caller's.
    pub fn page(&self, actor: &Actor, room: &str, list: ChatList, after: Option<&PageCursor>, size: usize) -> (Vec<ChatRow>, Option<PageCursor>) {
        let inner = self.read();
        let mut chats: Vec<&ChatSummary> = inner
            .by_room
            .get(room)
            .into_iter()
            .flatten()
            .filter_map(|key| inner.chats.get(key))
            .filter(|chat| list.holds(chat, &actor.id) && may(actor, Action::View, Object::Chat(chat)))
            .filter(|chat| after.is_none_or(|cursor| cursor.precedes(chat)))
            .collect();
        // Only the page (and one more, to know whether the list goes on) is
        // sorted: the rest is left in any order behind it.
        if chats.len() > size + 1 {
            chats.select_nth_unstable_by(size, |a, b| list_order(a, b));
            chats.truncate(size + 1);
        }
        sort_for_list(&mut chats, |chat| chat);
        let more = chats.len() > size;
        chats.truncate(size);
        let next = if more { chats.last().map(|chat| PageCursor::of(chat)) } else { None };
        let rows = chats
            .into_iter()
            .map(|chat| ChatRow { chat: chat.clone(), read_seq: inner.read_seq(&actor.id, &chat.id), mentioned_seq: 0 })
            .collect();
        (rows, next)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    fn put(&mut self, chat: ChatSummary) -> Option<ChatSummary> {
        let previous = self.chats.insert(chat.id.clone(), chat.clone());
        if let Some(old) = previous.as_ref().filter(|old| old.room != chat.room) {
            if let Some(keys) = self.by_room.get_mut(&old.room) {
                keys.remove(&old.id);
            }
        }
        self.by_room.entry(chat.room.clone()).or_default().insert(chat.id);
        previous
    }

    fn read_seq(&self, employee: &str, chat: &str) -> i64 {
        self.reads.get(employee).and_then(|reads| reads.get(chat)).copied().unwrap_or(0)
    }
}
