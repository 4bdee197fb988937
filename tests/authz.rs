//! The authorization matrix: every server function that takes an id (or a
//! token), called as someone who must be refused. A new server function with
//! no row here fails `every_server_function_has_a_row`.

#![cfg(feature = "server")]

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chats::http::router;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use dioxus::server::ServerFunction;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Who may call a server function at all.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Access {
    /// Anyone (sign-in, a client room's public name).
    Public,
    /// A signed-in employee who may see the object.
    Employee,
    /// A website visitor, by their token.
    Visitor,
    /// An employee with the right to administer.
    Admin,
}

struct Row {
    method: &'static str,
    path: &'static str,
    access: Access,
    /// The request with `{chat}` / `{token}` placeholders.
    uri: &'static str,
    body: Option<&'static str>,
}

const MATRIX: &[Row] = &[
    Row { method: "POST", path: "/api/auth/login", access: Access::Public, uri: "/api/auth/login", body: Some(r#"{"credentials":{"email":"x@y.z","password":"x"}}"#) },
    Row { method: "POST", path: "/api/auth/logout", access: Access::Public, uri: "/api/auth/logout", body: Some("{}") },
    Row { method: "GET", path: "/api/setup", access: Access::Public, uri: "/api/setup", body: None },
    Row { method: "POST", path: "/api/setup", access: Access::Public, uri: "/api/setup", body: Some(r#"{"employee":{"name":"Захватчик","email":"x@x.x","password":"takeover1"}}"#) },
    Row { method: "GET", path: "/api/auth/me", access: Access::Employee, uri: "/api/auth/me", body: None },
    Row { method: "GET", path: "/api/rooms", access: Access::Employee, uri: "/api/rooms", body: None },
    Row { method: "GET", path: "/api/chats/counts", access: Access::Employee, uri: "/api/chats/counts", body: None },
    Row { method: "GET", path: "/api/chats/page", access: Access::Employee, uri: "/api/chats/page?room=support&list=all&after_ms=0&after_chat=", body: None },
    Row { method: "GET", path: "/api/chats/page", access: Access::Employee, uri: "/api/chats/page?room=staff&list=all&after_ms=0&after_chat=", body: None },
    Row { method: "GET", path: "/api/chats/one/{chat}", access: Access::Employee, uri: "/api/chats/one/{chat}", body: None },
    Row { method: "GET", path: "/api/chats/{chat}/messages", access: Access::Employee, uri: "/api/chats/{chat}/messages?after_seq=0&before_seq=0", body: None },
    Row { method: "POST", path: "/api/messages", access: Access::Employee, uri: "/api/messages", body: Some(r#"{"message":{"chat":"{chat}","client_id":"authz-0001","text":"intrusion"}}"#) },
    Row { method: "POST", path: "/api/chats/read", access: Access::Employee, uri: "/api/chats/read", body: Some(r#"{"chat":"{chat}","seq":99}"#) },
    Row { method: "POST", path: "/api/messages/resend", access: Access::Employee, uri: "/api/messages/resend", body: Some(r#"{"chat":"{chat}","seq":1}"#) },
    Row { method: "GET", path: "/api/live", access: Access::Employee, uri: "/api/live", body: None },
    Row { method: "GET", path: "/api/settings/groups", access: Access::Admin, uri: "/api/settings/groups", body: None },
    Row { method: "POST", path: "/api/settings/groups/rooms", access: Access::Admin, uri: "/api/settings/groups/rooms", body: Some(r#"{"group":"operators","rooms":[]}"#) },
    Row { method: "GET", path: "/api/settings/rooms", access: Access::Admin, uri: "/api/settings/rooms", body: None },
    Row { method: "GET", path: "/api/settings/rooms/tariff", access: Access::Admin, uri: "/api/settings/rooms/tariff", body: None },
    Row { method: "POST", path: "/api/settings/rooms", access: Access::Admin, uri: "/api/settings/rooms", body: Some(r#"{"room":{"name":"Чужая","kind":"client","max_wait_secs":60}}"#) },
    Row { method: "POST", path: "/api/settings/groups", access: Access::Admin, uri: "/api/settings/groups", body: Some(r#"{"name":"Захватчики"}"#) },
    Row { method: "POST", path: "/api/settings/groups/rights", access: Access::Admin, uri: "/api/settings/groups/rights", body: Some(r#"{"group":"operators","rights":["admin"]}"#) },
    Row { method: "GET", path: "/api/settings/audit", access: Access::Admin, uri: "/api/settings/audit", body: None },
    Row { method: "GET", path: "/api/settings/employees", access: Access::Admin, uri: "/api/settings/employees", body: None },
    Row { method: "POST", path: "/api/settings/employees", access: Access::Admin, uri: "/api/settings/employees", body: Some(r#"{"employee":{"name":"X","email":"x@x.x","password":"longenough"}}"#) },
    Row { method: "POST", path: "/api/settings/employees/groups", access: Access::Admin, uri: "/api/settings/employees/groups", body: Some(r#"{"employee":"boris","groups":["admins"]}"#) },
    Row { method: "POST", path: "/api/settings/employees/disabled", access: Access::Admin, uri: "/api/settings/employees/disabled", body: Some(r#"{"employee":"anna","disabled":true}"#) },
    Row { method: "POST", path: "/api/settings/employees/password", access: Access::Admin, uri: "/api/settings/employees/password", body: Some(r#"{"employee":"anna","password":"hijacked1"}"#) },
    Row { method: "POST", path: "/api/settings/groups/rename", access: Access::Admin, uri: "/api/settings/groups/rename", body: Some(r#"{"group":"operators","name":"Захвачено"}"#) },
    Row { method: "POST", path: "/api/settings/groups/delete", access: Access::Admin, uri: "/api/settings/groups/delete", body: Some(r#"{"group":"sales"}"#) },
    Row { method: "POST", path: "/api/settings/groups/topics", access: Access::Admin, uri: "/api/settings/groups/topics", body: Some(r#"{"group":"operators","topics":[]}"#) },
    Row { method: "POST", path: "/api/settings/rooms/edit", access: Access::Admin, uri: "/api/settings/rooms/edit", body: Some(r#"{"room":{"id":"support","name":"Чужая","kind":"client","max_wait_secs":60,"panel_fields":[]}}"#) },
    Row { method: "POST", path: "/api/settings/rooms/move", access: Access::Admin, uri: "/api/settings/rooms/move", body: Some(r#"{"room":"support","step":1}"#) },
    Row { method: "POST", path: "/api/settings/rooms/image", access: Access::Admin, uri: "/api/settings/rooms/image", body: Some(r#"{"room":"support","data":"R0lGODlhAQABAAAAACw="}"#) },
    Row { method: "POST", path: "/api/settings/employees/bot", access: Access::Admin, uri: "/api/settings/employees/bot", body: Some(r#"{"employee":"anna","is_bot":true}"#) },
    Row { method: "GET", path: "/api/settings/statuses", access: Access::Admin, uri: "/api/settings/statuses", body: None },
    Row { method: "POST", path: "/api/settings/statuses", access: Access::Admin, uri: "/api/settings/statuses", body: Some(r##"{"status":{"id":"active","name":"Взломан","color":"#000000","closed":false,"is_default":true,"remove_responsible":false,"message":null,"move_to_room":null,"position":1}}"##) },
    Row { method: "POST", path: "/api/settings/statuses/delete", access: Access::Admin, uri: "/api/settings/statuses/delete", body: Some(r#"{"status":"waiting","replacement":"closed"}"#) },
    Row { method: "GET", path: "/api/settings/topics", access: Access::Admin, uri: "/api/settings/topics", body: None },
    Row { method: "POST", path: "/api/settings/topics", access: Access::Admin, uri: "/api/settings/topics", body: Some(r#"{"topic":{"id":"","name":"Чужая тема","position":0}}"#) },
    Row { method: "POST", path: "/api/settings/topics/delete", access: Access::Admin, uri: "/api/settings/topics/delete", body: Some(r#"{"topic":"billing","replacement":null}"#) },
    Row { method: "GET", path: "/api/settings/fields", access: Access::Admin, uri: "/api/settings/fields", body: None },
    Row { method: "POST", path: "/api/settings/fields", access: Access::Admin, uri: "/api/settings/fields", body: Some(r#"{"field":{"id":"","name":"Чужое","kind":"text","choices":[],"owner":"user","position":0}}"#) },
    Row { method: "POST", path: "/api/settings/fields/delete", access: Access::Admin, uri: "/api/settings/fields/delete", body: Some(r#"{"field":"contract"}"#) },
    Row { method: "GET", path: "/api/settings/sources/telegram", access: Access::Admin, uri: "/api/settings/sources/telegram", body: None },
    Row { method: "POST", path: "/api/settings/sources/telegram", access: Access::Admin, uri: "/api/settings/sources/telegram", body: Some(r#"{"source":{"room":"support","token":"123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms","has_token":false,"enabled":true}}"#) },
    Row { method: "POST", path: "/api/settings/sources/telegram/check", access: Access::Admin, uri: "/api/settings/sources/telegram/check", body: Some(r#"{"room":"support"}"#) },
    Row { method: "POST", path: "/api/settings/sources/email/check", access: Access::Admin, uri: "/api/settings/sources/email/check", body: Some(r#"{"room":"support"}"#) },
    Row { method: "GET", path: "/api/settings/sources/email", access: Access::Admin, uri: "/api/settings/sources/email", body: None },
    Row { method: "POST", path: "/api/settings/sources/email", access: Access::Admin, uri: "/api/settings/sources/email", body: Some(r#"{"source":{"room":"support","address":"x@evil.test","imap_host":"imap.evil.test","imap_port":993,"smtp_host":"smtp.evil.test","smtp_port":465,"login":"x","password":"stolen","has_password":false}}"#) },
    Row { method: "GET", path: "/api/statuses", access: Access::Employee, uri: "/api/statuses", body: None },
    Row { method: "POST", path: "/api/chats/status", access: Access::Employee, uri: "/api/chats/status", body: Some(r#"{"chat":"{chat}","status":"closed"}"#) },
    Row { method: "GET", path: "/api/chats/{chat}/assignees", access: Access::Employee, uri: "/api/chats/{chat}/assignees", body: None },
    Row { method: "POST", path: "/api/chats/responsible", access: Access::Employee, uri: "/api/chats/responsible", body: Some(r#"{"chat":"{chat}","employee":"vera"}"#) },
    Row { method: "POST", path: "/api/chats/leave", access: Access::Employee, uri: "/api/chats/leave", body: Some(r#"{"chat":"{chat}"}"#) },
    Row { method: "POST", path: "/api/chats/delete", access: Access::Employee, uri: "/api/chats/delete", body: Some(r#"{"chat":"{chat}"}"#) },
    Row { method: "POST", path: "/api/chats/restore", access: Access::Employee, uri: "/api/chats/restore", body: Some(r#"{"chat":"{chat}"}"#) },
    Row { method: "POST", path: "/api/chats/erase", access: Access::Employee, uri: "/api/chats/erase", body: Some(r#"{"chat":"{chat}"}"#) },
    Row { method: "GET", path: "/api/chats/{chat}/history", access: Access::Employee, uri: "/api/chats/{chat}/history", body: None },
    Row { method: "GET", path: "/api/topics", access: Access::Employee, uri: "/api/topics", body: None },
    Row { method: "POST", path: "/api/chats/topic", access: Access::Employee, uri: "/api/chats/topic", body: Some(r#"{"chat":"{chat}","topic":{"kind":"other","value":"Чужая"}}"#) },
    Row { method: "GET", path: "/api/chats/{chat}/participants", access: Access::Employee, uri: "/api/chats/{chat}/participants", body: None },
    Row { method: "GET", path: "/api/chats/{chat}/operator-candidates", access: Access::Employee, uri: "/api/chats/{chat}/operator-candidates", body: None },
    Row { method: "POST", path: "/api/chats/participants/add", access: Access::Employee, uri: "/api/chats/participants/add", body: Some(r#"{"chat":"{chat}","employees":["vera"]}"#) },
    Row { method: "POST", path: "/api/chats/participants/remove", access: Access::Employee, uri: "/api/chats/participants/remove", body: Some(r#"{"chat":"{chat}","employee":"anna"}"#) },
    Row { method: "GET", path: "/api/employees", access: Access::Employee, uri: "/api/employees", body: None },
    Row { method: "POST", path: "/api/profile/activity", access: Access::Employee, uri: "/api/profile/activity", body: Some(r#"{"active":false}"#) },
    Row { method: "POST", path: "/api/profile/sounds", access: Access::Employee, uri: "/api/profile/sounds", body: Some(r#"{"messages":false,"calls":false}"#) },
    Row { method: "GET", path: "/api/push/key", access: Access::Employee, uri: "/api/push/key", body: None },
    Row { method: "POST", path: "/api/push/subscribe", access: Access::Employee, uri: "/api/push/subscribe", body: Some(r#"{"subscription":{"endpoint":"https://push.example.com/{chat}","p256dh":"BGsX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKWT-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU","auth":"AAAAAAAAAAAAAAAAAAAAAA","device":"authz","lang":"ru"}}"#) },
    Row { method: "GET", path: "/api/push/devices", access: Access::Employee, uri: "/api/push/devices", body: None },
    Row { method: "POST", path: "/api/push/devices/remove", access: Access::Employee, uri: "/api/push/devices/remove", body: Some(r#"{"device":"{chat}"}"#) },
    Row { method: "GET", path: "/api/push/settings", access: Access::Employee, uri: "/api/push/settings", body: None },
    Row { method: "POST", path: "/api/push/settings", access: Access::Employee, uri: "/api/push/settings", body: Some(r#"{"settings":{"inquiries":false,"messages":false,"calls":false,"previews":true}}"#) },
    Row { method: "POST", path: "/api/settings/ratings", access: Access::Admin, uri: "/api/settings/ratings", body: Some(r#"{"from_ms":0,"to_ms":9999999999999}"#) },
    Row { method: "POST", path: "/api/widget/rate", access: Access::Visitor, uri: "/api/widget/rate", body: Some(r#"{"rating":{"chat":"{chat}","score":1,"comment":"чужая оценка"}}"#) },
    Row { method: "GET", path: "/api/saved-replies", access: Access::Employee, uri: "/api/saved-replies", body: None },
    Row { method: "POST", path: "/api/saved-replies/save", access: Access::Employee, uri: "/api/saved-replies/save", body: Some(r#"{"draft":{"id":"{chat}","title":"Взлом","text":"чужой шаблон","room":null}}"#) },
    Row { method: "POST", path: "/api/saved-replies/delete", access: Access::Employee, uri: "/api/saved-replies/delete", body: Some(r#"{"id":"{chat}"}"#) },
    Row { method: "POST", path: "/api/chats/filter", access: Access::Employee, uri: "/api/chats/filter", body: Some(r#"{"filter":{"words":"Здравствуйте","client":"","user":null}}"#) },
    Row { method: "POST", path: "/api/internal-chats/same-people", access: Access::Employee, uri: "/api/internal-chats/same-people", body: Some(r#"{"room":"staff","others":["boris"]}"#) },
    Row { method: "POST", path: "/api/internal-chats/create", access: Access::Employee, uri: "/api/internal-chats/create", body: Some(r#"{"chat":{"room":"staff","key":"{chat}","group":false,"others":["anna"],"topic":""}}"#) },
    Row { method: "GET", path: "/api/chats/{chat}/client-panel", access: Access::Employee, uri: "/api/chats/{chat}/client-panel", body: None },
    Row { method: "POST", path: "/api/chats/block", access: Access::Employee, uri: "/api/chats/block", body: Some(r#"{"block":{"chat":"{chat}","until_ms":99999999999999,"reason":"Захват"}}"#) },
    Row { method: "POST", path: "/api/chats/unblock", access: Access::Employee, uri: "/api/chats/unblock", body: Some(r#"{"chat":"{chat}"}"#) },
    Row { method: "POST", path: "/api/widget/page", access: Access::Visitor, uri: "/api/widget/page", body: Some(r#"{"report":{"url":"https://evil.test/","title":"x","timezone":"","language":""}}"#) },
    Row { method: "GET", path: "/api/chats/{chat}/user-info", access: Access::Employee, uri: "/api/chats/{chat}/user-info", body: None },
    Row { method: "POST", path: "/api/users/rename", access: Access::Employee, uri: "/api/users/rename", body: Some(r#"{"chat":"{chat}","name":"Захвачено"}"#) },
    Row { method: "POST", path: "/api/users/field", access: Access::Employee, uri: "/api/users/field", body: Some(r#"{"edit":{"chat":"{chat}","owner":"user","field":"contract","value":"x"}}"#) },
    Row { method: "POST", path: "/api/users/history", access: Access::Employee, uri: "/api/users/history", body: Some(r#"{"query":{"chat":"{chat}","client":true,"from_ms":null,"to_ms":null,"action":null}}"#) },
    Row { method: "POST", path: "/api/clients/candidates", access: Access::Employee, uri: "/api/clients/candidates", body: Some(r#"{"chat":"{chat}","query":"Мар"}"#) },
    Row { method: "POST", path: "/api/clients/merge", access: Access::Employee, uri: "/api/clients/merge", body: Some(r#"{"chat":"{chat}","other":"maria"}"#) },
    Row { method: "POST", path: "/api/clients/unmerge", access: Access::Employee, uri: "/api/clients/unmerge", body: Some(r#"{"chat":"{chat}","user":"ivan"}"#) },
    Row { method: "GET", path: "/api/meetings/{chat}", access: Access::Employee, uri: "/api/meetings/{chat}", body: None },
    Row { method: "POST", path: "/api/meetings/create", access: Access::Employee, uri: "/api/meetings/create", body: Some(r#"{"meeting":{"room":"conferences","key":"{chat}","topic":"Захват","starts_ms":null,"participants":[]}}"#) },
    Row { method: "POST", path: "/api/meetings/settings", access: Access::Employee, uri: "/api/meetings/settings", body: Some(r#"{"chat":"{chat}","settings":{"lobby":false,"max_participants":4,"who_starts":"participants","presenters":[]}}"#) },
    Row { method: "POST", path: "/api/meetings/link", access: Access::Employee, uri: "/api/meetings/link", body: Some(r#"{"chat":"{chat}"}"#) },
    Row { method: "GET", path: "/api/calls/running", access: Access::Employee, uri: "/api/calls/running", body: None },
    Row { method: "GET", path: "/api/calls/signal", access: Access::Employee, uri: "/api/calls/signal?chat={chat}&guest=", body: None },
    Row { method: "GET", path: "/api/meet/code/{code}", access: Access::Public, uri: "/api/meet/code/0000000000", body: None },
    Row { method: "POST", path: "/api/meet/guest", access: Access::Public, uri: "/api/meet/guest", body: Some(r#"{"code":"0000000000","name":"Гость"}"#) },
    Row { method: "GET", path: "/api/widget/{room}", access: Access::Public, uri: "/api/widget/staff", body: None },
    Row { method: "POST", path: "/api/widget/start", access: Access::Public, uri: "/api/widget/start", body: Some(r#"{"room":"staff","name":"x"}"#) },
    Row { method: "POST", path: "/api/widget/start-offline", access: Access::Public, uri: "/api/widget/start-offline", body: Some(r#"{"room":"staff","form":{"name":"x","email":"x@example.com","text":"x","client_id":"authz-0003"}}"#) },
    Row { method: "POST", path: "/api/settings/rooms/hours", access: Access::Admin, uri: "/api/settings/rooms/hours", body: Some(r#"{"room":"support"}"#) },
    Row { method: "POST", path: "/api/settings/rooms/hours/save", access: Access::Admin, uri: "/api/settings/rooms/hours/save", body: Some(r#"{"room":"support","hours":{"enabled":true,"timezone":"UTC","days":[null,null,null,null,null,null,null],"accept_outside":false,"offline_when_nobody":true}}"#) },
    Row { method: "POST", path: "/api/widget/resume", access: Access::Visitor, uri: "/api/widget/resume", body: Some(r#"{"chat":"","after_seq":0}"#) },
    Row { method: "POST", path: "/api/widget/history", access: Access::Visitor, uri: "/api/widget/history", body: Some(r#"{"chat":"{chat}","before_seq":0}"#) },
    Row { method: "POST", path: "/api/widget/send", access: Access::Visitor, uri: "/api/widget/send", body: Some(r#"{"client_id":"authz-0002","text":"intrusion"}"#) },
    Row { method: "GET", path: "/api/widget/live", access: Access::Visitor, uri: "/api/widget/live?token={token}", body: None },
    // The size limit for files (#14): the same number for anyone. The file
    // routes themselves are plain routes: their rows are in tests/attachments.rs.
    Row { method: "POST", path: "/api/calls/decline", access: Access::Employee, uri: "/api/calls/decline", body: Some(r#"{"chat":"{chat}"}"#) },
    Row { method: "GET", path: "/api/file-limit", access: Access::Public, uri: "/api/file-limit", body: None },
];

#[test]
fn every_server_function_has_a_row() {
    let mut registered: Vec<String> = ServerFunction::collect().iter().map(|f| format!("{} {}", f.method(), f.path())).collect();
    let mut listed: Vec<String> = MATRIX.iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    registered.sort();
    listed.sort();
    // A function may have several rows (the same listing asked of two rooms).
    listed.dedup();
    assert_eq!(registered, listed, "add a row to MATRIX for every new server function");
}

/// Someone who must be refused, and the object they aim at.
struct Intruder {
    name: &'static str,
    /// Holds the right to administer (so settings are not an intrusion).
    admin: bool,
    cookie: Option<String>,
    chat: &'static str,
    token: String,
}

async fn call(router: &axum::Router, row: &Row, who: &Intruder) -> (StatusCode, String) {
    let fill = |s: &str| s.replace("{chat}", who.chat).replace("{token}", &who.token);
    let mut request = Request::builder().method(row.method).uri(fill(row.uri));
    if let Some(cookie) = &who.cookie {
        request = request.header(header::COOKIE, cookie);
    }
    if matches!(row.access, Access::Visitor) && !who.token.is_empty() {
        request = request.header(chats::model::visitor::VISITOR_TOKEN_HEADER, who.token.as_str());
    }
    let request = match row.body {
        Some(body) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(fill(body))),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).to_string())
}

async fn login(router: &axum::Router, email: &str) -> String {
    let row = Row { method: "POST", path: "", access: Access::Public, uri: "/api/auth/login", body: None };
    let body = json!({"credentials": {"email": email, "password": "demo1234"}}).to_string();
    let request = Request::builder()
        .method(row.method)
        .uri(row.uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let cookie = response.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

/// Everything an intrusion could change, as one comparable value.
/// Removes a chat an intruder legitimately made, so the snapshot compares the rest.
async fn forget_chat(state: &AppState, id: &str) {
    state
        .db
        .query("LET $chat = type::record('chat', $id); DELETE meeting WHERE chat = $chat; DELETE chat_request WHERE chat = $chat; DELETE chat_event WHERE chat = $id; DELETE $chat;")
        .bind(("id", id.to_string()))
        .await
        .unwrap()
        .check()
        .unwrap();
}

async fn snapshot(state: &AppState) -> Value {
    let mut response = state
        .db
        .query(
            "SELECT chat, seq, text FROM message ORDER BY chat, seq;
             SELECT employee, chat, seq FROM read_position ORDER BY employee, chat;
             SELECT id, last_seq, responsible, status, deleted, participants, room, topic, topic_ref FROM chat ORDER BY id;
             SELECT id, name, rooms, rights FROM staff_group ORDER BY id;
             SELECT id, name FROM room ORDER BY id;
             SELECT id, email, groups, disabled, password_hash, is_bot FROM employee ORDER BY id;
             SELECT * FROM chat_status ORDER BY id;
             SELECT * FROM topic ORDER BY id;
             SELECT * FROM custom_field ORDER BY id;
             SELECT * FROM email_source ORDER BY id;
             SELECT * FROM room_image ORDER BY id;
             SELECT id, name, rooms, rights, topics, kind, max_wait_secs, panel_fields, image, position FROM room ORDER BY id;
             SELECT * FROM block ORDER BY id;
             SELECT id, name, page_url, utm, location, client FROM user ORDER BY id;
             SELECT * FROM client ORDER BY id;
             SELECT * FROM field_value ORDER BY id;
             SELECT * FROM meeting ORDER BY id;",
        )
        .await
        .unwrap();
    let tables: Vec<Vec<Value>> = (0..17).map(|i| response.take(i).unwrap()).collect();
    json!(tables)
}

#[tokio::test]
async fn every_intruder_is_refused_and_nothing_changes() {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let state = open_state("mem://", true).await.unwrap();
    let router = router(state.clone());
    let vera = login(&router, "vera@demo.local").await;
    let admin = login(&router, "admin@demo.local").await;
    // A real visitor of another chat.
    let other = chats::server::people::visitors::start(&state, "sales", "Другой посетитель").await.unwrap();
    chats::server::people::visitors::send(&state, &other.token, "other-0001", "мой чат").await.unwrap();

    // A removed participant: Vera was in Anna's group chat and was taken out.
    let anna = common::signed_in(&state, "anna").await;
    let group = chats::model::internal_chat::NewInternalChat {
        room: "staff".into(),
        key: "authz-removed".into(),
        group: true,
        others: vec!["boris".into(), "vera".into()],
        topic: "Планёрка".into(),
    };
    let made = chats::server::chats::internal::create(&state, &anna, group).await.unwrap();
    // The key is the server's; the intruder table wants it for the whole test.
    let removed_chat: &'static str = Box::leak(made.id.into_boxed_str());
    assert!(common::sees(&state, &common::signed_in(&state, "vera").await, removed_chat).await);
    chats::server::chats::participants::remove(&state, &anna, removed_chat, "vera").await.unwrap();
    let removed = login(&router, "vera@demo.local").await;

    let intruders = [
        Intruder { name: "removed participant", admin: false, cookie: Some(removed), chat: removed_chat, token: "2".repeat(64) },
        Intruder { name: "no session", admin: false, cookie: None, chat: "vivan", token: "f".repeat(64) },
        Intruder { name: "dead session", admin: false, cookie: Some("chats_session=0123".into()), chat: "vivan", token: String::new() },
        Intruder { name: "operator without the room", admin: false, cookie: Some(vera), chat: "vivan", token: "0".repeat(64) },
        Intruder { name: "not a participant (internal chat)", admin: true, cookie: Some(admin), chat: "staff_anna_boris", token: "1".repeat(64) },
        Intruder { name: "visitor token as a cookie", admin: false, cookie: Some(format!("chats_session={}", other.token)), chat: "vivan", token: "short".into() },
    ];
    let before = snapshot(&state).await;
    for row in MATRIX.iter().filter(|r| r.access != Access::Public) {
        for who in intruders.iter().filter(|w| !(row.access == Access::Admin && w.admin)) {
            let (status, body) = call(&router, row, who).await;
            let refused = match row.access {
                // An employee endpoint: 401 without a valid session, 404 for
                // an object the caller may not see (as if it did not exist),
                // 403 for settings without the right to administer.
                Access::Employee | Access::Admin => [StatusCode::UNAUTHORIZED, StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&status),
                Access::Visitor => status == StatusCode::UNAUTHORIZED,
                Access::Public => unreachable!(),
            };
            // Rooms, the chat list and the profile are the caller's own:
            // allowed, but they must not contain the target.
            let own_listing = matches!(row.path, "/api/rooms" | "/api/chats/counts" | "/api/chats/page" | "/api/auth/me" | "/api/statuses" | "/api/topics" | "/api/chats/filter" | "/api/employees" | "/api/profile/activity" | "/api/profile/sounds" | "/api/push/key" | "/api/push/subscribe" | "/api/push/devices" | "/api/push/settings" | "/api/saved-replies" | "/api/internal-chats/same-people" | "/api/calls/running") && status == StatusCode::OK;
            // Creating with another chat's id as the key: the key is only a
            // token, so this is the caller's own new chat, never the target.
            let own_creation = matches!(row.path, "/api/internal-chats/create" | "/api/meetings/create") && status == StatusCode::OK;
            if own_creation {
                let made: Value = serde_json::from_str(&body).unwrap();
                let id = made["id"].as_str().unwrap().to_string();
                assert_ne!(id, who.chat, "{} as {}: the key took over the chat", row.uri, who.name);
                forget_chat(&state, &id).await;
                continue;
            }
            if own_listing {
                assert!(!body.contains(&format!("\"id\":\"{}\"", who.chat)), "{} {} as {}: leaked {}", row.method, row.uri, who.name, who.chat);
                continue;
            }
            // A websocket endpoint refuses before the upgrade (no upgrade
            // headers here): 401 for no session, otherwise not 2xx.
            if row.path.ends_with("/live") || row.path.ends_with("/signal") {
                assert!(!status.is_success(), "{} {} as {}: {status}", row.method, row.uri, who.name);
                continue;
            }
            assert!(refused, "{} {} as {}: {status} {body}", row.method, row.uri, who.name);
            for secret in ["surreal", "SELECT", "record", "Иван", "личный кабинет", "panicked"] {
                assert!(!body.contains(secret), "{} {} as {}: error leaks {secret:?}: {body}", row.method, row.uri, who.name);
            }
        }
    }
    assert_eq!(before, snapshot(&state).await, "an intrusion changed something");
}

#[tokio::test]
async fn public_endpoints_refuse_what_is_not_public() {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let state = open_state("mem://", true).await.unwrap();
    let router = router(state);
    let nobody = Intruder { name: "anyone", admin: false, cookie: None, chat: "", token: String::new() };
    // Logout, "is setup needed?" and the file size limit answer anyone by design.
    for row in MATRIX.iter().filter(|r| r.access == Access::Public && r.path != "/api/auth/logout" && r.path != "/api/file-limit" && !(r.method == "GET" && r.path == "/api/setup")) {
        let (status, body) = call(&router, row, &nobody).await;
        assert!(status.is_client_error(), "{} {}: {status} {body}", row.method, row.uri);
    }
}
