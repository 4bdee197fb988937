//! Settings → the audit log (who, what, when, old → new).

use dioxus::prelude::*;

use crate::model::settings::AuditEntry;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::admin::audit;

/// The newest settings changes first.
#[get("/api/settings/audit", state: Extension<AppState>, actor: Actor)]
pub async fn audit_log() -> ServerFnResult<Vec<AuditEntry>> {
    Ok(audit::recent(&state, &actor, 100).await?)
}
