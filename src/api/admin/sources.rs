//! Settings → sources (S1, S2): the e-mail mailbox of a client room.

use dioxus::prelude::*;

use crate::model::channel::{ConnectionStep, TelegramSource};
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

/// «Проверить подключение»: logs in to the room's IMAP and SMTP servers with
/// the saved settings and says what each answered (#16).
#[post("/api/settings/sources/email/check", state: Extension<AppState>, actor: Actor)]
pub async fn check_email_source(room: String) -> ServerFnResult<Vec<ConnectionStep>> {
    Ok(crate::server::channels::email::check_connection(&state, &actor, &room).await?)
}

/// Configured Telegram bots; tokens never leave the server (#16).
#[get("/api/settings/sources/telegram", state: Extension<AppState>, actor: Actor)]
pub async fn list_telegram_sources() -> ServerFnResult<Vec<TelegramSource>> {
    Ok(crate::server::channels::telegram::telegram_sources(&state, &actor).await?)
}

/// Saves a room's bot; an empty token keeps the stored one.
#[post("/api/settings/sources/telegram", state: Extension<AppState>, actor: Actor)]
pub async fn save_telegram_source(source: TelegramSource) -> ServerFnResult<()> {
    Ok(crate::server::channels::telegram::save_telegram_source(&state, &actor, source).await?)
}

/// «Проверить подключение» for a bot: its @username, or Telegram's words.
#[post("/api/settings/sources/telegram/check", state: Extension<AppState>, actor: Actor)]
pub async fn check_telegram_source(room: String) -> ServerFnResult<ConnectionStep> {
    let answer = crate::server::channels::telegram::check_connection(&state, &actor, &room).await?;
    Ok(match answer {
        Ok(username) => ConnectionStep { server: "telegram".into(), ok: true, detail: ["@", &username].concat() },
        Err(error) => ConnectionStep { server: "telegram".into(), ok: false, detail: error },
    })
}
