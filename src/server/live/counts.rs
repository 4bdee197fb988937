//! Each workspace's counters (#12), kept as they change and sent when they
//! do: after a chat changes, to the employees who saw it before or see it
//! now; after a read, to the reader. Counted once from the chat index for a
//! tab that loads them, then moved by each change's difference, so a change
//! costs the same in a room of ten chats or of a hundred thousand.

use std::collections::HashMap;

use crate::model::chat::ChatSummary;
use crate::model::lists::{ChatCounts, RoomCounts};
use crate::server::error::ServiceResult;
use crate::server::rights::{may, Action, Actor, Object};
use crate::server::state::AppState;

/// The counters held, by (employee, room): what their tabs show now.
type Held = HashMap<(String, String), RoomCounts>;

/// Reads an employee's read positions into the index once, before their
/// first counters are counted (a tab connecting, or a list asked for).
pub async fn ensure_reads(state: &AppState, actor: &Actor) -> ServiceResult<()> {
    if !state.chat_index.has_reads(&actor.id) {
        let reads = crate::server::chats::summary::read_positions(state, actor).await?;
        state.chat_index.set_reads(&actor.id, reads);
    }
    Ok(())
}

/// [`ensure_reads`] for a tab that connects. With other nodes, a read made
/// on one of them may not have reached this one (the bus delivers at most
/// once), so the positions are read again, as a reconnecting tab's messages
/// are caught up by sequence number.
pub async fn reads_on_connect(state: &AppState, actor: &Actor) -> ServiceResult<()> {
    if state.bus.is_on() {
        let reads = crate::server::chats::summary::read_positions(state, actor).await?;
        state.chat_index.set_reads(&actor.id, reads);
        return Ok(());
    }
    ensure_reads(state, actor).await
}

/// A new copy of a chat from the database: the index keeps it (unless it
/// holds a newer one, `Err`), and the counters of everyone connected who saw
/// the old copy or sees the new one move by the difference. The copy it
/// replaced, if any.
pub fn chat_updated(state: &AppState, chat: ChatSummary) -> Result<Option<ChatSummary>, ()> {
    let mut held = held(state);
    let previous = state.chat_index.update(chat.clone())?;
    moved(state, &mut held, previous.as_ref(), Some(&chat));
    Ok(previous)
}

/// A chat erased: it leaves the index and the counters.
pub fn chat_erased(state: &AppState, chat: &str) -> Option<ChatSummary> {
    let mut held = held(state);
    let gone = state.chat_index.remove(chat)?;
    moved(state, &mut held, Some(&gone), None);
    Some(gone)
}

/// Every chat read again (the fan-out subscribed anew): the counters held
/// are counted afresh when next needed.
pub fn reloaded(state: &AppState, chats: Vec<ChatSummary>) {
    let mut held = held(state);
    state.chat_index.load(chats);
    held.clear();
}

/// An employee read `chat` up to `seq` (stored): the index keeps it, their
/// other tabs clear the chat's unread mark and get the room's counters; the
/// other nodes are told.
pub fn read(state: &AppState, employee: &str, chat: &str, seq: i64) {
    read_here(state, employee, chat, seq);
    state.bus.publish(crate::server::cluster::bus::BusEvent::Read { employee: employee.to_string(), chat: chat.to_string(), seq });
}

/// A read on this node or another: this node's index and tabs follow.
pub fn read_here(state: &AppState, employee: &str, chat: &str, seq: i64) {
    {
        let mut held = held(state);
        let before = state.chat_index.set_read(employee, chat, seq);
        if let Some(summary) = state.chat_index.get(chat).filter(|_| before < seq) {
            for actor in state.hub.employee_actors(|actor| actor.id == employee) {
                let was = contribution(&actor, &summary, before);
                let now = contribution(&actor, &summary, seq.max(before));
                shift(state, &mut held, &actor, &summary.room, &was, &now);
            }
        }
    }
    state.hub.publish_read(employee, chat, seq);
}

/// Every room's counters for `actor`, for a tab that loads them: counted
/// over the index, and held from now on.
pub async fn all(state: &AppState, actor: &Actor) -> ServiceResult<ChatCounts> {
    state.chat_index.ready().await;
    ensure_reads(state, actor).await?;
    let mut held = held(state);
    let (stamp, rooms) = state.chat_index.counts(actor);
    held.retain(|(who, _), _| who != &actor.id);
    for (room, counts) in &rooms {
        held.insert((actor.id.clone(), room.clone()), *counts);
    }
    Ok(ChatCounts { stamp, rooms })
}

/// A tab connected or its rights changed: its employee's counters are
/// counted afresh when next needed.
pub fn forget_sent(state: &AppState, employee: &str) {
    held(state).retain(|(who, _), _| who != employee);
}

/// What `chat` adds to `actor`'s counters of its room (nothing if they may not see it).
fn contribution(actor: &Actor, chat: &ChatSummary, read_seq: i64) -> RoomCounts {
    let mut counts = RoomCounts::default();
    if may(actor, Action::View, Object::Chat(chat)) {
        counts.add(chat, chat.last_seq > read_seq, &actor.id);
    }
    counts
}

/// A chat went from `previous` to `current`: each connected employee who
/// may see either copy has the difference applied in the rooms involved.
fn moved(state: &AppState, held: &mut Held, previous: Option<&ChatSummary>, current: Option<&ChatSummary>) {
    let copies: Vec<&ChatSummary> = previous.into_iter().chain(current).collect();
    if copies.is_empty() {
        return;
    }
    let actors = state.hub.employee_actors(|actor| copies.iter().any(|chat| may(actor, Action::View, Object::Chat(chat))));
    for actor in actors {
        let read_seq = state.chat_index.read_seq(&actor.id, &copies[0].id);
        let none = RoomCounts::default();
        match (previous, current) {
            (Some(p), Some(c)) if p.room == c.room => {
                shift(state, held, &actor, &c.room, &contribution(&actor, p, read_seq), &contribution(&actor, c, read_seq));
            }
            _ => {
                if let Some(p) = previous {
                    shift(state, held, &actor, &p.room, &contribution(&actor, p, read_seq), &none);
                }
                if let Some(c) = current {
                    shift(state, held, &actor, &c.room, &none, &contribution(&actor, c, read_seq));
                }
            }
        }
    }
}

/// Moves `actor`'s counters of `room` from `was` to `now` and sends them if
/// they changed. Counters not held are counted over the index (which holds
/// the change already) and sent.
fn shift(state: &AppState, held: &mut Held, actor: &Actor, room: &str, was: &RoomCounts, now: &RoomCounts) {
    if was == now {
        return;
    }
    let key = (actor.id.clone(), room.to_string());
    let (stamp, counts) = match held.get(&key) {
        Some(counts) => {
            let mut counts = *counts;
            counts.remove(was);
            counts.include(now);
            (state.chat_index.stamp(), counts)
        }
        None => state.chat_index.room_counts(actor, room),
    };
    if held.get(&key) != Some(&counts) {
        state.hub.publish_counts(&actor.id, room, counts, stamp);
        held.insert(key, counts);
    }
}

/// The counters held, locked: the index changes under this lock too, so a
/// difference is always applied to counters of the state before it.
fn held(state: &AppState) -> std::sync::MutexGuard<'_, Held> {
    state.chat_index.counting.lock().unwrap_or_else(|e| e.into_inner())
}
