//! A Telegram update becomes a client's message (#16): the user who wrote
//! (one per Telegram chat), their text or caption, their photo or document
//! as an attachment. A blocked user's messages open nothing.

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::channels::telegram::api::{Bot, TgMessage, TgUpdate};
use crate::server::channels::telegram::{source_of, BotConfig};
use crate::server::chats::attachments::upload_for_client;
use crate::server::clock::{new_key, new_token, now_ms};
use crate::server::error::ServiceResult;
use crate::server::people::auth::token_hash;
use crate::server::people::visitors;
use crate::server::state::AppState;
use crate::server::store::db::first;
use crate::server::store::records::{key, record};

#[derive(SurrealValue)]
struct UserRow {
    id: RecordId,
}

/// Stores one update; anything but a private message is passed over.
pub async fn receive(state: &AppState, config: &BotConfig, bot: &Bot<'_>, update: &TgUpdate) -> ServiceResult<Option<crate::model::message::Message>> {
    let Some(message) = &update.message else { return Ok(None) };
    if message.chat.kind != "private" {
        return Ok(None);
    }
    let user = sender(state, config, message).await?;
    let visitor = visitors::by_user(state, &user).await?;
    if visitor.blocked_until_ms.is_some() {
        tracing::info!("telegram: a message from a blocked user, kept out of the lists");
        return Ok(None);
    }
    let mut files = Vec::new();
    let mut refused = Vec::new();
    let wanted = message
        .photo
        .iter()
        .max_by_key(|p| (p.width, p.file_size.unwrap_or(0)))
        .map(|p| (p.file_id.clone(), ["photo_", &message.message_id.to_string(), ".jpg"].concat()))
        .into_iter()
        .chain(message.document.iter().map(|d| (d.file_id.clone(), d.file_name.clone().unwrap_or_else(|| "document".into()))));
    for (file_id, name) in wanted {
        let outcome = match bot.download(&file_id, state.files.max_bytes).await {
            Ok(bytes) => upload_for_client(state, &user, &name, bytes).await.map_err(|e| e.to_string()),
            Err(error) => Err(error.to_string()),
        };
        match outcome {
            Ok(attachment) => files.push(attachment.id),
            Err(error) => {
                tracing::info!("telegram file {name:?} not taken: {error}");
                refused.push(["\u{26A0} ", &name].concat());
            }
        }
    }
    let mut text = message.text.clone().or_else(|| message.caption.clone()).unwrap_or_default();
    if !refused.is_empty() {
        text = [text.as_str(), "\n", &refused.join("\n")].concat().trim().to_string();
    }
    if text.trim().is_empty() && files.is_empty() {
        // A sticker, a voice message …: said in a word rather than lost.
        text = "[Telegram]".into();
    }
    let client_id = ["tg_", &message.chat.id.to_string().replace('-', "m"), "_", &message.message_id.to_string()].concat();
    Ok(Some(visitors::send_with_files(state, &visitor, &client_id, &text, &files).await?))
}

/// The bot's user for this Telegram chat, made on its first message (and
/// renamed when the person renamed themselves).
async fn sender(state: &AppState, config: &BotConfig, message: &TgMessage) -> ServiceResult<String> {
    let source = source_of(&config.room)?;
    let from = message.from.clone();
    let name = from
        .as_ref()
        .map(|f| [f.first_name.as_deref().unwrap_or(""), " ", f.last_name.as_deref().unwrap_or("")].concat().trim().to_string())
        .filter(|n| !n.is_empty())
        .or_else(|| from.as_ref().and_then(|f| f.username.clone()))
        .unwrap_or_else(|| ["Telegram ", &message.chat.id.to_string()].concat());
    let name: String = name.chars().take(100).collect();
    let username = from.and_then(|f| f.username);
    let mut response = state
        .db
        .query("SELECT id FROM user WHERE source = $source AND telegram_id = $telegram_id LIMIT 1")
        .bind(("source", source.clone()))
        .bind(("telegram_id", message.chat.id))
        .await?;
    if let Some(row) = first::<UserRow>(&mut response, 0)? {
        state.db.query("UPDATE $user SET telegram_username = $username").bind(("user", row.id.clone())).bind(("username", username)).await?.check()?;
        return Ok(key(&row.id));
    }
    let user = new_key();
    state
        .db
        .query("CREATE $user SET name = $name, token_hash = $hash, room = $room, source = $source, created_ms = $now, telegram_id = $telegram_id, telegram_username = $username")
        .bind(("user", record("user", &user)?))
        .bind(("name", name))
        .bind(("hash", token_hash(&new_token())))
        .bind(("room", record("room", &config.room)?))
        .bind(("source", source))
        .bind(("now", now_ms()))
        .bind(("telegram_id", message.chat.id))
        .bind(("username", username))
        .await?
        .check()?;
    Ok(user)
}
