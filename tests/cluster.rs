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
