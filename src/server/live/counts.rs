//! Each workspace's counters (#12), sent as they change: after a chat
//! changes, to the employees who saw it before or see it now; after a read,
//! to the reader. Counted from the chat index, never by the browser.

use std::collections::HashMap;

use crate::model::chat::ChatSummary;
use crate::model::lists::ChatCounts;
use crate::server::error::ServiceResult;
use crate::server::rights::{may, Action, Actor, Object};
use crate::server::state::AppState;

/// Reads an employee's read positions into the index once, before their
/// first counters are counted (a tab connecting, or a list asked for).
pub async fn ensure_reads(state: &AppState, actor: &Actor) -> ServiceResult<()> {
    if !state.chat_index.has_reads(&actor.id) {
        let reads = crate::server::chats::summary::read_positions(state, actor).await?;
        state.chat_index.set_reads(&actor.id, reads);
    }
    Ok(())
}

/// A chat changed from `previous` to `current` (or was erased): the rooms
/// involved get counted again for everyone connected who may see either copy.
pub fn chat_changed(state: &AppState, current: Option<&ChatSummary>, previous: Option<&ChatSummary>) {
    let copies: Vec<&ChatSummary> = current.into_iter().chain(previous).collect();
    let Some(first) = copies.first() else { return };
    let mut rooms = vec![first.room.clone()];
    for copy in &copies {
        if !rooms.contains(&copy.room) {
            rooms.push(copy.room.clone());
        }
    }
    let actors = state.hub.employee_actors(|actor| copies.iter().any(|chat| may(actor, Action::View, Object::Chat(chat))));
    send(state, &actors, &rooms);
}

/// An employee read `chat` up to `seq` (stored): the index keeps it, their
/// other tabs clear the chat's unread mark, and get the room's counters again.
pub fn read(state: &AppState, employee: &str, chat: &str, seq: i64) {
    read_here(state, employee, chat, seq);
    state.bus.publish(crate::server::cluster::bus::BusEvent::Read { employee: employee.to_string(), chat: chat.to_string(), seq });
}

/// A read on this node or another: this node's index and tabs follow.
pub fn read_here(state: &AppState, employee: &str, chat: &str, seq: i64) {
    state.chat_index.set_read(employee, chat, seq);
    state.hub.publish_read(employee, chat, seq);
    read_moved(state, employee, chat);
}

fn read_moved(state: &AppState, employee: &str, chat: &str) {
    let Some(room) = state.chat_index.get(chat).map(|c| c.room) else { return };
    let actors = state.hub.employee_actors(|actor| actor.id == employee);
    send(state, &actors, &[room]);
}

/// A tab connected or its rights changed: what was sent to its employee
/// before is no longer known to be on their screen.
pub fn forget_sent(state: &AppState, employee: &str) {
    sent(state).retain(|(who, _), _| who != employee);
}

/// Every room's counters for `actor`, for a tab that loads them; they are
/// what its employee's tabs now show, as far as sending goes.
pub async fn all(state: &AppState, actor: &Actor) -> ServiceResult<ChatCounts> {
    state.chat_index.ready().await;
    ensure_reads(state, actor).await?;
    let mut sent = sent(state);
    let (stamp, rooms) = state.chat_index.counts(actor);
    sent.retain(|(who, _), _| who != &actor.id);
    for (room, counts) in &rooms {
        sent.insert((actor.id.clone(), room.clone()), *counts);
    }
    Ok(ChatCounts { stamp, rooms })
}

fn send(state: &AppState, actors: &[Actor], rooms: &[String]) {
    if actors.is_empty() {
        return;
    }
    // Counted and sent under one lock: two counts of a room reach a tab in
    // the order they were counted.
    let mut sent = sent(state);
    for actor in actors {
        for room in rooms {
            let (stamp, counts) = state.chat_index.room_counts(actor, room);
            let key = (actor.id.clone(), room.clone());
            // A room never sent counts as zeros, as a tab that loaded them has it.
            if sent.get(&key).copied().unwrap_or_default() != counts {
                state.hub.publish_counts(&actor.id, room, counts, stamp);
                sent.insert(key, counts);
            }
        }
    }
}

fn sent(state: &AppState) -> std::sync::MutexGuard<'_, HashMap<(String, String), crate::model::lists::RoomCounts>> {
    state.chat_index.counting.lock().unwrap_or_else(|e| e.into_inner())
}
