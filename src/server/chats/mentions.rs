//! Mentions (#14): `@Имя Фамилия` in a private note or a staff chat. The
//! colleague named (who must be able to see the chat) is told live and by
//! push, and the chat stays marked for them until they read past it.

use surrealdb::types::RecordId;

use crate::model::chat::ChatSummary;
use crate::model::mention::mentioned;
use crate::model::message::Message;
use crate::model::room::RoomKind;
use crate::server::clock::now_ms;
use crate::server::error::ServiceResult;
use crate::server::people::auth::enabled_staff;
use crate::server::rights::{may, Action, Actor, Object};
use crate::server::state::AppState;
use crate::server::store::records::record;

/// Records whom `message`, just written by `author` in `chat`, mentions, and
/// tells them. A client's chat only mentions in private notes: the client
/// must not see colleagues being called in. Returns the employees named.
pub async fn record_mentions(state: &AppState, author: &Actor, chat: &ChatSummary, message: &Message) -> ServiceResult<Vec<String>> {
    let staff_only = message.note || chat.room_kind != RoomKind::Client;
    if !staff_only || !message.text.contains('@') {
        return Ok(Vec::new());
    }
    let candidates: Vec<(String, String)> = enabled_staff(state)
        .await?
        .into_iter()
        .filter(|person| person.actor.id != author.id && may(&person.actor, Action::View, Object::Chat(chat)))
        .map(|person| (person.actor.id, person.actor.name))
        .collect();
    let named = mentioned(&message.text, &candidates);
    for employee in &named {
        state
            .db
            .query("UPSERT $mention SET employee = $employee, chat = $chat, seq = math::max([seq ?? 0, $seq]), by_name = $by, at_ms = $now")
            // One row per (employee, chat): both keys are checked below, and
            // `/` is in neither, so the pair names one row.
            .bind(("mention", RecordId::new("mention", format!("{employee}/{}", chat.id))))
            .bind(("employee", record("employee", employee)?))
            .bind(("chat", record("chat", &chat.id)?))
            .bind(("seq", message.seq))
            .bind(("by", author.name.clone()))
            .bind(("now", now_ms()))
            .await?
            .check()?;
        crate::server::cluster::bus::mention(state, employee, &chat.id, message.seq, &author.name);
        crate::server::push::triggers::on_mention(state, employee, message, chat);
    }
    Ok(named)
}
