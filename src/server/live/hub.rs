//! The hub: every open live connection with its audience and bounded queue.
//! An event is encoded once and the same bytes are shared by every recipient;
//! a reader that falls behind is dropped (its browser reconnects and catches
//! up by sequence number), so a slow client never slows the others. The hub
//! never touches the database: the fan-out feeds it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

use tokio::sync::mpsc;

use crate::model::chat::ChatSummary;
use crate::model::live::LiveEvent;
use crate::model::message::Message;
use crate::server::people::visitors::Visitor;
use crate::server::rights::{may, Action, Actor, Object};

/// Events a connection may have queued before it counts as stalled.
const QUEUE: usize = 512;

/// One encoded event (JSON), cheap to clone for every recipient.
pub type Frame = bytes::Bytes;

pub fn encode(event: &LiveEvent) -> Frame {
    Frame::from(serde_json::to_vec(event).expect("live events always serialize"))
}

pub fn decode(frame: &Frame) -> Option<LiveEvent> {
    serde_json::from_slice(frame).ok()
}

/// Who is on the other end of a connection.
pub enum Audience {
    Employee { actor: Actor, session_hash: String },
    Visitor(Visitor),
}

struct Connection {
    audience: Audience,
    watching: Option<String>,
    queue: mpsc::Sender<Frame>,
}

#[derive(Default)]
pub struct Hub {
    connections: RwLock<HashMap<u64, Connection>>,
    next_id: AtomicU64,
    /// Woken when a connection opens or shows another chat: the bus then
    /// follows what this node's connections want from the others (#17).
    pub interests_changed: tokio::sync::Notify,
}

impl Hub {
    pub fn register(&self, audience: Audience) -> (u64, mpsc::Receiver<Frame>) {
        let (queue, events) = mpsc::channel(QUEUE);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.write().insert(id, Connection { audience, watching: None, queue });
        self.interests_changed.notify_one();
        (id, events)
    }

    /// What this node's connections want to hear from the other nodes (#17):
    /// each employee's own events and the chat each tab shows; each visitor's
    /// own events (`crate::server::cluster::subjects` names them).
    pub fn interests(&self) -> std::collections::HashSet<crate::server::cluster::subjects::Interest> {
        use crate::server::cluster::subjects::Interest;
        let mut interests = std::collections::HashSet::new();
        for connection in self.read().values() {
            match &connection.audience {
                Audience::Employee { actor, .. } => {
                    interests.insert(Interest::Employee(actor.id.clone()));
                    if let Some(chat) = &connection.watching {
                        interests.insert(Interest::Chat(chat.clone()));
                    }
                }
                Audience::Visitor(visitor) => {
                    interests.insert(Interest::User(visitor.user.clone()));
                }
            }
        }
        interests
    }

    pub fn unregister(&self, id: u64) {
        self.write().remove(&id);
    }

    /// Closes every connection (the node is stopping); how many there were.
    pub fn close_all(&self) -> usize {
        let mut connections = self.write();
        let count = connections.len();
        connections.clear();
        count
    }

    pub fn connection_count(&self) -> usize {
        self.read().len()
    }

    /// The chat a workspace tab has open; its messages go to that tab.
    pub fn watch(&self, id: u64, chat: Option<String>) {
        if let Some(connection) = self.write().get_mut(&id) {
            connection.watching = chat;
        }
        self.interests_changed.notify_one();
    }

    /// Closes every connection of a session (logout, disabled account).
    pub fn end_session(&self, session_hash: &str) {
        self.write().retain(|_, c| !matches!(&c.audience, Audience::Employee { session_hash: h, .. } if h == session_hash));
    }

    /// Signed-in connections as (connection, session hash), for a rights refresh.
    pub fn employee_sessions(&self) -> Vec<(u64, String)> {
        self.read()
            .iter()
            .filter_map(|(id, c)| match &c.audience {
                Audience::Employee { session_hash, .. } => Some((*id, session_hash.clone())),
                Audience::Visitor(_) => None,
            })
            .collect()
    }

    /// Gives a connection its employee's current rights and tells the tab to
    /// reload; `None` (a session that is no longer valid) closes it.
    pub fn replace_actor(&self, id: u64, actor: Option<Actor>) {
        let mut connections = self.write();
        match actor {
            Some(actor) => {
                if let Some(connection) = connections.get_mut(&id) {
                    if let Audience::Employee { actor: current, .. } = &mut connection.audience {
                        *current = actor;
                    }
                    if connection.queue.try_send(encode(&LiveEvent::Refresh)).is_err() {
                        connections.remove(&id);
                    }
                }
            }
            None => {
                connections.remove(&id);
            }
        }
    }

    /// A chat changed: everyone who may see it gets the new summary, and
    /// those who saw the `previous` copy but may not see this one (deleted,
    /// topic or participants changed) are told it is gone. Without a
    /// previous copy, every employee who may not see it gets the (id-only)
    /// gone notice, which a tab that never had the chat ignores.
    ///
    /// Each reader's copy carries how far they have read the chat
    /// (`read_seq`); one frame is encoded per distinct position.
    pub fn publish_chat(&self, chat: &ChatSummary, previous: Option<&ChatSummary>, read_seq: impl Fn(&str) -> i64) {
        let frames: std::cell::RefCell<HashMap<i64, Frame>> = Default::default();
        let gone = encode(&LiveEvent::ChatGone { id: chat.id.clone() });
        self.deliver_each(|c| match &c.audience {
            Audience::Employee { actor, .. } if may(actor, Action::View, Object::Chat(chat)) => {
                let read_seq = read_seq(&actor.id);
                let frame = frames
                    .borrow_mut()
                    .entry(read_seq)
                    .or_insert_with(|| encode(&LiveEvent::Chat { chat: chat.clone(), read_seq }))
                    .clone();
                Some(frame)
            }
            Audience::Employee { actor, .. } if previous.is_none_or(|p| may(actor, Action::View, Object::Chat(p))) => Some(gone.clone()),
            _ => None,
        });
    }

    /// The employees connected now whom `wanted` admits, each once.
    pub fn employee_actors(&self, wanted: impl Fn(&Actor) -> bool) -> Vec<Actor> {
        let mut seen = std::collections::HashSet::new();
        self.read()
            .values()
            .filter_map(|c| match &c.audience {
                Audience::Employee { actor, .. } if wanted(actor) && seen.insert(actor.id.clone()) => Some(actor.clone()),
                _ => None,
            })
            .collect()
    }

    /// An employee's counters of one room changed (#12): their tabs show them.
    pub fn publish_counts(&self, employee: &str, room: &str, counts: crate::model::lists::RoomCounts, stamp: u64) {
        let frame = encode(&LiveEvent::Counts { room: room.to_string(), counts, stamp });
        self.deliver(&frame, |c| matches!(&c.audience, Audience::Employee { actor, .. } if actor.id == employee));
    }

    /// Whether `employee` has a workspace tab connected.
    pub fn has_employee(&self, employee: &str) -> bool {
        self.read().values().any(|c| matches!(&c.audience, Audience::Employee { actor, .. } if actor.id == employee))
    }

    /// Employees with a workspace tab connected now (C11's green dot).
    pub fn online_employees(&self) -> std::collections::HashSet<String> {
        self.read()
            .values()
            .filter_map(|c| match &c.audience {
                Audience::Employee { actor, .. } => Some(actor.id.clone()),
                Audience::Visitor(_) => None,
            })
            .collect()
    }

    /// Tells every workspace tab that `employee`'s presence or activity changed.
    pub fn publish_presence(&self, employee: &str, online: Option<bool>, active: Option<bool>) {
        let frame = encode(&LiveEvent::Presence { employee: employee.to_string(), online, active });
        self.deliver(&frame, |c| matches!(&c.audience, Audience::Employee { .. }));
    }

    /// A chat was erased.
    pub fn publish_chat_gone(&self, chat: &str) {
        let frame = encode(&LiveEvent::ChatGone { id: chat.to_string() });
        self.deliver(&frame, |c| matches!(&c.audience, Audience::Employee { .. }));
    }

    /// A new message: to employee tabs watching that chat (if still allowed)
    /// and to the visitor whose chat it is, unless it is a private note (#14).
    pub fn publish_message(&self, message: &Message, chat: &ChatSummary) {
        let frame = encode(&LiveEvent::Message { message: message.clone() });
        self.deliver(&frame, |c| match &c.audience {
            Audience::Employee { actor, .. } => {
                c.watching.as_deref() == Some(chat.id.as_str()) && may(actor, Action::View, Object::Chat(chat))
            }
            Audience::Visitor(visitor) => !message.note && chat.user.as_deref() == Some(visitor.user.as_str()),
        });
    }

    /// A message changed after it was sent (an e-mail answer's delivery,
    /// #16): only the staff who show the chat are told; visitors never see
    /// delivery states.
    pub fn publish_message_update(&self, message: &Message, chat: &ChatSummary) {
        let frame = encode(&LiveEvent::Message { message: message.clone() });
        self.deliver(&frame, |c| match &c.audience {
            Audience::Employee { actor, .. } => c.watching.as_deref() == Some(chat.id.as_str()) && may(actor, Action::View, Object::Chat(chat)),
            Audience::Visitor(_) => false,
        });
    }

    /// A call started or ended in `chat`: employees who may see the chat learn
    /// it (their menus switch between «Начать» and «Присоединиться»; the
    /// participants' workspaces ring).
    pub fn publish_call(&self, chat: &ChatSummary, call: crate::model::live::RunningCall, running: bool) {
        let frame = encode(&LiveEvent::Call { call, running });
        self.deliver(&frame, |c| matches!(&c.audience, Audience::Employee { actor, .. } if may(actor, Action::View, Object::Chat(chat))));
    }

    /// Connection `from` says its reader is typing in `chat` (#14). Passed on
    /// only if that reader may see the chat (an employee with the right, the
    /// visitor whose chat it is), to the employees who show the chat, may see
    /// it and are someone else, and, when an employee types outside a `note`,
    /// to the chat's visitor. Nothing is stored.
    ///
    /// Returns who types (name, employee, whether an employee), for the other
    /// nodes; none when the reader may not see the chat.
    pub fn publish_typing(&self, from: u64, chat: &ChatSummary, note: bool) -> Option<(String, Option<String>, bool)> {
        let (name, sender, employee_typing) = {
            let connections = self.read();
            let connection = connections.get(&from)?;
            match &connection.audience {
                Audience::Employee { actor, .. } if may(actor, Action::View, Object::Chat(chat)) => {
                    (actor.name.clone(), Some(actor.id.clone()), true)
                }
                Audience::Visitor(visitor) if chat.user.as_deref() == Some(visitor.user.as_str()) => (visitor.name.clone(), None, false),
                _ => return None,
            }
        };
        self.deliver_typing(chat, &name, sender.as_deref(), employee_typing, note);
        Some((name, sender, employee_typing))
    }

    /// Passes on that `name` types in `chat` (see [`Hub::publish_typing`]);
    /// also for typing on another node.
    pub fn deliver_typing(&self, chat: &ChatSummary, name: &str, sender: Option<&str>, employee_typing: bool, note: bool) {
        let frame = encode(&LiveEvent::Typing { chat: chat.id.clone(), name: name.to_string() });
        self.deliver(&frame, |c| match &c.audience {
            Audience::Employee { actor, .. } => {
                sender != Some(actor.id.as_str())
                    && c.watching.as_deref() == Some(chat.id.as_str())
                    && may(actor, Action::View, Object::Chat(chat))
            }
            Audience::Visitor(visitor) => employee_typing && !note && chat.user.as_deref() == Some(visitor.user.as_str()),
        });
    }

    /// `by` mentioned `employee` in message `seq` of `chat` (#14): their tabs mark it.
    pub fn publish_mention(&self, employee: &str, chat: &str, seq: i64, by: &str) {
        let frame = encode(&LiveEvent::Mention { chat: chat.to_string(), seq, by: by.to_string() });
        self.deliver(&frame, |c| matches!(&c.audience, Audience::Employee { actor, .. } if actor.id == employee));
    }

    /// A visitor's own state changed (blocked, unblocked): their widget reloads it.
    pub fn refresh_visitor(&self, user: &str) {
        let frame = encode(&LiveEvent::Refresh);
        self.deliver(&frame, |c| matches!(&c.audience, Audience::Visitor(visitor) if visitor.user == user));
    }

    /// An employee's read position moved: their other tabs clear the counter.
    pub fn publish_read(&self, employee: &str, chat: &str, seq: i64) {
        let frame = encode(&LiveEvent::Read { chat: chat.to_string(), seq });
        self.deliver(&frame, |c| matches!(&c.audience, Audience::Employee { actor, .. } if actor.id == employee));
    }

    /// Offers the frame to each connection `allowed` admits; connections
    /// whose queue is full or closed are dropped.
    fn deliver(&self, frame: &Frame, allowed: impl Fn(&Connection) -> bool) {
        self.deliver_each(|c| allowed(c).then(|| frame.clone()));
    }

    /// Offers each connection the frame `choose` picks for it, if any.
    fn deliver_each(&self, choose: impl Fn(&Connection) -> Option<Frame>) {
        let mut stalled = Vec::new();
        for (id, connection) in self.read().iter() {
            if let Some(frame) = choose(connection) {
                if connection.queue.try_send(frame).is_err() {
                    stalled.push(*id);
                }
            }
        }
        if !stalled.is_empty() {
            let mut connections = self.write();
            for id in stalled {
                connections.remove(&id);
            }
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<u64, Connection>> {
        self.connections.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<u64, Connection>> {
        self.connections.write().unwrap_or_else(|e| e.into_inner())
    }
}
