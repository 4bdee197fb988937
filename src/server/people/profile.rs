//! The employee's own profile (P1, P2): activity and sounds. Activity turns
//! to «на перерыве» by itself when the employee's last workspace tab has been
//! closed for [`AWAY_AFTER_MS`] (a short network drop does not count), and
//! back when a tab opens again; a break chosen with the switch stays.

use std::time::Duration;

use crate::server::error::ServiceResult;
use crate::server::store::records::record;
use crate::server::rights::Actor;
use crate::server::state::AppState;

/// How long after the last tab closes an employee counts as away.
pub const AWAY_AFTER_MS: u64 = 15_000;

/// P2: at work or on a break. Everyone's pickers show it.
pub async fn set_activity(state: &AppState, actor: &Actor, active: bool) -> ServiceResult<()> {
    state
        .db
        .query("UPDATE $me SET active = $active, away_auto = false")
        .bind(("me", record("employee", &actor.id)?))
        .bind(("active", active))
        .await?
        .check()?;
    crate::server::cluster::bus::presence(state, &actor.id, None, Some(active));
    Ok(())
}

/// P1: the incoming-message and incoming-call sounds.
pub async fn set_sounds(state: &AppState, actor: &Actor, messages: bool, calls: bool) -> ServiceResult<()> {
    state
        .db
        .query("UPDATE $me SET sound_messages = $messages, sound_calls = $calls")
        .bind(("me", record("employee", &actor.id)?))
        .bind(("messages", messages))
        .bind(("calls", calls))
        .await?
        .check()?;
    Ok(())
}

/// A workspace tab of `employee` closed: if none is open again after the
/// grace period, they are away.
pub fn tab_closed(state: AppState, employee: String) {
    if state.hub.has_employee(&employee) {
        return;
    }
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(AWAY_AFTER_MS)).await;
        if state.hub.has_employee(&employee) {
            return;
        }
        let Ok(me) = record("employee", &employee) else { return };
        let away = "UPDATE $me SET active = false, away_auto = true WHERE active = true";
        match state.db.query(away).bind(("me", me)).await.and_then(|r| r.check()) {
            Ok(_) => crate::server::cluster::bus::presence(&state, &employee, None, Some(false)),
            Err(error) => tracing::warn!("marking {employee} away: {error}"),
        }
    });
}

/// A workspace tab of `employee` opened: back at work if only the closed
/// tabs had made them away.
pub async fn tab_opened(state: &AppState, employee: &str) -> ServiceResult<()> {
    let mut response = state
        .db
        .query("UPDATE $me SET active = true, away_auto = false WHERE away_auto = true RETURN VALUE id")
        .bind(("me", record("employee", employee)?))
        .await?
        .check()?;
    let back: Vec<surrealdb::types::RecordId> = crate::server::store::db::rows(&mut response, 0)?;
    if !back.is_empty() {
        crate::server::cluster::bus::presence(state, employee, None, Some(true));
    }
    Ok(())
}
