//! Saved replies («Шаблоны ответов», #14): each employee's own, and those
//! shared in a room, which employees of the room with the right manage.
//! Who may read or change one is `rights::may` on [`Object::SavedReply`].

use surrealdb::types::{RecordId, SurrealValue};

use crate::model::problem::{Problem, Thing};
use crate::model::saved_reply::{SavedReply, SavedReplyDraft};
use crate::server::clock::{new_key, now_ms};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::rights::{may, require, Action, Actor, Object};
use crate::server::state::AppState;
use crate::server::store::db::{first, rows};
use crate::server::store::records::{key, record, records};

#[derive(SurrealValue)]
struct ReplyRow {
    id: RecordId,
    owner: Option<RecordId>,
    room: Option<RecordId>,
    room_name: Option<String>,
    title: String,
    text: String,
}

impl ReplyRow {
    fn keys(&self) -> (Option<String>, Option<String>) {
        (self.owner.as_ref().map(key), self.room.as_ref().map(key))
    }

    fn into_reply(self, actor: &Actor) -> SavedReply {
        let (owner, room) = self.keys();
        let object = Object::SavedReply { owner: owner.as_deref(), room: room.as_deref() };
        SavedReply { id: key(&self.id), editable: may(actor, Action::ManageReply, object), title: self.title, text: self.text, room, room_name: self.room_name }
    }
}

/// The fields every reply query reads (a macro, so queries stay `concat!`s of constants).
macro_rules! reply_fields {
    () => {
        "id, owner, room, room.name AS room_name, title, text"
    };
}

/// The replies `actor` may use: their own, then those of their rooms, each by title.
pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<SavedReply>> {
    let mut response = state
        .db
        .query(concat!("SELECT ", reply_fields!(), " FROM saved_reply WHERE owner = $me OR room IN $rooms ORDER BY title"))
        .bind(("me", record("employee", &actor.id)?))
        .bind(("rooms", records("room", &actor.rooms)?))
        .await?;
    let mut replies: Vec<SavedReply> = rows::<ReplyRow>(&mut response, 0)?
        .into_iter()
        .filter(|row| {
            let (owner, room) = row.keys();
            may(actor, Action::View, Object::SavedReply { owner: owner.as_deref(), room: room.as_deref() })
        })
        .map(|row| row.into_reply(actor))
        .collect();
    replies.sort_by_key(|r| r.room.is_some());
    Ok(replies)
}

/// One reply `actor` may change, or not found (another's reply is not theirs to know of).
async fn editable(state: &AppState, actor: &Actor, id: &str) -> ServiceResult<ReplyRow> {
    let mut response = state.db.query(concat!("SELECT ", reply_fields!(), " FROM $reply")).bind(("reply", record("saved_reply", id)?)).await?;
    let row = first::<ReplyRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::SavedReply))?;
    let (owner, room) = row.keys();
    let object = Object::SavedReply { owner: owner.as_deref(), room: room.as_deref() };
    if !may(actor, Action::View, object) {
        return Err(ServiceError::not_found(Thing::SavedReply));
    }
    require(actor, Action::ManageReply, object)?;
    Ok(row)
}

/// Creates a reply (an empty `id`) or changes one, personal or shared in a
/// room. Moving a reply between personal and shared needs the right on both.
pub async fn save(state: &AppState, actor: &Actor, draft: SavedReplyDraft) -> ServiceResult<SavedReply> {
    draft.check()?;
    let room = draft.room.clone().filter(|r| !r.is_empty());
    let owner = room.is_none().then(|| actor.id.clone());
    require(actor, Action::ManageReply, Object::SavedReply { owner: owner.as_deref(), room: room.as_deref() })?;
    let id = if draft.id.is_empty() {
        new_key()
    } else {
        editable(state, actor, &draft.id).await?;
        draft.id.clone()
    };
    let room_record = room.as_deref().map(|r| record("room", r)).transpose()?;
    if let Some(room) = &room_record {
        // A room that is gone: say so, rather than keep a reply nobody sees.
        let mut response = state.db.query("SELECT VALUE id FROM $room").bind(("room", room.clone())).await?;
        if first::<RecordId>(&mut response, 0)?.is_none() {
            return Err(Problem::NotFound { thing: Thing::Room }.into());
        }
    }
    state
        .db
        .query("UPSERT $reply SET owner = $owner, room = $room, title = $title, text = $text, created_ms = created_ms ?? $now")
        .bind(("reply", record("saved_reply", &id)?))
        .bind(("owner", owner.as_deref().map(|o| record("employee", o)).transpose()?))
        .bind(("room", room_record))
        .bind(("title", draft.title.trim().to_string()))
        .bind(("text", draft.text.clone()))
        .bind(("now", now_ms()))
        .await?
        .check()?;
    let row = editable(state, actor, &id).await?;
    Ok(row.into_reply(actor))
}

/// Deletes a reply `actor` may change.
pub async fn delete(state: &AppState, actor: &Actor, id: &str) -> ServiceResult<()> {
    editable(state, actor, id).await?;
    state.db.query("DELETE $reply").bind(("reply", record("saved_reply", id)?)).await?.check()?;
    Ok(())
}
