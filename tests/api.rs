//! Server functions called over HTTP through the app's real router.

#![cfg(feature = "server")]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chats::http::router;
use chats::server::startup::open_state;
use serde_json::{json, Value};
use tower::ServiceExt;

struct App {
    router: axum::Router,
}

struct Reply {
    status: StatusCode,
    cookie: Option<String>,
    body: Value,
}

impl App {
    async fn new() -> App {
        // The router serves static files from here; it must exist.
        std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
        let state = open_state("mem://", true).await.expect("database opens");
        App { router: router(state) }
    }

    async fn call(&self, method: &str, uri: &str, cookie: Option<&str>, body: Option<String>) -> Reply {
        self.call_with(method, uri, cookie.map(|c| (header::COOKIE.as_str(), c)), body).await
    }

    /// A widget's call: the visitor's token in its header.
    async fn visitor_call(&self, uri: &str, token: &str, body: String) -> Reply {
        self.call_with("POST", uri, Some((chats::model::visitor::VISITOR_TOKEN_HEADER, token)), Some(body)).await
    }

    async fn call_with(&self, method: &str, uri: &str, credential: Option<(&str, &str)>, body: Option<String>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some((name, value)) = credential {
            request = request.header(name, value);
        }
        let request = match body {
            Some(body) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body)),
            None => request.body(Body::empty()),
        }
        .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().to_string());
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 22).await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
        Reply { status, cookie, body }
    }

    async fn login(&self, email: &str) -> String {
        let reply = self
            .call("POST", "/api/auth/login", None, Some(json!({"credentials": {"email": email, "password": "demo1234"}}).to_string()))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.cookie.expect("login sets the session cookie")
    }
}

#[tokio::test]
async fn login_sets_an_http_only_cookie_and_me_works() {
    let app = App::new().await;
    let request = Request::builder()
        .method("POST")
        .uri("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"credentials": {"email": "anna@demo.local", "password": "demo1234"}}).to_string()))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let set_cookie = response.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");

    let cookie = app.login("anna@demo.local").await;
    let me = app.call("GET", "/api/auth/me", Some(&cookie), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["id"], "anna");
}

#[tokio::test]
async fn wrong_password_is_401_with_a_clear_message() {
    let app = App::new().await;
    let reply = app
        .call("POST", "/api/auth/login", None, Some(json!({"credentials": {"email": "anna@demo.local", "password": "x"}}).to_string()))
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem_in(&reply.body), json!({"code": "wrong_credentials"}), "{}", reply.body);
    assert_eq!(reply.body["code"], 401);
    assert_eq!(reply.body["data"]["ServerError"]["message"], "Wrong e-mail or password");
}

#[tokio::test]
async fn every_workspace_endpoint_needs_a_session() {
    let app = App::new().await;
    for (method, uri, body) in [
        ("GET", "/api/auth/me", None),
        ("GET", "/api/rooms", None),
        ("GET", "/api/chats/counts", None),
        ("GET", "/api/chats/page?room=support&list=new&after_ms=0&after_chat=", None),
        ("GET", "/api/chats/one/vivan", None),
        ("GET", "/api/chats/vivan/messages?after_seq=0&before_seq=0", None),
        ("POST", "/api/messages", Some(json!({"message": {"chat": "vivan", "client_id": "abcdefgh", "text": "hi"}}).to_string())),
        ("POST", "/api/chats/read", Some(json!({"chat": "vivan", "seq": 1}).to_string())),
    ] {
        let reply = app.call(method, uri, None, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert_eq!(problem_in(&reply.body), json!({"code": "sign_in_required"}), "{method} {uri}: {}", reply.body);
        let expired = app.call(method, uri, Some("chats_session=ffff"), body).await;
        assert_eq!(expired.status, StatusCode::UNAUTHORIZED, "{method} {uri} with a dead session");
    }
}

#[tokio::test]
async fn rooms_and_chats_follow_the_callers_rights() {
    let app = App::new().await;
    let vera = app.login("vera@demo.local").await;
    let rooms = app.call("GET", "/api/rooms", Some(&vera), None).await;
    assert_eq!(rooms.status, StatusCode::OK);
    let names: Vec<&str> = rooms.body.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["sales", "staff"]);

    let other_room = app.call("GET", "/api/chats/vivan/messages?after_seq=0&before_seq=0", Some(&vera), None).await;
    assert_eq!(other_room.status, StatusCode::NOT_FOUND);
    assert_eq!(problem_in(&other_room.body), json!({"code": "not_found", "thing": "chat"}), "{}", other_room.body);
    let unknown = app.call("GET", "/api/chats/nosuchchat/messages?after_seq=0&before_seq=0", Some(&vera), None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sending_validates_input_and_is_idempotent() {
    let app = App::new().await;
    let anna = app.login("anna@demo.local").await;
    let send = |text: &str, key: &str| json!({"message": {"chat": "vivan", "client_id": key, "text": text}}).to_string();

    let empty = app.call("POST", "/api/messages", Some(&anna), Some(send("  ", "key-empty-1"))).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_in(&empty.body), json!({"code": "message_empty"}), "{}", empty.body);
    let long = app.call("POST", "/api/messages", Some(&anna), Some(send(&"я".repeat(10_001), "key-long-01"))).await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_in(&long.body), json!({"code": "message_too_long", "chars": 10_001, "max": 10_000}), "{}", long.body);

    let first = app.call("POST", "/api/messages", Some(&anna), Some(send("Здравствуйте!", "key-same-01"))).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = app.call("POST", "/api/messages", Some(&anna), Some(send("Здравствуйте!", "key-same-01"))).await;
    assert_eq!(first.body, again.body);

    let history = app.call("GET", "/api/chats/vivan/messages?after_seq=0&before_seq=0", Some(&anna), None).await;
    let texts: Vec<&str> = history.body["messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts.iter().filter(|t| **t == "Здравствуйте!").count(), 1);
    assert!(!texts.iter().any(|t| t.trim().is_empty()));
}

#[tokio::test]
async fn malformed_requests_are_refused() {
    let app = App::new().await;
    let anna = app.login("anna@demo.local").await;
    let reply = app.call("POST", "/api/messages", Some(&anna), Some("{not json".into())).await;
    assert!(reply.status.is_client_error(), "{} {}", reply.status, reply.body);
    let reply = app.call("POST", "/api/messages", Some(&anna), Some(json!({"message": {"chat": 5}}).to_string())).await;
    assert!(reply.status.is_client_error(), "{} {}", reply.status, reply.body);
}

#[tokio::test]
async fn widget_flow_over_http() {
    let app = App::new().await;
    let room = app.call("GET", "/api/widget/support", None, None).await;
    assert_eq!(room.status, StatusCode::OK);
    assert_eq!(room.body["name"], "Поддержка");
    assert_eq!(app.call("GET", "/api/widget/staff", None, None).await.status, StatusCode::NOT_FOUND);

    let start = app.call("POST", "/api/widget/start", None, Some(json!({"room": "support", "name": "Гость"}).to_string())).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    let token = start.body["token"].as_str().unwrap().to_string();
    let sent = app.visitor_call("/api/widget/send", &token, json!({"client_id": "visitor-001", "text": "Помогите"}).to_string()).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let resumed = app.visitor_call("/api/widget/resume", &token, json!({"chat": "", "after_seq": 0}).to_string()).await;
    assert_eq!(resumed.body["messages"].as_array().unwrap().len(), 1);
    assert_eq!(resumed.body["token"], token, "a resume answers with the token it was called with");
    let chat = resumed.body["chat"].as_str().unwrap().to_string();
    let earlier = app.visitor_call("/api/widget/history", &token, json!({"chat": chat, "before_seq": 2}).to_string()).await;
    assert_eq!(earlier.status, StatusCode::OK, "{}", earlier.body);
    assert_eq!(earlier.body["messages"][0]["text"], "Помогите");
    let foreign = app.visitor_call("/api/widget/history", &token, json!({"chat": "vivan", "before_seq": 0}).to_string()).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "another visitor's chat is unknown");

    let forged = app.visitor_call("/api/widget/resume", &"f".repeat(64), json!({"chat": "", "after_seq": 0}).to_string()).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    let missing = app.call("POST", "/api/widget/resume", None, Some(json!({"chat": "", "after_seq": 0}).to_string())).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED, "no token header, no visitor");
}

#[tokio::test]
async fn a_room_image_is_uploaded_as_base64_and_served_to_those_who_see_the_room() {
    let app = App::new().await;
    let admin = app.login("admin@demo.local").await;
    // A 1×1 GIF.
    let gif = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";
    let svg = "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+";
    let refused = app.call("POST", "/api/settings/rooms/image", Some(&admin), Some(json!({"room": "sales", "data": svg}).to_string())).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{:?}", refused.body);
    let stored = app.call("POST", "/api/settings/rooms/image", Some(&admin), Some(json!({"room": "sales", "data": gif}).to_string())).await;
    assert_eq!(stored.status, StatusCode::OK, "{:?}", stored.body);
    let url = stored.body.as_str().expect("the image's URL").to_string();

    let vera = app.login("vera@demo.local").await;
    let request = |cookie: Option<&str>| {
        let mut r = Request::builder().uri(url.as_str());
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        r.body(Body::empty()).unwrap()
    };
    let response = app.router.clone().oneshot(request(Some(&vera))).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get(header::CONTENT_TYPE).unwrap(), "image/gif");
    assert_eq!(response.headers().get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    assert_eq!(app.router.clone().oneshot(request(None)).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    // An unknown room (or one the caller does not see) is 404.
    let missing = app.router.clone().oneshot(Request::builder().uri("/media/rooms/nosuch").header(header::COOKIE, &vera).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_address_with_too_many_failed_sign_ins_waits_whichever_account_it_tries() {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let app = App::new().await;
    let attempt = |from: &str, email: &str, password: &str| {
        let mut request = Request::builder()
            .method("POST")
            .uri("/api/auth/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"credentials": {"email": email, "password": password}}).to_string()))
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(from.parse::<SocketAddr>().unwrap()));
        let router = app.router.clone();
        async move { router.oneshot(request).await.unwrap().status() }
    };
    // Ten wrong guesses spread over accounts (none of them locked on its own).
    for i in 0..chats::server::people::address_limit::MAX_FAILURES {
        let email = ["anna@demo.local", "boris@demo.local", "nobody@demo.local"][i % 3];
        assert_eq!(attempt("203.0.113.7:5000", email, "guess").await, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits, from that address only.
    assert_eq!(attempt("203.0.113.7:5001", "vera@demo.local", "demo1234").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(attempt("198.51.100.2:6000", "vera@demo.local", "demo1234").await, StatusCode::OK);
}

/// A refusal's JSON is what the browser's server-function client decodes:
/// the status as `code`, and in `data` the server function's error, whose
/// `details` is the problem and whose `message` is English. The browser
/// decodes `data` back into the `ServerFnError`, `api::problem_of` reads the
/// problem from it, and the browser words it, not the server.
#[tokio::test]
async fn a_refusal_carries_its_problem_code_in_data() {
    use chats::model::problem::Problem;
    use dioxus::prelude::ServerFnError;
    let as_browser = |body: &Value| chats::api::problem_of(&serde_json::from_value::<ServerFnError>(body["data"].clone()).unwrap());
    let app = App::new().await;
    let anna = app.login("anna@demo.local").await;
    let body = json!({"message": {"chat": "vivan", "client_id": "key-empty-2", "text": " "}}).to_string();
    let reply = app.call("POST", "/api/messages", Some(&anna), Some(body)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["code"], 400);
    assert_eq!(reply.body["data"], json!({"ServerError": {"message": "The message is empty", "code": 400, "details": {"code": "message_empty"}}}));
    assert_eq!(as_browser(&reply.body), Problem::MessageEmpty);
    // Refused by an extractor (no session): the same shape.
    let reply = app.call("GET", "/api/auth/me", None, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(as_browser(&reply.body), Problem::SignInRequired, "{}", reply.body);
    // A body the server cannot decode: the same shape.
    let reply = app.call("POST", "/api/messages", Some(&anna), Some(json!({"message": {"chat": 5}}).to_string())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(problem_in(&reply.body), json!({"code": "malformed_request"}), "{}", reply.body);
    assert_eq!(as_browser(&reply.body), Problem::MalformedRequest);
    // No Russian on the wire: the browser words the problem.
    assert!(!reply.body.to_string().chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)), "{}", reply.body);
    // A body over the limit: 413 before any handler runs, in the same shape.
    let huge = json!({"message": {"chat": "vivan", "client_id": "key-huge", "text": "x".repeat(3 * 1024 * 1024)}}).to_string();
    let reply = app.call("POST", "/api/messages", Some(&anna), Some(huge)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.body);
    assert_eq!(as_browser(&reply.body), Problem::BodyTooLarge { max_kib: 2048 });
}

/// Where a refusal's problem is in its JSON (see the test above).
fn problem_in(body: &Value) -> Value {
    body["data"]["ServerError"]["details"].clone()
}

#[tokio::test]
async fn writes_from_another_site_or_not_in_json_are_refused() {
    let app = App::new().await;
    let login = json!({"credentials": {"email": "anna@demo.local", "password": "demo1234"}}).to_string();
    let send = |content_type: &'static str, extra: Option<(&'static str, &'static str)>| {
        let mut request = Request::builder().method("POST").uri("/api/auth/login").header(header::HOST, "chats.example").header(header::CONTENT_TYPE, content_type);
        if let Some((name, value)) = extra {
            request = request.header(name, value);
        }
        app.router.clone().oneshot(request.body(Body::from(login.clone())).unwrap())
    };
    // A cross-site form can only send text/plain or form data: login CSRF is refused.
    let reply = send("text/plain", None).await.unwrap();
    assert_eq!(reply.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.headers().get(header::SET_COOKIE), None);
    let reply = send("application/json", Some(("origin", "https://evil.example"))).await.unwrap();
    assert_eq!(reply.status(), StatusCode::FORBIDDEN);
    let reply = send("application/json", Some(("sec-fetch-site", "cross-site"))).await.unwrap();
    assert_eq!(reply.status(), StatusCode::FORBIDDEN);
    // Our own page (same origin), and callers that are not browsers, get in.
    let reply = send("application/json", Some(("origin", "http://chats.example"))).await.unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    let reply = send("application/json; charset=utf-8", Some(("sec-fetch-site", "same-origin"))).await.unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
}
