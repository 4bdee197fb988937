//! Server functions: thin wrappers that check the session and call `server/`.

pub mod admin;
pub mod chats;
pub mod live;
pub mod meetings;
pub mod people;

#[cfg(feature = "server")]
pub mod extract;

use crate::model::problem::Problem;

/// Why a server function failed, as the server said it (`details`), or
/// [`Problem::NoConnection`] when the request did not get through; anything
/// else (an answer that cannot be read) is [`Problem::Internal`].
pub fn problem_of(error: &dioxus::prelude::ServerFnError) -> Problem {
    use dioxus::prelude::ServerFnError;
    match error {
        ServerFnError::ServerError { details: Some(details), .. } => {
            serde_json::from_value(details.clone()).unwrap_or(Problem::Internal)
        }
        ServerFnError::Request(_) | ServerFnError::StreamError(_) => Problem::NoConnection,
        _ => Problem::Internal,
    }
}
