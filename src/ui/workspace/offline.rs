//! The last known workspace, kept in this browser (#13): who is signed in,
//! the rooms and the latest chats, so that the workspace opens without a
//! network (the service worker serves its page) and the outbox can take
//! what is written meanwhile. Forgotten on signing out.

use dioxus::prelude::*;
use serde::{Deserialize, Serialize};

use super::store::Store;
use crate::model::chat::ChatRow;
use crate::model::lists::{ChatCounts, RoomCounts};
use crate::model::employee::Me;
use crate::model::room::Room;
use crate::ui::browser::{sleep_ms, storage_get, storage_remove, storage_set};

const ME_KEY: &str = "chats.me";
/// The most chats kept: the most recently active ones.
const KEPT_CHATS: usize = 300;

#[derive(Serialize, Deserialize)]
struct Snapshot {
    rooms: Vec<Room>,
    chats: Vec<ChatRow>,
    /// Every room's counters as last known (#12).
    #[serde(default)]
    counts: std::collections::BTreeMap<String, RoomCounts>,
}

fn snapshot_key(employee: &str) -> String {
    format!("chats.snapshot.{employee}")
}

/// Remembers who signed in, for opening the workspace offline.
pub fn remember_me(me: &Me) {
    if let Ok(text) = serde_json::to_string(me) {
        storage_set(ME_KEY, &text);
    }
}

/// The employee last signed in on this browser, if any.
pub fn cached_me() -> Option<Me> {
    storage_get(ME_KEY).and_then(|text| serde_json::from_str(&text).ok())
}

/// Forgets everything kept (signing out, or the session ended).
pub fn forget(employee: &str) {
    storage_remove(ME_KEY);
    storage_remove(&snapshot_key(employee));
}

/// Fills an empty workspace from the last snapshot, then keeps the
/// snapshot current (at most every 3 s) while the workspace is open.
pub fn use_snapshot(store: Store) {
    use_hook(move || {
        let employee = store.me.peek().id.clone();
        let Some(snapshot) = storage_get(&snapshot_key(&employee)).and_then(|t| serde_json::from_str::<Snapshot>(&t).ok()) else { return };
        if store.rooms.peek().is_empty() {
            let mut rooms = store.rooms;
            rooms.set(snapshot.rooms);
            store.replace_chats(snapshot.chats);
            store.set_counts(ChatCounts { stamp: 0, rooms: snapshot.counts });
            if let Some(first) = store.rooms.peek().first().map(|r| r.id.clone()) {
                store.select_room(&first);
            }
        }
    });
    let mut pending = use_signal(|| false);
    use_effect(move || {
        // Any change of the rooms or chats schedules a save.
        let _ = (store.rooms.read().len(), store.chats.read().len());
        let _ = store.chats.read().values().map(|r| r.chat.rev + r.read_seq).sum::<i64>();
        let _ = store.counts.read().rooms.len();
        if *pending.peek() {
            return;
        }
        pending.set(true);
        spawn(async move {
            sleep_ms(3_000).await;
            pending.set(false);
            save(store);
        });
    });
}

fn save(store: Store) {
    let employee = store.me.peek().id.clone();
    let rooms = store.rooms.peek().clone();
    if rooms.is_empty() {
        return;
    }
    let mut chats: Vec<ChatRow> = store.chats.peek().values().cloned().collect();
    chats.sort_by_key(|row| std::cmp::Reverse(row.chat.last.as_ref().map_or(row.chat.created_ms, |l| l.at_ms)));
    chats.truncate(KEPT_CHATS);
    let counts = store.counts.peek().rooms.iter().map(|(room, (_, counts))| (room.clone(), *counts)).collect();
    if let Ok(text) = serde_json::to_string(&Snapshot { rooms, chats, counts }) {
        storage_set(&snapshot_key(&employee), &text);
    }
}
