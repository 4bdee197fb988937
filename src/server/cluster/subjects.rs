//! Bus subjects by audience (#17): an event for one employee, one chat's
//! viewers or one visitor goes to that audience's subject, and each node
//! subscribes only to the audiences its own connections make up, following
//! them as tabs open, close and show another chat. Events for everyone
//! (presence, ended sessions, rights, calls, the limits) go to one subject
//! every node hears.

use std::collections::{HashMap, HashSet};

use crate::server::cluster::bus::BusEvent;
use crate::server::state::AppState;

/// Every node subscribes here.
pub const BROADCAST: &str = "chats.events";

/// An audience a node's connections make up.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Interest {
    /// An employee's own events (reads, mentions).
    Employee(String),
    /// What those who show a chat see (typing).
    Chat(String),
    /// A visitor's own events (typing in their chats, a refresh).
    User(String),
}

impl Interest {
    /// Its subject; none for a key that is not a plain subject token.
    pub fn subject(&self) -> Option<String> {
        let (prefix, key) = match self {
            Interest::Employee(key) => ("chats.employee.", key),
            Interest::Chat(key) => ("chats.chat.", key),
            Interest::User(key) => ("chats.user.", key),
        };
        let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        plain.then(|| [prefix, key].concat())
    }
}

/// Whether this node hears `interest`'s subject now (it subscribes a moment
/// after a connection makes it up; tests wait for it).
pub fn follows(state: &AppState, interest: &Interest) -> bool {
    interest.subject().is_some_and(|subject| state.bus.followed.lock().unwrap_or_else(|e| e.into_inner()).contains(&subject))
}

/// The subjects `event` goes to.
pub fn subjects_of(event: &BusEvent) -> Vec<String> {
    let audiences = match event {
        BusEvent::Typing { chat, user, by_employee, note, .. } => {
            let mut audiences = vec![Interest::Chat(chat.clone())];
            // The visitor sees staff typing in their chat, never a note's.
            if let (Some(user), true, false) = (user, by_employee, note) {
                audiences.push(Interest::User(user.clone()));
            }
            audiences
        }
        BusEvent::Read { employee, .. } | BusEvent::Mention { employee, .. } => vec![Interest::Employee(employee.clone())],
        BusEvent::VisitorRefresh { user } => vec![Interest::User(user.clone())],
        _ => return vec![BROADCAST.to_string()],
    };
    let subjects: Option<Vec<String>> = audiences.iter().map(Interest::subject).collect();
    subjects.unwrap_or_else(|| vec![BROADCAST.to_string()])
}

/// Follows this node's audiences for as long as the server runs: subscribes
/// to each new one at once, and drops those nobody here makes up any more
/// (checked every second, and whenever a connection opens or shows a chat).
pub fn follow(state: &AppState, client: async_nats::Client) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut followed: HashMap<String, tokio::task::AbortHandle> = HashMap::new();
        loop {
            tokio::select! {
                _ = state.hub.interests_changed.notified() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
            }
            let wanted: HashSet<String> = state.hub.interests().iter().filter_map(Interest::subject).collect();
            followed.retain(|subject, task| {
                let keep = wanted.contains(subject);
                if !keep {
                    task.abort();
                }
                keep
            });
            let mut added = false;
            for subject in wanted {
                if followed.contains_key(&subject) {
                    continue;
                }
                match client.subscribe(subject.clone()).await {
                    Ok(subscriber) => {
                        let task = tokio::spawn(crate::server::cluster::bus::receive(state.clone(), subscriber));
                        followed.insert(subject, task.abort_handle());
                        added = true;
                    }
                    Err(error) => tracing::warn!("bus: subscribing to {subject} failed: {error}"),
                }
            }
            if added {
                let _ = client.flush().await;
            }
            *state.bus.followed.lock().unwrap_or_else(|e| e.into_inner()) = followed.keys().cloned().collect();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_go_to_their_audience_and_odd_keys_to_everyone() {
        let typing = |note| BusEvent::Typing { chat: "vabc".into(), user: Some("abc".into()), name: "Анна".into(), sender: Some("anna".into()), by_employee: true, note };
        assert_eq!(subjects_of(&typing(false)), vec!["chats.chat.vabc".to_string(), "chats.user.abc".to_string()]);
        assert_eq!(subjects_of(&typing(true)), vec!["chats.chat.vabc".to_string()], "a note's typing never reaches the visitor's node");
        let read = BusEvent::Read { employee: "anna".into(), chat: "vabc".into(), seq: 3 };
        assert_eq!(subjects_of(&read), vec!["chats.employee.anna".to_string()]);
        assert_eq!(subjects_of(&BusEvent::RightsChanged), vec![BROADCAST.to_string()]);
        let odd = BusEvent::VisitorRefresh { user: "a.b".into() };
        assert_eq!(subjects_of(&odd), vec![BROADCAST.to_string()]);
    }
}
