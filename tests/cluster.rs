//! The first slice of several nodes (#17): the health probes through the real
//! router, and the leases that let one node run a singleton job.

#![cfg(feature = "server")]

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chats::server::cluster::lease;
use chats::server::startup::open_state;
use tower::ServiceExt as _;

#[tokio::test]
async fn the_probes_say_alive_and_ready() {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let state = open_state("mem://", false).await.unwrap();
    let router = chats::http::router(state);
    for (path, body) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let response = router.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers().get("cache-control").unwrap(), "no-store");
        let bytes = axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
        assert_eq!(&bytes[..], body.as_bytes());
    }
}

#[tokio::test]
async fn one_node_holds_a_job_until_it_lets_go_or_its_lease_lapses() {
    let state = open_state("mem://", false).await.unwrap();
    // A second node on the same database.
    let mut other = state.clone();
    other.node = "other-node".into();

    assert!(lease::acquire(&state, "mailbox_support", lease::TTL).await.unwrap());
    assert!(!lease::acquire(&other, "mailbox_support", lease::TTL).await.unwrap(), "held by the first node");
    assert!(lease::acquire(&state, "mailbox_support", lease::TTL).await.unwrap(), "the holder renews");
    assert!(lease::acquire(&other, "telegram_support", lease::TTL).await.unwrap(), "another job is free");

    // Released: the other node takes it at once.
    lease::release(&state, "mailbox_support").await.unwrap();
    assert!(lease::acquire(&other, "mailbox_support", lease::TTL).await.unwrap());

    // A node that stops renewing loses the job when its lease lapses.
    assert!(lease::acquire(&state, "bot_sales", Duration::from_millis(1)).await.unwrap());
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(lease::acquire(&other, "bot_sales", lease::TTL).await.unwrap(), "taken over after the lapse");
    assert!(!lease::acquire(&state, "bot_sales", lease::TTL).await.unwrap());

    // `while_held` runs the work only on the holder, and lets go when it ends.
    let ran = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = ran.clone();
    lease::while_held(&state, "sweep_job", async move { flag.store(true, std::sync::atomic::Ordering::SeqCst) }).await;
    assert!(ran.load(std::sync::atomic::Ordering::SeqCst));
    assert!(lease::acquire(&other, "sweep_job", lease::TTL).await.unwrap(), "released when the work ended");
}

#[tokio::test]
async fn a_stopping_node_is_not_ready_closes_its_sockets_takes_no_new_ones_and_lets_go_of_its_leases() {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let state = open_state("mem://", true).await.unwrap();
    let mut other = state.clone();
    other.node = "other-node".into();
    other.draining = std::sync::Arc::new(tokio::sync::watch::channel(false).0);
    let router = chats::http::router(state.clone());
    assert!(lease::acquire(&state, "mailbox_support", lease::TTL).await.unwrap());
    let visitor = chats::server::people::visitors::start(&state, "support", "Посетитель").await.unwrap();
    let audience = chats::server::live::socket::visitor_audience(&state, &axum::http::HeaderMap::new(), &visitor.token).await.unwrap();
    let (_id, mut events) = state.hub.register(audience);

    chats::server::cluster::drain::drain(&state).await;

    let response = router.clone().oneshot(Request::get("/readyz").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "the balancer sends new work elsewhere");
    assert!(events.recv().await.is_none(), "the open socket is closed, to reconnect elsewhere");
    let refused = chats::server::live::socket::admit(&state, &axum::http::HeaderMap::new(), None, Some(&visitor.token)).await;
    assert_eq!(refused.err().and_then(|e| e.refusal().cloned()), Some(chats::model::problem::Problem::NoConnection), "no new sockets");
    assert!(lease::acquire(&other, "mailbox_support", lease::TTL).await.unwrap(), "another node takes the mailbox at once");
}

/// The built server, stopped with SIGTERM: it drains and exits cleanly.
#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_chats"))
        .env("IP", "127.0.0.1")
        .env("PORT", port.to_string())
        .env("DATABASE_URL", "mem://")
        .env("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"))
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .spawn()
        .expect("the server binary starts");
    let ready = async {
        loop {
            if let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let _ = stream.write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await;
                let mut answer = String::new();
                let _ = stream.read_to_string(&mut answer).await;
                if answer.starts_with("HTTP/1.1 200") {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(60), ready).await.expect("the server got ready");
    let pid = server.id().expect("running").to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = tokio::time::timeout(Duration::from_secs(20), server.wait()).await.expect("it stops within the grace period").unwrap();
    assert!(status.success(), "a clean exit: {status:?}");
}
