//! Rooms: what the rooms column lists for an employee.

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::store::db::{first, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::{key, record};
use crate::server::rights::{may, Action, Actor, Object};
use crate::server::state::AppState;
use crate::model::problem::Thing;
use crate::model::room::{Room, RoomKind};

/// A room row as every room query selects it.
#[derive(SurrealValue)]
pub(crate) struct RoomRow {
    pub id: RecordId,
    pub name: String,
    pub kind: String,
    pub image: Option<String>,
    pub max_wait_secs: i64,
    pub position: i64,
    #[surreal(default)]
    pub panel_fields: Vec<String>,
    /// The room's website widget source, where a query asks for it.
    #[surreal(default)]
    pub widget: Option<RecordId>,
}

/// The fields every room query selects, in [`RoomRow`]'s shape.
#[macro_export]
macro_rules! room_fields {
    () => {
        "id, name, kind, image, max_wait_secs, position, panel_fields"
    };
}

impl RoomRow {
    pub(crate) fn into_room(self) -> Option<Room> {
        Some(Room {
            id: key(&self.id),
            name: self.name,
            kind: RoomKind::parse(&self.kind)?,
            image: self.image,
            max_wait_secs: self.max_wait_secs,
            position: self.position,
            panel_fields: self.panel_fields,
        })
    }
}

/// The tariff's room limit (S7); `ROOM_LIMIT` overrides it.
pub fn room_limit() -> usize {
    std::env::var("ROOM_LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(20)
}

/// Rooms the actor's groups grant, in their configured order, among the
/// installation's first rooms the tariff allows: lowering the limit hides
/// the rooms beyond it from the rooms column without deleting them.
pub async fn visible_rooms(state: &AppState, actor: &Actor) -> ServiceResult<Vec<Room>> {
    let mut response = state
        .db
        .query(concat!("SELECT ", room_fields!(), " FROM room ORDER BY position, name LIMIT $limit"))
        .bind(("limit", room_limit() as i64))
        .await?;
    Ok(rows::<RoomRow>(&mut response, 0)?
        .into_iter()
        .filter_map(RoomRow::into_room)
        .filter(|room| may(actor, Action::View, Object::Room { id: &room.id }))
        .collect())
}

/// A room's type (404 for an unknown room).
pub async fn kind(state: &AppState, room: &str) -> ServiceResult<RoomKind> {
    let mut response = state.db.query("SELECT VALUE kind FROM $room").bind(("room", record("room", room)?)).await?;
    first::<String>(&mut response, 0)?.and_then(|kind| RoomKind::parse(&kind)).ok_or(ServiceError::not_found(Thing::Room))
}
