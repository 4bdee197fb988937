//! An answer in a Telegram chat, sent by the room's bot (#16): the text in
//! pieces Telegram takes (4096 characters), each picture with `sendPhoto`
//! and any other file with `sendDocument`. A 429 waits its `retry_after`.

use surrealdb::types::{RecordId, SurrealValue};

use crate::model::channel::{reason, telegram_pieces};
use crate::server::channels::queue::Outcome;
use crate::server::channels::telegram::{api::BotError, bot_for_room};
use crate::server::error::ServiceResult;
use crate::server::state::AppState;
use crate::server::store::db::{first, rows};
use crate::server::store::records::key;

/// Telegram takes uploads of at most 50 MB from a bot.
const MAX_UPLOAD_BYTES: i64 = 50 * 1024 * 1024;

#[derive(SurrealValue)]
struct AnswerRow {
    text: String,
    room: RecordId,
    telegram_id: Option<i64>,
}

#[derive(SurrealValue)]
struct FileRow {
    name: String,
    mime: String,
    size: i64,
    path: String,
}

fn failed(error: BotError) -> Outcome {
    if error.temporary() {
        Outcome::Temporary { retry_after_ms: error.retry_after_ms(), error: error.to_string() }
    } else {
        Outcome::Permanent(error.to_string())
    }
}

pub async fn send_answer(state: &AppState, message: &RecordId) -> ServiceResult<Outcome> {
    let mut response = state
        .db
        .query("SELECT text, chat.room AS room, chat.user.telegram_id AS telegram_id FROM $message")
        .bind(("message", message.clone()))
        .await?;
    let Some(answer) = first::<AnswerRow>(&mut response, 0)? else {
        return Ok(Outcome::Permanent(reason::MESSAGE_GONE.into()));
    };
    let Some(chat_id) = answer.telegram_id else {
        return Ok(Outcome::Permanent(reason::NO_TELEGRAM_CHAT.into()));
    };
    let Some(config) = bot_for_room(state, &key(&answer.room)).await? else {
        return Ok(Outcome::Temporary { error: reason::NO_BOT.into(), retry_after_ms: None });
    };
    let bot = config.bot(state);
    let mut response = state.db.query("SELECT name, mime, size, path, created_ms FROM file WHERE message = $message ORDER BY created_ms").bind(("message", message.clone())).await?;
    let files = rows::<FileRow>(&mut response, 0)?;
    if let Some(big) = files.iter().find(|f| f.size > MAX_UPLOAD_BYTES) {
        return Ok(Outcome::Permanent([reason::FILE_TOO_LARGE_FOR_TELEGRAM, ":", big.name.as_str()].concat()));
    }
    if !answer.text.trim().is_empty() {
        for piece in telegram_pieces(&answer.text) {
            if let Err(error) = bot.send_message(chat_id, &piece).await {
                return Ok(failed(error));
            }
        }
    }
    for file in files {
        let bytes = state.files.read_all(&file.path).await?;
        let photo = matches!(file.mime.as_str(), "image/png" | "image/jpeg" | "image/webp");
        if let Err(error) = bot.send_file(chat_id, photo, &file.name, &file.mime, bytes, None).await {
            return Ok(failed(error));
        }
    }
    Ok(Outcome::Sent { mail: None })
}
