//! A client room's working hours and offline form (#14): the administrator
//! sets them in the settings; the widget asks what to offer now.

use serde_json::json;
use surrealdb::types::SurrealValue;

use crate::model::hours::{Welcome, WorkingHours};
use crate::model::problem::{Problem, Thing};
use crate::model::room::RoomKind;
use crate::model::settings::AuditAction;
use crate::server::admin::audit;
use crate::server::clock::now_ms;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::people::auth::enabled_staff;
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;
use crate::server::store::db::first;
use crate::server::store::records::record;

#[derive(SurrealValue)]
struct HoursRow {
    data: String,
}

#[derive(SurrealValue)]
struct KindRow {
    kind: String,
}

/// The room's hours as saved, or the default (not in force).
pub async fn hours_of(state: &AppState, room: &str) -> ServiceResult<WorkingHours> {
    let mut response = state.db.query("SELECT data FROM $hours").bind(("hours", record("room_hours", room)?)).await?;
    Ok(first::<HoursRow>(&mut response, 0)?.and_then(|row| serde_json::from_str(&row.data).ok()).unwrap_or_default())
}

/// The hours of a client room, for the settings.
pub async fn room_hours(state: &AppState, actor: &Actor, room: &str) -> ServiceResult<WorkingHours> {
    administer(actor)?;
    client_room(state, room).await?;
    hours_of(state, room).await
}

/// Saves a client room's hours: seven days that each open before they
/// close, in a time zone the server knows.
pub async fn save(state: &AppState, actor: &Actor, room: &str, hours: WorkingHours) -> ServiceResult<()> {
    administer(actor)?;
    client_room(state, room).await?;
    hours.check()?;
    jiff::tz::TimeZone::get(hours.timezone.trim()).map_err(|_| Problem::UnknownTimezone)?;
    let hours = WorkingHours { timezone: hours.timezone.trim().to_string(), ..hours };
    let old = hours_of(state, room).await?;
    let data = serde_json::to_string(&hours).map_err(|e| ServiceError::internal_from("room hours: encode", Some(room), e))?;
    state.db.query("UPSERT $hours SET data = $data").bind(("hours", record("room_hours", room)?)).bind(("data", data)).await?.check()?;
    audit::write(state, actor, AuditAction::RoomChanged, room, Some(json!(old)), Some(json!(hours))).await
}

async fn client_room(state: &AppState, room: &str) -> ServiceResult<()> {
    let mut response = state.db.query("SELECT kind FROM $room").bind(("room", record("room", room)?)).await?;
    match first::<KindRow>(&mut response, 0)? {
        Some(row) if RoomKind::parse(&row.kind) == Some(RoomKind::Client) => Ok(()),
        _ => Err(ServiceError::not_found(Thing::Room)),
    }
}

/// What the widget of `room` offers now: outside the hours a chat with a
/// notice or the offline form, as the room says; with nobody of the room
/// at work (and the room asking for it) the offline form.
pub async fn welcome(state: &AppState, room: &str) -> ServiceResult<Welcome> {
    let hours = hours_of(state, room).await?;
    let outside = hours.enabled && !open_now(&hours, now_ms());
    if outside && !hours.accept_outside {
        return Ok(Welcome::OfflineForm);
    }
    if hours.offline_when_nobody && !someone_at_work(state, room).await? {
        return Ok(Welcome::OfflineForm);
    }
    Ok(if outside { Welcome::ChatOutsideHours } else { Welcome::Chat })
}

/// Whether the hours are open at `now_ms`, in their time zone (an unknown
/// zone, which saving refuses, counts as UTC).
pub fn open_now(hours: &WorkingHours, now_ms: i64) -> bool {
    let tz = jiff::tz::TimeZone::get(&hours.timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(now) = jiff::Timestamp::from_millisecond(now_ms) else { return true };
    let zoned = now.to_zoned(tz);
    let weekday = zoned.weekday().to_monday_zero_offset() as usize;
    let minute = (zoned.hour() as u16) * 60 + zoned.minute() as u16;
    hours.open_at(weekday, minute)
}

/// An employee of the room has a workspace open and is at work (P2).
async fn someone_at_work(state: &AppState, room: &str) -> ServiceResult<bool> {
    Ok(enabled_staff(state)
        .await?
        .iter()
        .any(|person| !person.is_bot && person.active && person.actor.rooms.contains(room) && state.hub.has_employee(&person.actor.id)))
}
