//! Settings → the audit log (who, what, when, old → new).

use dioxus::prelude::*;

use crate::model::settings::AuditEntry;

#[cfg(feature = "server")]
use {super::guard, crate::server::state::AppState, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::audit;

/// The newest settings changes first.
#[get("/api/settings/audit", state: Extension<AppState>, headers: HeaderMap)]
pub async fn audit_log() -> ServerFnResult<Vec<AuditEntry>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(audit::recent(&state, &actor, 100).await?)
}
