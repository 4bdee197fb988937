//! Employees as other people see them, and the signed-in employee.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmployeeRef {
    pub id: String,
    pub name: String,
}

/// Colleagues a new chat or meeting starts with, as chosen in its dialog:
/// sorted, once each, without me.
pub fn colleagues(mut chosen: Vec<String>, me: &str) -> Vec<String> {
    chosen.retain(|id| id != me);
    chosen.sort();
    chosen.dedup();
    chosen
}

/// The signed-in employee, as the workspace needs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Named rights granted by the employee's groups (e.g. "chats.delete").
    pub rights: Vec<String>,
    /// P2: at work (true) or on a break.
    pub active: bool,
    /// P1: play a sound for an incoming message / call.
    pub sound_messages: bool,
    pub sound_calls: bool,
}

/// What the login form sends.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// Someone who may be made responsible for a chat (C11): active people
/// first, then those on a break, bots last.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignee {
    pub id: String,
    pub name: String,
    pub email: String,
    pub is_bot: bool,
    /// At work (green) or on a break (red), P2.
    pub active: bool,
    /// Has the Chats window open (a workspace tab connected) right now:
    /// the green dot (C11, «закрытое или открытое окно чатов у оператора»).
    pub online: bool,
}
