//! The workspace's client-side state: rooms, chats, selection and the open thread.

use std::collections::{BTreeMap, HashMap};

use dioxus::prelude::*;

use crate::model::chat::{ChatRow, ChatSummary};
use crate::model::employee::Me;
use crate::model::filter::{ChatFilter, FilterResult};
use crate::model::lists::{ChatCounts, ChatList, Counter, PageCursor, RoomCounts};
use crate::model::live::RunningCall;
use crate::model::message::{HistoryPage, Message};
use crate::ui::conversation::live_loop::LiveSocket;
use crate::ui::conversation::{Outbox, Typing};
use crate::model::room::{Room, RoomKind};
use crate::model::saved_reply::SavedReply;

/// The most messages the open chat keeps in memory: scrolling further drops
/// pages from the other end (they are fetched again when scrolled back to).
pub const THREAD_WINDOW: usize = 600;

/// A window onto the open chat's history, keyed by sequence number: a
/// message delivered twice (live and by catch-up) is still shown once, in
/// order. The window holds consecutive messages only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Thread {
    pub chat: Option<String>,
    pub messages: BTreeMap<i64, Message>,
    pub loaded: bool,
    /// Older messages exist than the first one held.
    pub has_older: bool,
    /// Newer messages exist than the last one held (the window was cut at
    /// the bottom while reading far back): live messages wait until then.
    pub has_newer: bool,
    /// A page is on its way (one at a time).
    pub fetching: bool,
    /// The first unread message when the chat was opened (the marker).
    pub unread_from: Option<i64>,
}

impl Thread {
    pub fn last_seq(&self) -> i64 {
        self.messages.keys().next_back().copied().unwrap_or(0)
    }

    pub fn first_seq(&self) -> i64 {
        self.messages.keys().next().copied().unwrap_or(0)
    }

    /// Adds an earlier page, dropping the newest messages beyond the window.
    pub fn add_older(&mut self, page: HistoryPage) {
        self.has_older = page.has_older;
        self.messages.extend(page.messages.into_iter().map(|m| (m.seq, m)));
        while self.messages.len() > THREAD_WINDOW {
            self.messages.pop_last();
            self.has_newer = true;
        }
    }

    /// Adds a later page, dropping the oldest messages beyond the window.
    pub fn add_newer(&mut self, page: HistoryPage) {
        self.has_newer = page.has_newer;
        self.messages.extend(page.messages.into_iter().map(|m| (m.seq, m)));
        while self.messages.len() > THREAD_WINDOW {
            self.messages.pop_first();
            self.has_older = true;
        }
    }
}

/// A filter in force (W9) or related chats (C16): what was asked and found.
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveFilter {
    pub filter: ChatFilter,
    pub found: FilterResult,
}

/// What the hub last said of an employee (see `LiveEvent::Presence`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    pub online: Option<bool>,
    pub active: Option<bool>,
}

/// The counters the server sent (#12), each room's with the stamp it was
/// counted at: a later count replaces an earlier one, whichever came first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    /// When the whole set was loaded: rooms it left out had none then.
    pub loaded: u64,
    pub rooms: HashMap<String, (u64, RoomCounts)>,
}

impl Counts {
    pub fn room(&self, room: &str) -> RoomCounts {
        self.rooms.get(room).map(|(_, counts)| *counts).unwrap_or_default()
    }

    pub fn list(&self, room: &str, list: ChatList) -> Counter {
        self.room(room).list(list)
    }

    /// Chats with unread messages that notify me, over every room.
    pub fn waiting(&self) -> usize {
        self.rooms.values().map(|(_, counts)| counts.waiting).sum()
    }
}

/// How far a list of a room is loaded (#12): where its next page starts
/// (none: it is all here), and whether a page is on its way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListPage {
    pub next: Option<PageCursor>,
    pub loading: bool,
    /// The last page asked for did not come: it is offered again.
    pub failed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Online,
    Offline,
}

/// On a phone, what shows while no chat is open (#15): the rooms with
/// their lists, or the chosen list's chats.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Pane {
    #[default]
    Rooms,
    Chats,
}

#[derive(Clone, Copy)]
pub struct Store {
    pub me: Signal<Me>,
    pub rooms: Signal<Vec<Room>>,
    /// The chats this tab knows: the pages it loaded and those the live
    /// connection brought since (#12).
    pub chats: Signal<HashMap<String, ChatRow>>,
    /// Every room's counters, from the server.
    pub counts: Signal<Counts>,
    /// The lists loaded so far, by room and list; none: not loaded yet.
    pub pages: Signal<HashMap<(String, ChatList), ListPage>>,
    pub room: Signal<Option<String>>,
    pub list: Signal<ChatList>,
    pub open: Signal<Option<String>>,
    /// The phone's pane while no chat is open.
    pub pane: Signal<Pane>,
    /// The client panel shows beside (on a phone: over) the open chat (C1).
    pub client_panel: Signal<bool>,
    pub thread: Signal<Thread>,
    /// Messages written but not stored yet, kept across reloads (#13).
    pub outbox: Outbox,
    pub connection: Signal<Connection>,
    pub signed_out: Signal<bool>,
    /// The clock the wait timers tick by (L9), once a second.
    pub clock: Signal<i64>,
    /// Server clock minus this browser's clock, learnt on connect.
    pub clock_skew: Signal<i64>,
    /// The filter in force, over all rooms (W9, C16).
    pub filter: Signal<Option<ActiveFilter>>,
    /// The filter window is open.
    pub filter_open: Signal<bool>,
    /// The filter in force is to run again (a chat changed).
    pub filter_stale: Signal<bool>,
    /// Calls running in chats I may see, by chat (C3).
    pub calls: Signal<HashMap<String, RunningCall>>,
    /// A call that rings me now, until I accept or decline it.
    pub ringing: Signal<Option<RunningCall>>,
    /// The chat whose call this tab is in.
    pub in_call: Signal<Option<String>>,
    /// Employees' presence and activity pushed since the tab connected (C11, P2).
    pub presence: Signal<HashMap<String, Seen>>,
    /// The live socket while connected: the tab's commands go through it.
    pub socket: Signal<Option<LiveSocket>>,
    /// Who types where (#14).
    pub typing: Typing,
    /// My saved replies and my rooms' (#14), for `/` in the composer.
    pub saved_replies: Signal<Vec<SavedReply>>,
}

impl Store {
    pub fn new(me: Me) -> Self {
        Store {
            outbox: Outbox::load(format!("chats.outbox.{}", me.id)),
            me: Signal::new(me),
            rooms: Signal::new(Vec::new()),
            chats: Signal::new(HashMap::new()),
            counts: Signal::new(Counts::default()),
            pages: Signal::new(HashMap::new()),
            room: Signal::new(None),
            list: Signal::new(ChatList::New),
            open: Signal::new(None),
            pane: Signal::new(Pane::Rooms),
            client_panel: Signal::new(crate::ui::browser::is_wide_window()),
            thread: Signal::new(Thread::default()),
            connection: Signal::new(Connection::Connecting),
            signed_out: Signal::new(false),
            clock: Signal::new(crate::ui::browser::now_ms()),
            clock_skew: Signal::new(0),
            filter: Signal::new(None),
            filter_open: Signal::new(false),
            filter_stale: Signal::new(false),
            calls: Signal::new(HashMap::new()),
            ringing: Signal::new(None),
            in_call: Signal::new(None),
            presence: Signal::new(HashMap::new()),
            socket: Signal::new(None),
            typing: Typing::new(),
            saved_replies: Signal::new(Vec::new()),
        }
    }

    pub fn room_kind(&self, room: &str) -> Option<RoomKind> {
        self.rooms.read().iter().find(|r| r.id == room).map(|r| r.kind)
    }

    /// Chooses a room and its natural first list.
    pub fn select_room(mut self, room: &str) {
        let kind = self.room_kind(room);
        self.room.set(Some(room.to_string()));
        self.list.set(if kind == Some(RoomKind::Client) { ChatList::New } else { ChatList::All });
    }

    /// Chooses a list of the chosen room; on a phone its chats show next.
    pub fn select_list(mut self, list: ChatList) {
        self.list.set(list);
        self.pane.set(Pane::Chats);
    }

    /// Opens a chat; on a phone, stepping back from it shows its list.
    pub fn open_chat(mut self, chat: &str) {
        self.open.set(Some(chat.to_string()));
        self.pane.set(Pane::Chats);
    }

    /// One step back on a phone: from the client panel to the chat, from
    /// the chat to its list, from the list to the rooms.
    pub fn step_back(mut self) {
        if self.open.peek().is_some() {
            if *self.client_panel.peek() && crate::ui::browser::is_narrow_window() {
                self.client_panel.set(false);
            } else {
                self.open.set(None);
            }
        } else if *self.pane.peek() == Pane::Chats {
            self.pane.set(Pane::Rooms);
        }
    }

    /// How many steps the phone is from its first screen (rooms and lists).
    pub fn depth(&self) -> u32 {
        match (self.open.read().is_some(), *self.pane.read()) {
            (true, _) if *self.client_panel.read() && crate::ui::browser::is_narrow_window() => 3,
            (true, _) => 2,
            (false, Pane::Chats) => 1,
            (false, Pane::Rooms) => 0,
        }
    }

    /// Keeps the newer of two copies of a chat (by `rev`), read up to `read_seq`.
    pub fn upsert_chat(self, chat: ChatSummary, read_seq: i64) {
        self.merge_rows([ChatRow { chat, read_seq, mentioned_seq: 0 }]);
    }

    /// Adds rows (a page, a found chat) to the chats held: of two copies of
    /// a chat the newer stays, and read positions only move forward.
    pub fn merge_rows(mut self, rows: impl IntoIterator<Item = ChatRow>) {
        let mut chats = self.chats.write();
        for row in rows {
            match chats.get_mut(&row.chat.id) {
                Some(held) => {
                    if held.chat.rev <= row.chat.rev {
                        held.chat = row.chat;
                    }
                    held.read_seq = held.read_seq.max(row.read_seq);
                    held.mentioned_seq = held.mentioned_seq.max(row.mentioned_seq);
                }
                None => {
                    chats.insert(row.chat.id.clone(), row);
                }
            }
        }
    }

    /// Every room's counters, loaded: they replace those held, except a
    /// room's counted later (sent live meanwhile).
    pub fn set_counts(mut self, loaded: ChatCounts) {
        let mut counts = self.counts.write();
        counts.rooms.retain(|_, (stamp, _)| *stamp > loaded.stamp);
        for (room, room_counts) in loaded.rooms {
            counts.rooms.entry(room).or_insert((loaded.stamp, room_counts));
        }
        counts.loaded = loaded.stamp;
    }

    /// One room's counters, sent live; an older count than the one held is dropped.
    pub fn set_room_counts(mut self, room: String, room_counts: RoomCounts, stamp: u64) {
        let mut counts = self.counts.write();
        let held = counts.rooms.get(&room).map_or(counts.loaded, |(held, _)| *held);
        if stamp >= held {
            counts.rooms.insert(room, (stamp, room_counts));
        }
    }

    /// Replaces the chats with a fresh snapshot, keeping copies newer than it.
    pub fn replace_chats(mut self, rows: Vec<ChatRow>) {
        let mut chats = self.chats.write();
        let mut fresh: HashMap<String, ChatRow> = HashMap::with_capacity(rows.len());
        for mut row in rows {
            if let Some(old) = chats.get(&row.chat.id) {
                if old.chat.rev > row.chat.rev {
                    row.chat = old.chat.clone();
                }
                row.read_seq = row.read_seq.max(old.read_seq);
                row.mentioned_seq = row.mentioned_seq.max(old.mentioned_seq);
            }
            fresh.insert(row.chat.id.clone(), row);
        }
        *chats = fresh;
    }

    pub fn set_read(mut self, chat: &str, seq: i64) {
        if let Some(row) = self.chats.write().get_mut(chat) {
            row.read_seq = row.read_seq.max(seq);
        }
    }

    /// A colleague mentioned me in message `seq` of `chat` (#14).
    pub fn set_mentioned(mut self, chat: &str, seq: i64) {
        if let Some(row) = self.chats.write().get_mut(chat) {
            row.mentioned_seq = row.mentioned_seq.max(seq);
        }
    }

    pub fn remove_chat(mut self, chat: &str) {
        self.chats.write().remove(chat);
        if self.open.peek().as_deref() == Some(chat) {
            self.open.set(None);
        }
    }

    /// The stored copy a send answered with. The live connection may have
    /// brought the message, or a later state of it (an e-mail or Telegram
    /// answer already sent), before this answer came back: that copy stays.
    pub fn add_sent(self, message: Message) {
        let held = {
            let thread = self.thread.peek();
            thread.chat.as_deref() == Some(message.chat.as_str()) && thread.messages.contains_key(&message.seq)
        };
        if !held {
            self.add_messages([message]);
        }
    }

    /// Adds live messages to the open thread if they belong to it and
    /// follow on from what it holds (else they come with the next page).
    pub fn add_messages(mut self, messages: impl IntoIterator<Item = Message>) {
        let mut thread = self.thread.write();
        for message in messages {
            // Before the first page arrives a live message is kept too: the
            // page read before it was stored ends just before it.
            let follows = !thread.loaded || (!thread.has_newer && (thread.messages.is_empty() || message.seq <= thread.last_seq() + 1));
            if thread.chat.as_deref() == Some(message.chat.as_str()) && follows {
                thread.messages.insert(message.seq, message);
                if thread.messages.len() > THREAD_WINDOW {
                    thread.messages.pop_first();
                    thread.has_older = true;
                }
            }
        }
    }
}

impl Store {
    /// Tells the server (at most every two seconds) that this tab types in
    /// `chat`; `note`: a private note, which the visitor is not told of (#14).
    pub fn say_typing(self, chat: String, note: bool) {
        let Some(socket) = self.socket.peek().clone() else { return };
        if self.typing.due() {
            spawn(async move {
                let _ = socket.send(crate::model::live::LiveCommand::Typing { chat, note }).await;
            });
        }
    }
}

impl Store {
    /// Reads the saved replies again (on connect, and after they were edited).
    pub async fn reload_saved_replies(self) -> Result<(), ServerFnError> {
        let replies = crate::api::chats::saved_replies::saved_replies().await?;
        let mut held = self.saved_replies;
        if *held.peek() != replies {
            held.set(replies);
        }
        Ok(())
    }
}
