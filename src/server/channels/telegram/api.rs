//! A thin client of the Telegram Bot API (#16): the few methods the source
//! uses, at a base address that configuration (or a test) chooses.

use serde::Deserialize;
use serde_json::{json, Value};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BotError {
    /// The network or Telegram itself failed: try again.
    Unreachable(String),
    /// Telegram answered with an error; `retry_after_s` with a 429.
    Refused { code: i64, description: String, retry_after_s: Option<i64> },
}

impl BotError {
    /// Worth trying again later.
    pub fn temporary(&self) -> bool {
        match self {
            BotError::Unreachable(_) => true,
            BotError::Refused { code, .. } => *code == 429 || *code >= 500,
        }
    }

    pub fn retry_after_ms(&self) -> Option<i64> {
        match self {
            BotError::Refused { retry_after_s: Some(s), .. } => Some(s * 1000),
            _ => None,
        }
    }
}

impl std::fmt::Display for BotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BotError::Unreachable(e) => f.write_str(e),
            BotError::Refused { code, description, retry_after_s: Some(s) } => write!(f, "{code} {description} (retry after {s} s)"),
            BotError::Refused { code, description, .. } => write!(f, "{code} {description}"),
        }
    }
}

#[derive(Deserialize)]
struct Reply {
    ok: bool,
    #[serde(default)]
    result: Value,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<Parameters>,
}

#[derive(Deserialize)]
struct Parameters {
    retry_after: Option<i64>,
}

/// One bot: its token, and where the API is.
pub struct Bot<'a> {
    pub http: &'a reqwest::Client,
    pub base: String,
    pub token: String,
}

/// A user or a chat, as far as the source needs them.
#[derive(Clone, Debug, Deserialize)]
pub struct TgUser {
    pub id: i64,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TgChat {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TgPhotoSize {
    pub file_id: String,
    #[serde(default)]
    pub file_size: Option<i64>,
    #[serde(default)]
    pub width: i64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TgDocument {
    pub file_id: String,
    #[serde(default)]
    pub file_name: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TgMessage {
    pub message_id: i64,
    pub chat: TgChat,
    #[serde(default)]
    pub from: Option<TgUser>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub photo: Vec<TgPhotoSize>,
    #[serde(default)]
    pub document: Option<TgDocument>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TgUpdate {
    pub update_id: i64,
    #[serde(default)]
    pub message: Option<TgMessage>,
}

#[derive(Deserialize)]
struct TgFile {
    file_path: Option<String>,
}

impl Bot<'_> {
    fn url(&self, method: &str) -> String {
        [self.base.as_str(), "/bot", &self.token, "/", method].concat()
    }

    async fn answer(response: Result<reqwest::Response, reqwest::Error>) -> Result<Value, BotError> {
        // The error's text can carry the URL, and the URL the token: never shown.
        let response = response.map_err(|e| BotError::Unreachable(e.without_url().to_string()))?;
        let status = response.status().as_u16();
        let reply: Reply = response.json().await.map_err(|e| BotError::Unreachable(["HTTP ", &status.to_string(), ": ", &e.without_url().to_string()].concat()))?;
        if reply.ok {
            return Ok(reply.result);
        }
        Err(BotError::Refused {
            code: reply.error_code.unwrap_or(i64::from(status)),
            description: reply.description.unwrap_or_default(),
            retry_after_s: reply.parameters.and_then(|p| p.retry_after),
        })
    }

    async fn call(&self, method: &str, body: Value) -> Result<Value, BotError> {
        Self::answer(self.http.post(self.url(method)).json(&body).send().await).await
    }

    /// The bot itself (checks the token).
    pub async fn get_me(&self) -> Result<TgUser, BotError> {
        let value = self.call("getMe", json!({})).await?;
        serde_json::from_value(value).map_err(|e| BotError::Unreachable(e.to_string()))
    }

    /// Updates from `offset` on, waiting up to `timeout_s` for the first.
    pub async fn get_updates(&self, offset: i64, timeout_s: i64) -> Result<Vec<TgUpdate>, BotError> {
        let value = self.call("getUpdates", json!({ "offset": offset, "timeout": timeout_s, "allowed_updates": ["message"] })).await?;
        serde_json::from_value(value).map_err(|e| BotError::Unreachable(e.to_string()))
    }

    pub async fn send_message(&self, chat_id: i64, text: &str) -> Result<(), BotError> {
        self.call("sendMessage", json!({ "chat_id": chat_id, "text": text })).await.map(|_| ())
    }

    /// A file as a photo (`photo`) or a document, with an optional caption.
    pub async fn send_file(&self, chat_id: i64, photo: bool, name: &str, mime: &str, bytes: Vec<u8>, caption: Option<&str>) -> Result<(), BotError> {
        let (method, field) = if photo { ("sendPhoto", "photo") } else { ("sendDocument", "document") };
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str(mime).map_err(|e| BotError::Unreachable(e.to_string()))?;
        let mut form = reqwest::multipart::Form::new().text("chat_id", chat_id.to_string()).part(field, part);
        if let Some(caption) = caption {
            form = form.text("caption", caption.to_string());
        }
        Self::answer(self.http.post(self.url(method)).multipart(form).send().await).await.map(|_| ())
    }

    /// A file the user sent, by its id (at most `max_bytes`).
    pub async fn download(&self, file_id: &str, max_bytes: u64) -> Result<Vec<u8>, BotError> {
        let value = self.call("getFile", json!({ "file_id": file_id })).await?;
        let file: TgFile = serde_json::from_value(value).map_err(|e| BotError::Unreachable(e.to_string()))?;
        let path = file.file_path.ok_or_else(|| BotError::Unreachable("Telegram gave no file path".into()))?;
        let url = [self.base.as_str(), "/file/bot", &self.token, "/", &path].concat();
        let response = self.http.get(url).send().await.map_err(|e| BotError::Unreachable(e.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(BotError::Refused { code: i64::from(response.status().as_u16()), description: "file download".into(), retry_after_s: None });
        }
        if response.content_length().is_some_and(|n| n > max_bytes) {
            return Err(BotError::Refused { code: 413, description: "file too large".into(), retry_after_s: None });
        }
        let bytes = response.bytes().await.map_err(|e| BotError::Unreachable(e.without_url().to_string()))?;
        Ok(bytes.to_vec())
    }
}
