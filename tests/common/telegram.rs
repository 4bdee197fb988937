//! A stand-in for the Telegram Bot API (#16), in process on loopback: the
//! methods the source uses (getMe, getUpdates with long polling, getFile and
//! file downloads, sendMessage, sendPhoto, sendDocument), what the bot sent,
//! and a 429 with `retry_after` on demand. No real Bot API is reachable here.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// Something the bot sent to a user.
#[derive(Clone, Debug, PartialEq)]
pub enum Sent {
    Text { chat_id: i64, text: String },
    File { chat_id: i64, method: String, name: String, bytes: Vec<u8> },
}

#[derive(Default)]
struct Inner {
    token: String,
    updates: Vec<Value>,
    next_update: i64,
    next_message: i64,
    files: HashMap<String, Vec<u8>>,
    sent: Vec<Sent>,
    throttle: Option<i64>,
    throttled: usize,
}

#[derive(Clone)]
pub struct StandIn {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    news: Arc<tokio::sync::Notify>,
}

impl StandIn {
    pub async fn start(token: &str) -> StandIn {
        let inner = Arc::new(Mutex::new(Inner { token: token.into(), next_update: 1, next_message: 1, ..Default::default() }));
        let stand_in = StandIn { url: String::new(), inner, news: Default::default() };
        let app = axum::Router::new().fallback(handle).with_state(stand_in.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        StandIn { url, ..stand_in }
    }

    fn push(&self, chat_id: i64, first_name: &str, fields: Value) {
        let mut inner = self.inner.lock().unwrap();
        let (update_id, message_id) = (inner.next_update, inner.next_message);
        inner.next_update += 1;
        inner.next_message += 1;
        let mut message = json!({
            "message_id": message_id, "date": 0,
            "chat": { "id": chat_id, "type": "private", "first_name": first_name },
            "from": { "id": chat_id, "is_bot": false, "first_name": first_name, "username": first_name.to_lowercase() },
        });
        for (k, v) in fields.as_object().unwrap() {
            message[k] = v.clone();
        }
        inner.updates.push(json!({ "update_id": update_id, "message": message }));
        drop(inner);
        self.news.notify_waiters();
    }

    /// A user writes text to the bot.
    pub fn user_writes(&self, chat_id: i64, first_name: &str, text: &str) {
        self.push(chat_id, first_name, json!({ "text": text }));
    }

    /// A user sends a photo (its bytes) with a caption.
    pub fn user_sends_photo(&self, chat_id: i64, first_name: &str, bytes: &[u8], caption: &str) {
        let id = format!("photo{}", self.inner.lock().unwrap().next_message);
        self.inner.lock().unwrap().files.insert(id.clone(), bytes.to_vec());
        self.push(chat_id, first_name, json!({ "caption": caption, "photo": [{ "file_id": format!("{id}_small"), "width": 90, "height": 90 }, { "file_id": id, "width": 800, "height": 600, "file_size": bytes.len() }] }));
        let small = self.inner.lock().unwrap().files.get(&id).cloned().unwrap();
        self.inner.lock().unwrap().files.insert(format!("{id}_small"), small[..small.len().min(10)].to_vec());
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.inner.lock().unwrap().sent.clone()
    }

    /// The next send is answered 429 with `retry_after`.
    pub fn throttle_next(&self, retry_after_s: i64) {
        self.inner.lock().unwrap().throttle = Some(retry_after_s);
    }

    pub fn throttled(&self) -> usize {
        self.inner.lock().unwrap().throttled
    }
}

fn ok(result: Value) -> Response {
    Json(json!({ "ok": true, "result": result })).into_response()
}

fn refused(code: u16, description: &str, extra: Value) -> Response {
    let mut body = json!({ "ok": false, "error_code": code, "description": description });
    if !extra.is_null() {
        body["parameters"] = extra;
    }
    (axum::http::StatusCode::from_u16(code).unwrap(), Json(body)).into_response()
}

async fn handle(State(stand_in): State<StandIn>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let token = stand_in.inner.lock().unwrap().token.clone();
    if let Some(file) = path.strip_prefix(&format!("/file/bot{token}/")) {
        return match stand_in.inner.lock().unwrap().files.get(file) {
            Some(bytes) => bytes.clone().into_response(),
            None => refused(404, "Not Found", Value::Null),
        };
    }
    let Some(method) = path.strip_prefix(&format!("/bot{token}/")).map(str::to_string) else {
        return refused(401, "Unauthorized", Value::Null);
    };
    let is_multipart = request.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/"));
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut upload: Option<(String, Vec<u8>)> = None;
    if is_multipart {
        let mut multipart = Multipart::from_request(request, &()).await.unwrap();
        while let Some(field) = multipart.next_field().await.unwrap() {
            let name = field.name().unwrap_or_default().to_string();
            match field.file_name().map(str::to_string) {
                Some(file_name) => upload = Some((file_name, field.bytes().await.unwrap().to_vec())),
                None => {
                    fields.insert(name, field.text().await.unwrap());
                }
            }
        }
    } else {
        let body: Bytes = axum::body::to_bytes(request.into_body(), 1 << 20).await.unwrap();
        if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(&body) {
            for (k, v) in map {
                fields.insert(k, match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                });
            }
        }
    }
    let number = |name: &str| fields.get(name).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    match method.as_str() {
        "getMe" => ok(json!({ "id": 777, "is_bot": true, "first_name": "Support", "username": "support_test_bot" })),
        "getUpdates" => {
            let (offset, timeout) = (number("offset"), number("timeout"));
            let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout.clamp(0, 30) as u64);
            loop {
                let news = stand_in.news.notified();
                let pending: Vec<Value> = stand_in.inner.lock().unwrap().updates.iter().filter(|u| u["update_id"].as_i64().unwrap() >= offset).cloned().collect();
                if !pending.is_empty() || tokio::time::Instant::now() >= deadline {
                    return ok(Value::Array(pending));
                }
                let _ = tokio::time::timeout_at(deadline, news).await;
            }
        }
        "getFile" => {
            let id = fields.get("file_id").cloned().unwrap_or_default();
            if stand_in.inner.lock().unwrap().files.contains_key(&id) {
                ok(json!({ "file_id": id, "file_path": id }))
            } else {
                refused(400, "Bad Request: invalid file_id", Value::Null)
            }
        }
        "sendMessage" | "sendPhoto" | "sendDocument" => {
            let mut inner = stand_in.inner.lock().unwrap();
            if let Some(retry_after) = inner.throttle.take() {
                inner.throttled += 1;
                return refused(429, &format!("Too Many Requests: retry after {retry_after}"), json!({ "retry_after": retry_after }));
            }
            let chat_id = number("chat_id");
            let text = fields.get("text").cloned().unwrap_or_default();
            if method == "sendMessage" && text.chars().count() > 4096 {
                return refused(400, "Bad Request: message is too long", Value::Null);
            }
            inner.sent.push(match (method.as_str(), upload) {
                ("sendMessage", _) => Sent::Text { chat_id, text },
                (_, Some((name, bytes))) => Sent::File { chat_id, method: method.clone(), name, bytes },
                _ => return refused(400, "Bad Request: there is no file in the request", Value::Null),
            });
            let message_id = inner.next_message;
            inner.next_message += 1;
            ok(json!({ "message_id": message_id, "date": 0, "chat": { "id": chat_id, "type": "private" } }))
        }
        _ => refused(404, "Not Found: method not found", Value::Null),
    }
}
