//! Chat statuses as the database holds them: one row shape for the chat
//! menu's choice (C10) and the administrator's directory (S5).

use surrealdb::types::{RecordId, SurrealValue};

use crate::model::chat::StatusRef;
use crate::model::directory::Status;
use crate::server::error::ServiceResult;
use crate::server::state::AppState;
use crate::server::store::db::rows;
use crate::server::store::records::key;

/// The fields every status query selects, in [`StatusRow`]'s shape (a macro,
/// so queries are `concat!`s of constants).
#[macro_export]
macro_rules! status_fields {
    () => {
        "id, name, color, closed, is_default, remove_responsible, message, move_to_room, move_to_room.kind AS move_to_kind, position"
    };
}

/// A status row; `move_to_kind` is the kind of the room it moves chats into.
#[derive(SurrealValue)]
pub(crate) struct StatusRow {
    pub id: RecordId,
    pub name: String,
    pub color: String,
    pub closed: bool,
    pub is_default: bool,
    pub remove_responsible: bool,
    pub message: Option<String>,
    pub move_to_room: Option<RecordId>,
    pub move_to_kind: Option<String>,
    pub position: i64,
}

impl From<StatusRow> for Status {
    fn from(r: StatusRow) -> Self {
        Status {
            id: key(&r.id),
            name: r.name,
            color: r.color,
            closed: r.closed,
            is_default: r.is_default,
            remove_responsible: r.remove_responsible,
            message: r.message,
            move_to_room: r.move_to_room.as_ref().map(key),
            position: r.position,
        }
    }
}

impl From<StatusRow> for StatusRef {
    fn from(r: StatusRow) -> Self {
        StatusRef { id: key(&r.id), name: r.name, color: r.color, closed: r.closed }
    }
}

/// Every status in the administrator's order.
pub(crate) async fn all(state: &AppState) -> ServiceResult<Vec<StatusRow>> {
    let mut response = state.db.query(concat!("SELECT ", crate::status_fields!(), " FROM chat_status ORDER BY position, name")).await?;
    rows(&mut response, 0)
}

/// The statuses an employee may choose from (C10), in order.
pub async fn statuses(state: &AppState) -> ServiceResult<Vec<StatusRef>> {
    Ok(all(state).await?.into_iter().map(StatusRef::from).collect())
}
