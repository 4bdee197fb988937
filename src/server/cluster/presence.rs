//! Presence across nodes (#17): an employee is online while any node holds a
//! workspace tab of theirs. Each node keeps an entry per employee it holds,
//! `<employee>.<node>` in the shared `chats_presence` bucket, renewed while
//! the tab stays; a node that dies stops renewing, and its entries lapse.
//! Every node compares the bucket with what it last saw and tells its own
//! tabs who came and went, so a dead node's people go offline too.

use std::collections::HashSet;
use std::sync::Mutex;

use futures::StreamExt;

use crate::server::cluster::shared::PRESENCE_TTL;
use crate::server::state::AppState;

/// Who the bucket said was online at the last look.
#[derive(Default)]
pub struct SeenOnline(Mutex<HashSet<String>>);

fn entry_key(employee: &str, node: &str) -> String {
    [employee, ".", node].concat()
}

/// The employees with a tab on any node (on this one alone without a bus).
pub async fn online(state: &AppState) -> HashSet<String> {
    let mut online = state.hub.online_employees();
    online.extend(in_bucket(state).await.unwrap_or_default());
    online
}

async fn in_bucket(state: &AppState) -> Option<HashSet<String>> {
    let shared = state.bus.shared.as_ref()?;
    let mut keys = shared.presence.keys().await.ok()?;
    let mut employees = HashSet::new();
    while let Some(Ok(key)) = keys.next().await {
        if let Some((employee, _node)) = key.split_once('.') {
            employees.insert(employee.to_string());
        }
    }
    Some(employees)
}

/// `employee`'s first tab on this node opened: online everywhere.
pub async fn tab_here(state: &AppState, employee: &str) {
    if let Some(shared) = state.bus.shared.as_ref() {
        if let Err(error) = shared.presence.put(entry_key(employee, &state.node), "1".into()).await {
            tracing::warn!("presence: {employee} not shared: {error}");
        }
    }
    crate::server::cluster::bus::presence(state, employee, Some(true), None);
}

/// `employee`'s last tab on this node closed: offline, unless a tab of
/// theirs is open on another node.
pub async fn no_tab_here(state: &AppState, employee: &str) {
    if let Some(shared) = state.bus.shared.as_ref() {
        let _ = shared.presence.delete(entry_key(employee, &state.node)).await;
        let elsewhere = match shared.presence.keys().await {
            Ok(keys) => {
                let keys: Vec<String> = keys.filter_map(|k| async move { k.ok() }).collect().await;
                keys.iter().any(|k| k.split_once('.').is_some_and(|(e, _)| e == employee))
            }
            Err(_) => false,
        };
        if elsewhere {
            return;
        }
    }
    crate::server::cluster::bus::presence(state, employee, Some(false), None);
}

/// Renews this node's entries, and tells this node's tabs of people whose
/// entries lapsed (their node died) or appeared unannounced. Runs while the
/// bus is on.
pub fn spawn_renewal(state: &AppState) {
    let Some(shared) = state.bus.shared.as_ref() else { return };
    let (state, store) = (state.clone(), shared.presence.clone());
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(PRESENCE_TTL / 3).await;
            for employee in state.hub.online_employees() {
                if let Err(error) = store.put(entry_key(&employee, &state.node), "1".into()).await {
                    tracing::warn!("presence: renewing {employee} failed: {error}");
                }
            }
            let Some(now) = in_bucket(&state).await else { continue };
            let before = std::mem::replace(&mut *state.bus.seen_online.0.lock().unwrap_or_else(|e| e.into_inner()), now.clone());
            for gone in before.difference(&now) {
                if !state.hub.has_employee(gone) {
                    state.hub.publish_presence(gone, Some(false), None);
                }
            }
        }
    });
}
