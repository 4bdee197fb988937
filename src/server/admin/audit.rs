//! The audit log: every settings change with who, what, when, old and new.

use surrealdb::types::SurrealValue;
use serde_json::Value;

use crate::server::clock::{new_key, now_ms};
use crate::server::store::db::rows;
use crate::server::error::ServiceResult;
use crate::server::store::records::record;
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;
use crate::model::settings::{AuditAction, AuditEntry};

/// Writes one entry: the action as its code (the UI words it), `old`/`new`
/// as compact JSON text.
pub async fn write(state: &AppState, actor: &Actor, action: AuditAction, object: &str, old: Option<Value>, new: Option<Value>) -> ServiceResult<()> {
    state
        .db
        .query("CREATE $entry SET actor = $actor, actor_name = $name, action = $action, object = $object, old = $old, new = $new, at_ms = $now")
        .bind(("entry", record("audit", &new_key())?))
        .bind(("actor", record("employee", &actor.id)?))
        .bind(("name", actor.name.clone()))
        .bind(("action", action.as_code()))
        .bind(("object", object.to_string()))
        .bind(("old", old.map(|v| v.to_string())))
        .bind(("new", new.map(|v| v.to_string())))
        .bind(("now", now_ms()))
        .await?
        .check()?;
    Ok(())
}

#[derive(SurrealValue)]
struct EntryRow {
    actor_name: String,
    action: String,
    object: String,
    old: Option<String>,
    new: Option<String>,
    at_ms: i64,
}

/// The newest entries first; administrators only.
pub async fn recent(state: &AppState, actor: &Actor, limit: i64) -> ServiceResult<Vec<AuditEntry>> {
    administer(actor)?;
    let mut response = state
        .db
        .query("SELECT actor_name, action, object, old, new, at_ms FROM audit ORDER BY at_ms DESC LIMIT $limit")
        .bind(("limit", limit.clamp(1, 500)))
        .await?;
    Ok(rows::<EntryRow>(&mut response, 0)?
        .into_iter()
        .map(|r| AuditEntry { actor_name: r.actor_name, action: r.action, object: r.object, old: r.old, new: r.new, at_ms: r.at_ms })
        .collect())
}
