//! Server functions: thin wrappers that check the session and call `server/`.

pub mod audit;
pub mod auth;
pub mod blocks;
pub mod calls;
pub mod chat_actions;
pub mod chats;
pub mod client_panel;
pub mod clients;
pub mod directory;
pub mod filter;
pub mod groups;
pub mod internal_chats;
pub mod live;
pub mod meetings;
pub mod messages;
pub mod participants;
pub mod profile;
pub mod room_settings;
pub mod rooms;
pub mod sources;
pub mod staff;
pub mod users;
pub mod visitor;

#[cfg(feature = "server")]
mod guard;

/// The message of an error returned by a server function, for people.
pub fn error_text(error: &dioxus::prelude::ServerFnError) -> String {
    use dioxus::prelude::ServerFnError;
    match error {
        ServerFnError::ServerError { message, .. } => message.clone(),
        ServerFnError::Request(_) => "Нет связи с сервером".to_string(),
        other => other.to_string(),
    }
}

/// The HTTP status of an error returned by a server function, if it has one.
pub fn error_status(error: &dioxus::prelude::ServerFnError) -> Option<u16> {
    match error {
        dioxus::prelude::ServerFnError::ServerError { code, .. } => Some(*code),
        _ => None,
    }
}
