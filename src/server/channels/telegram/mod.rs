//! The Telegram source (S3, #16): a bot per client room, read by long
//! polling (`getUpdates`), answered with `sendMessage`, `sendPhoto` and
//! `sendDocument`. Each Telegram user who writes to the bot is one user.

pub mod api;
pub mod poller;
pub mod receive;
pub mod send;

use serde_json::json;
use surrealdb::types::{RecordId, SurrealValue};

use crate::model::channel::{check_telegram_source, TelegramSource};
use crate::model::problem::{Problem, Thing};
use crate::model::room::RoomKind;
use crate::model::settings::AuditAction;
use crate::server::admin::audit;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;
use crate::server::store::db::{first, rows};
use crate::server::store::records::{key, record};

/// A bot as its poller and sender need it, the token in the clear (held in
/// memory only; `Debug` leaves it out).
#[derive(Clone, PartialEq, Eq)]
pub struct BotConfig {
    pub room: String,
    pub token: String,
}

impl std::fmt::Debug for BotConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotConfig").field("room", &self.room).finish_non_exhaustive()
    }
}

impl BotConfig {
    pub fn bot<'a>(&self, state: &'a AppState) -> api::Bot<'a> {
        api::Bot { http: &state.channels.http, base: state.channels.telegram_api(), token: self.token.clone() }
    }
}

/// The key of a bot's health in [`crate::server::channels::Channels`].
pub fn health_key(room: &str) -> String {
    ["telegram:", room].concat()
}

/// The source record of a room's bot.
pub fn source_of(room: &str) -> ServiceResult<RecordId> {
    record("source", &[room, "_telegram"].concat())
}

#[derive(SurrealValue)]
struct BotRow {
    room: RecordId,
    token: String,
}

/// Every switched-on bot whose token opens.
pub async fn bots(state: &AppState) -> ServiceResult<Vec<BotConfig>> {
    let mut response = state.db.query("SELECT room, token FROM telegram_source WHERE enabled != false AND room.deleted != true").await?;
    Ok(rows::<BotRow>(&mut response, 0)?
        .into_iter()
        .filter_map(|row| Some(BotConfig { room: key(&row.room), token: state.channels.secrets.open(&row.token)? }))
        .collect())
}

/// A room's bot, if it is switched on.
pub async fn bot_for_room(state: &AppState, room: &str) -> ServiceResult<Option<BotConfig>> {
    Ok(bots(state).await?.into_iter().find(|b| b.room == room))
}

#[derive(SurrealValue)]
struct SettingsRow {
    room: RecordId,
    enabled: Option<bool>,
    bot_username: Option<String>,
    has_token: bool,
}

/// Every configured bot; tokens stay on the server.
pub async fn telegram_sources(state: &AppState, actor: &Actor) -> ServiceResult<Vec<TelegramSource>> {
    administer(actor)?;
    let mut response = state.db.query("SELECT room, enabled, bot_username, token != '' AS has_token FROM telegram_source ORDER BY room").await?;
    Ok(rows::<SettingsRow>(&mut response, 0)?
        .into_iter()
        .map(|r| TelegramSource {
            health: state.channels.health(&health_key(&key(&r.room))),
            room: key(&r.room),
            token: String::new(),
            has_token: r.has_token,
            enabled: r.enabled.unwrap_or(true),
            bot_username: r.bot_username,
        })
        .collect())
}

/// Saves a room's bot; an empty token keeps the stored one. The token is
/// encrypted, never logged or audited.
pub async fn save_telegram_source(state: &AppState, actor: &Actor, source: TelegramSource) -> ServiceResult<()> {
    administer(actor)?;
    check_telegram_source(&source)?;
    let room = record("room", &source.room)?;
    let mut response = state.db.query("SELECT VALUE kind FROM $room").bind(("room", room.clone())).await?;
    match first::<String>(&mut response, 0)?.as_deref().and_then(RoomKind::parse) {
        Some(RoomKind::Client) => {}
        Some(_) => return Err(Problem::BotOnlyInClientRooms.into()),
        None => return Err(ServiceError::not_found(Thing::Room)),
    }
    let old = telegram_sources(state, actor).await?.into_iter().find(|s| s.room == source.room);
    let token = source.token.trim().to_string();
    if old.as_ref().is_none_or(|o| !o.has_token) && token.is_empty() {
        return Err(Problem::BadBotToken.into());
    }
    let sql = if token.is_empty() {
        "BEGIN;
         UPSERT $bot SET room = $room, enabled = $enabled;
         UPSERT $source SET kind = 'messenger', name = 'Telegram', room = $room;
         COMMIT;"
    } else {
        // A new token is a new bot: its updates start afresh.
        "BEGIN;
         UPSERT $bot SET room = $room, enabled = $enabled, token = $sealed, bot_username = NONE, update_offset = NONE;
         UPSERT $source SET kind = 'messenger', name = 'Telegram', room = $room;
         COMMIT;"
    };
    state
        .db
        .query(sql)
        .bind(("bot", record("telegram_source", &source.room)?))
        .bind(("source", source_of(&source.room)?))
        .bind(("room", room))
        .bind(("enabled", source.enabled))
        .bind(("sealed", state.channels.secrets.seal(&token)))
        .await?
        .check()?;
    state.channels.settings_changed();
    let describe = |enabled: bool, changed: bool| json!({ "channel": "telegram", "enabled": enabled, "token_changed": changed });
    audit::write(state, actor, AuditAction::MailSource, &source.room, old.map(|o| describe(o.enabled, false)), Some(describe(source.enabled, !token.is_empty()))).await
}

/// «Проверить подключение»: asks Telegram who the bot is (`getMe`) and
/// stores its @username.
pub async fn check_connection(state: &AppState, actor: &Actor, room: &str) -> ServiceResult<Result<String, String>> {
    administer(actor)?;
    let mut response = state.db.query("SELECT room, token FROM telegram_source WHERE room = $room LIMIT 1").bind(("room", record("room", room)?)).await?;
    let row = first::<BotRow>(&mut response, 0)?.ok_or(Problem::BadBotToken)?;
    let token = state.channels.secrets.open(&row.token).ok_or(Problem::BadBotToken)?;
    let bot = BotConfig { room: room.to_string(), token };
    match bot.bot(state).get_me().await {
        Ok(me) => {
            let username = me.username.unwrap_or_else(|| me.id.to_string());
            state
                .db
                .query("UPDATE $bot SET bot_username = $username")
                .bind(("bot", record("telegram_source", room)?))
                .bind(("username", username.clone()))
                .await?
                .check()?;
            Ok(Ok(username))
        }
        Err(error) => Ok(Err(error.to_string())),
    }
}
