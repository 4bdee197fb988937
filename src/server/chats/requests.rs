//! Creation requests: the browser's key for a new chat is only an idempotency
//! token (per employee); the chat's own key is always made by the server.

use surrealdb::types::RecordId;

use crate::server::clock::new_key;
use crate::model::chat::ChatSummary;
use crate::model::problem::Problem;
use crate::server::chats::summary::summary;
use crate::server::error::ServiceResult;
use crate::server::rights::Actor;
use crate::server::state::AppState;
use crate::server::store::records::{key, record};

/// One employee's request to create a chat, and the key a first attempt gives it.
pub(crate) struct Request {
    /// `chat_request` record: created in the same transaction as the chat.
    pub id: RecordId,
    /// The key of the chat this attempt creates (made here, never the token).
    pub chat: String,
}

/// The request for `token` from `employee`. The token must look like a key
/// (it came from the browser), so it cannot point anywhere else.
pub(crate) fn request(employee: &str, token: &str) -> ServiceResult<Request> {
    record("chat_request", token)?;
    Ok(Request { id: RecordId::new("chat_request", format!("{employee}_{token}")), chat: new_key() })
}

/// The chat an earlier attempt with the same request made, if any.
pub(crate) async fn made_before(state: &AppState, request: &Request) -> ServiceResult<Option<String>> {
    let chat: Option<RecordId> = state.db.query("SELECT VALUE chat FROM ONLY $request").bind(("request", request.id.clone())).await?.check()?.take(0)?;
    Ok(chat.as_ref().map(key))
}

/// The chat an earlier attempt with the same key made: returned again when it
/// is the same dialog (a retried «Создать»), refused when the key was reused.
pub(crate) async fn earlier(state: &AppState, actor: &Actor, chat: &str, room: &str) -> ServiceResult<ChatSummary> {
    match summary(state, chat).await? {
        Some(existing) if existing.room == room && existing.involves(&actor.id) => Ok(existing),
        _ => Err(Problem::Forbidden.into()),
    }
}
