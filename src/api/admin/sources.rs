//! Settings → sources (S1, S2): the e-mail mailbox of a client room.

use dioxus::prelude::*;

use crate::model::settings::EmailSource;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};
#[cfg(feature = "server")]
use crate::server::admin::sources;

/// Configured mailboxes; passwords never leave the server.
#[get("/api/settings/sources/email", state: Extension<AppState>, actor: Actor)]
pub async fn list_email_sources() -> ServerFnResult<Vec<EmailSource>> {
    Ok(sources::email_sources(&state, &actor).await?)
}

/// Saves a room's mailbox; an empty password keeps the stored one.
#[post("/api/settings/sources/email", state: Extension<AppState>, actor: Actor)]
pub async fn save_email_source(source: EmailSource) -> ServerFnResult<()> {
    Ok(sources::save_email_source(&state, &actor, source).await?)
}
