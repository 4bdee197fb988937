//! Server functions: thin wrappers that check the session and call `server/`.

pub mod admin;
pub mod chats;
pub mod live;
pub mod meetings;
pub mod people;

#[cfg(feature = "server")]
pub mod extract;

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
