//! The one rights model: "may this employee do this to this object". Every
//! server function and the live fan-out ask [`may`]; nothing else decides.

use std::collections::HashSet;

use crate::model::chat::ChatSummary;
use crate::model::meeting::WhoStarts;
use crate::model::room::RoomKind;

/// The named rights the server checks today (the full list with labels is
/// `model::settings::RIGHTS`).
pub mod right {
    /// See the «Удаленные» list, delete and restore chats.
    pub const CHATS_DELETE: &str = "chats.delete";
    /// Block and unblock website visitors (C14, C15).
    pub const BLOCK: &str = "block";
    /// Edit users: their name and custom fields (C7).
    pub const USERS_EDIT: &str = "users.edit";
    /// Edit clients' custom fields (C7).
    pub const CLIENTS_EDIT: &str = "clients.edit";
    /// Merge users into a client and undo it (C7).
    pub const CLIENTS_MERGE: &str = "clients.merge";
    /// Create meetings and manage any meeting: settings, the lobby (R3, R4, C4).
    pub const MEETINGS_MANAGE: &str = "meetings.manage";
    /// Manage the saved replies shared in one's rooms (#14).
    pub const REPLIES_MANAGE: &str = "replies.manage";
    /// Administer the installation.
    pub const ADMIN: &str = "admin";
}

/// A signed-in employee with the rooms and rights their groups grant.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub rights: HashSet<String>,
    pub rooms: HashSet<String>,
    /// Directory topics the groups grant (C12).
    pub topics: HashSet<String>,
}

impl Actor {
    pub fn has(&self, right: &str) -> bool {
        self.rights.contains(right) || self.rights.contains(right::ADMIN)
    }
}

/// What is being done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See it in lists, open it, read its messages.
    View,
    /// Write a message, mark it read.
    Write,
    /// Move to «Удаленные», restore, or erase for good (W6, C18).
    Delete,
    /// Block or unblock the chat's visitor (C14, C15).
    Block,
    /// Edit the chat's user (C7).
    EditUser,
    /// Edit the client of the chat's user (C7).
    EditClient,
    /// Merge the chat's user with others into a client, or undo it (C7).
    MergeClients,
    /// Change the installation's settings (groups, rooms, …).
    Administer,
    /// Create a meeting in a conference or webinar room.
    CreateMeeting,
    /// Join a chat's video call (C3).
    JoinCall,
    /// Start a chat's video call when none is running (C3, C4).
    StartCall,
    /// Change a meeting's settings and admit guests from its lobby (C4).
    ManageMeeting,
    /// Create, change or delete a saved reply (#14).
    ManageReply,
}

/// What it is done to.
#[derive(Clone, Copy, Debug)]
pub enum Object<'a> {
    Room { id: &'a str },
    Chat(&'a ChatSummary),
    /// A chat's meeting: its organiser and who may start its call.
    Meeting { chat: &'a ChatSummary, organiser: Option<&'a str>, who_starts: WhoStarts },
    /// The settings area as a whole.
    Settings,
    /// A saved reply (#14): an employee's own (`owner`), or shared in a `room`.
    SavedReply { owner: Option<&'a str>, room: Option<&'a str> },
}

/// [`may`] as a service check: refused is 403.
pub fn require(actor: &Actor, action: Action, object: Object<'_>) -> Result<(), crate::server::error::ServiceError> {
    if may(actor, action, object) {
        Ok(())
    } else {
        Err(crate::model::problem::Problem::Forbidden.into())
    }
}

/// Settings are for administrators only (403 otherwise).
pub fn administer(actor: &Actor) -> Result<(), crate::server::error::ServiceError> {
    require(actor, Action::Administer, Object::Settings)
}

/// The one answer to "may `actor` do `action` to `object`".
pub fn may(actor: &Actor, action: Action, object: Object<'_>) -> bool {
    if action == Action::Administer {
        return actor.has(right::ADMIN);
    }
    match object {
        Object::Settings => false,
        Object::SavedReply { owner, room } => {
            let own = owner == Some(actor.id.as_str()) && room.is_none();
            let in_my_room = owner.is_none() && room.is_some_and(|r| actor.rooms.contains(r));
            match action {
                Action::View => own || in_my_room,
                Action::ManageReply => own || (in_my_room && actor.has(right::REPLIES_MANAGE)),
                _ => false,
            }
        }
        Object::Room { .. } | Object::Chat(_) | Object::Meeting { .. } if action == Action::ManageReply => false,
        Object::Room { id } if action == Action::CreateMeeting => actor.rooms.contains(id) && actor.has(right::MEETINGS_MANAGE),
        Object::Room { id } => actor.rooms.contains(id),
        Object::Meeting { chat, organiser, who_starts } => {
            // Calls are for employees' chats: internal, conferences, webinars.
            let joins = chat.room_kind != RoomKind::Client && !chat.deleted && may(actor, Action::View, Object::Chat(chat));
            let manages = organiser == Some(actor.id.as_str()) || actor.has(right::MEETINGS_MANAGE);
            match action {
                Action::View | Action::JoinCall => joins,
                Action::StartCall => joins && (who_starts == WhoStarts::Participants || manages),
                Action::ManageMeeting => joins && chat.room_kind != RoomKind::Internal && manages,
                _ => false,
            }
        }
        Object::Chat(_) if matches!(action, Action::CreateMeeting | Action::JoinCall | Action::StartCall | Action::ManageMeeting) => false,
        Object::Chat(chat) => {
            let involved = chat.involves(&actor.id);
            // Internal chats are private to their participants.
            // A chat with a directory topic needs that topic too (C12).
            let by_room = chat.room_kind != RoomKind::Internal
                && actor.rooms.contains(&chat.room)
                && chat.topic_id.as_ref().is_none_or(|t| actor.topics.contains(t));
            let sees = involved || by_room;
            // Acting on the chat's visitor: a named right, and a chat with one.
            let visitor_right = match action {
                Action::Block => Some(right::BLOCK),
                Action::EditUser => Some(right::USERS_EDIT),
                Action::EditClient => Some(right::CLIENTS_EDIT),
                Action::MergeClients => Some(right::CLIENTS_MERGE),
                _ => None,
            };
            if let Some(needed) = visitor_right {
                return sees && !chat.deleted && chat.user.is_some() && actor.has(needed);
            }
            if action == Action::Delete || chat.deleted {
                // A deleted chat can only be seen, restored or erased, and
                // only with the right to view and delete chats.
                return sees && matches!(action, Action::View | Action::Delete) && actor.has(right::CHATS_DELETE);
            }
            sees
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::employee::EmployeeRef;

    fn actor(rooms: &[&str], rights: &[&str]) -> Actor {
        Actor {
            id: "ann".into(),
            name: "Ann".into(),
            rights: rights.iter().map(|s| s.to_string()).collect(),
            rooms: rooms.iter().map(|s| s.to_string()).collect(),
            topics: ["billing".to_string()].into(),
        }
    }

    fn chat(room: &str, kind: RoomKind, participant: bool, deleted: bool) -> ChatSummary {
        chat_with_topic(room, kind, participant, deleted, None)
    }

    fn chat_with_topic(room: &str, kind: RoomKind, participant: bool, deleted: bool, topic: Option<&str>) -> ChatSummary {
        ChatSummary {
            id: "c1".into(),
            topic: topic.map(String::from),
            topic_id: topic.map(String::from),
            client_name: Some("Visitor".into()),
            participants: if participant { vec![EmployeeRef { id: "ann".into(), name: "Ann".into() }] } else { vec![] },
            deleted,
            ..ChatSummary::sample(room, kind)
        }
    }

    #[test]
    fn rights_table() {
        use Action::*;
        use RoomKind::*;
        // (room access, rights, chat kind, participant, deleted, action, expected)
        let table: &[(&[&str], &[&str], RoomKind, bool, bool, Action, bool)] = &[
            (&["r1"], &[], Client, false, false, View, true),
            (&["r1"], &[], Client, false, false, Write, true),
            (&[], &[], Client, false, false, View, false),
            (&[], &[], Client, true, false, View, true),
            (&["r1"], &[], Internal, false, false, View, false),
            (&["r1"], &[], Internal, true, false, Write, true),
            (&["r1"], &[], Client, false, true, View, false),
            (&["r1"], &[right::CHATS_DELETE], Client, false, true, View, true),
            (&["r1"], &[right::CHATS_DELETE], Client, false, true, Write, false),
            (&[], &[right::ADMIN], Client, false, true, View, false),
            (&["r1"], &[right::ADMIN], Client, false, true, View, true),
            (&["r1"], &[], Client, false, false, Delete, false),
            (&["r1"], &[right::CHATS_DELETE], Client, false, false, Delete, true),
            (&["r1"], &[right::CHATS_DELETE], Client, false, true, Delete, true),
            (&[], &[right::CHATS_DELETE], Client, false, true, Delete, false),
            (&["r1"], &[right::CHATS_DELETE], Internal, false, false, Delete, false),
        ];
        for (i, (rooms, rights, kind, participant, deleted, action, expected)) in table.iter().enumerate() {
            let c = chat("r1", *kind, *participant, *deleted);
            assert_eq!(may(&actor(rooms, rights), *action, Object::Chat(&c)), *expected, "row {i}");
        }
        // Topics (C12): a granted topic or none is seen by room; another
        // topic only by those who take part in the chat.
        let topic_table: &[(Option<&str>, bool, bool)] = &[
            (None, false, true),
            (Some("billing"), false, true),
            (Some("delivery"), false, false),
            (Some("delivery"), true, true),
        ];
        for (i, (topic, participant, expected)) in topic_table.iter().enumerate() {
            let c = chat_with_topic("r1", Client, *participant, false, *topic);
            assert_eq!(may(&actor(&["r1"], &[]), View, Object::Chat(&c)), *expected, "topic row {i}");
            assert_eq!(may(&actor(&["r1"], &[right::ADMIN]), Write, Object::Chat(&c)), *expected, "admin topic row {i}");
        }
        // Block (C14): the right, a visitor in the chat, and sight of it.
        let mut with_visitor = chat("r1", Client, false, false);
        with_visitor.user = Some("u1".into());
        assert!(may(&actor(&["r1"], &[right::BLOCK]), Block, Object::Chat(&with_visitor)));
        assert!(may(&actor(&["r1"], &[right::ADMIN]), Block, Object::Chat(&with_visitor)));
        assert!(!may(&actor(&["r1"], &[]), Block, Object::Chat(&with_visitor)));
        assert!(!may(&actor(&[], &[right::BLOCK]), Block, Object::Chat(&with_visitor)));
        assert!(!may(&actor(&["r1"], &[right::BLOCK]), Block, Object::Chat(&chat("r1", Internal, true, false))));
        for (action, needed) in [(EditUser, right::USERS_EDIT), (EditClient, right::CLIENTS_EDIT), (MergeClients, right::CLIENTS_MERGE)] {
            assert!(may(&actor(&["r1"], &[needed]), action, Object::Chat(&with_visitor)), "{action:?}");
            assert!(!may(&actor(&["r1"], &[right::BLOCK]), action, Object::Chat(&with_visitor)), "{action:?}");
        }
        assert!(may(&actor(&["r1"], &[]), View, Object::Room { id: "r1" }));
        assert!(may(&actor(&[], &[right::ADMIN]), Administer, Object::Settings));
        assert!(!may(&actor(&["r1"], &[right::CHATS_DELETE]), Administer, Object::Settings));
        assert!(!may(&actor(&["r1"], &[]), View, Object::Settings));
        assert!(!may(&actor(&["r2"], &[]), View, Object::Room { id: "r1" }));
    }

    #[test]
    fn saved_replies_are_their_owner_s_or_their_room_s() {
        use Action::*;
        let (plain, manager) = (actor(&["r1"], &[]), actor(&["r1"], &[right::REPLIES_MANAGE]));
        let own = Object::SavedReply { owner: Some("ann"), room: None };
        let other = Object::SavedReply { owner: Some("bob"), room: None };
        let shared = Object::SavedReply { owner: None, room: Some("r1") };
        let elsewhere = Object::SavedReply { owner: None, room: Some("r2") };
        assert!(may(&plain, View, own) && may(&plain, ManageReply, own));
        assert!(!may(&manager, View, other) && !may(&manager, ManageReply, other));
        assert!(may(&plain, View, shared) && !may(&plain, ManageReply, shared));
        assert!(may(&manager, ManageReply, shared));
        assert!(!may(&manager, View, elsewhere) && !may(&manager, ManageReply, elsewhere));
        assert!(!may(&manager, Delete, shared), "only viewing and managing apply");
        assert!(!may(&manager, ManageReply, Object::Room { id: "r1" }), "the action is about replies only");
    }
}
