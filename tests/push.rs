//! Web Push (#15) end to end on the server side: a browser's subscription
//! is checked and kept; a visitor's message in «Новые» reaches a real HTTP
//! receiver on loopback as an RFC 8291 payload that decrypts with the
//! browser's key and names the room, under a VAPID token signed by the
//! server's key; a break stops it; a 410 removes the subscription.

#![cfg(feature = "server")]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use chats::model::problem::Problem;
use chats::model::push::{NewPushSubscription, PushKind, PushPayload, PushSettings};
use chats::server::people::{profile, visitors};
use chats::server::push::{keys, subscriptions, triggers};
use chats::server::state::AppState;
use web_push_native::p256::ecdsa::signature::Verifier as _;
use web_push_native::p256::ecdsa::{Signature, VerifyingKey};
use web_push_native::p256::elliptic_curve::rand_core::OsRng;
use web_push_native::p256::SecretKey;

/// What the receiver got: (its path's id, headers, body).
type Inbox = Arc<Mutex<Vec<(String, HeaderMap, Vec<u8>)>>>;

/// A push service on loopback: `/push/gone…` answers 410, the rest 201.
async fn push_service() -> (String, Inbox) {
    let inbox: Inbox = Default::default();
    let app = axum::Router::new()
        .route(
            "/push/{id}",
            axum::routing::post(|State(inbox): State<Inbox>, Path(id): Path<String>, headers: HeaderMap, body: axum::body::Bytes| async move {
                let gone = id.starts_with("gone");
                inbox.lock().unwrap().push((id, headers, body.to_vec()));
                if gone { StatusCode::GONE } else { StatusCode::CREATED }
            }),
        )
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), inbox)
}

/// A browser: its key pair and auth secret, and the subscription it sends.
struct Browser {
    secret: SecretKey,
    auth: [u8; 16],
    subscription: NewPushSubscription,
}

fn browser(endpoint: String) -> Browser {
    let secret = SecretKey::random(&mut OsRng);
    let auth: [u8; 16] = std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(5));
    let p256dh = B64.encode(secret.public_key().to_sec1_bytes());
    let subscription = NewPushSubscription { endpoint, p256dh, auth: B64.encode(auth), device: "Chromium · Linux".into(), lang: "ru".into() };
    Browser { secret, auth, subscription }
}

async fn demo() -> AppState {
    std::env::set_var("PUSH_ALLOW_HTTP", "1");
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    chats::server::startup::open_state("mem://", true).await.unwrap()
}

async fn wait_for(inbox: &Inbox, id: &str) -> (HeaderMap, Vec<u8>) {
    for _ in 0..200 {
        if let Some((_, headers, body)) = inbox.lock().unwrap().iter().find(|(i, ..)| i == id) {
            return (headers.clone(), body.clone());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no push reached /push/{id}");
}

#[tokio::test]
async fn a_new_inquiry_is_pushed_encrypted_and_signed_and_names_the_room() {
    let state = demo().await;
    let (service, inbox) = push_service().await;
    let anna = common::signed_in(&state, "anna").await;
    profile::set_activity(&state, &anna, true).await.unwrap();
    let phone = browser(format!("{service}/push/anna-phone"));
    let device = subscriptions::subscribe(&state, &anna, phone.subscription.clone()).await.unwrap();
    assert_eq!(subscriptions::devices(&state, &anna).await.unwrap(), vec![device.clone()]);
    // Subscribing again (each load) renews the same device.
    subscriptions::subscribe(&state, &anna, phone.subscription.clone()).await.unwrap();
    assert_eq!(subscriptions::devices(&state, &anna).await.unwrap().len(), 1);

    let visitor = visitors::start(&state, "support", "Ночной Клиент").await.unwrap();
    visitors::send(&state, &visitor.token, "push-0001", "Здравствуйте, есть вопрос").await.unwrap();

    let (headers, body) = wait_for(&inbox, "anna-phone").await;
    assert_eq!(headers["content-encoding"], "aes128gcm");
    assert!(headers["ttl"].to_str().unwrap().parse::<u64>().unwrap() > 0);
    assert_eq!(headers["urgency"], "high");
    // The VAPID token is signed by the key the browser subscribed with.
    let authorization = headers["authorization"].to_str().unwrap();
    let (token, key) = authorization.strip_prefix("vapid t=").unwrap().split_once(", k=").unwrap();
    assert_eq!(key, keys::application_server_key(&state.push.key));
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let verifying = VerifyingKey::from_sec1_bytes(&B64.decode(key).unwrap()).unwrap();
    let signature = Signature::from_slice(&B64.decode(signature).unwrap()).unwrap();
    verifying.verify(signed.as_bytes(), &signature).expect("the VAPID signature verifies");
    let claims: serde_json::Value = serde_json::from_slice(&B64.decode(signed.split('.').nth(1).unwrap()).unwrap()).unwrap();
    assert_eq!(claims["aud"], service.as_str());
    assert!(claims["sub"].as_str().unwrap().starts_with("mailto:"));

    // Only the browser's private key opens it.
    let plain = web_push_native::decrypt(body, &phone.secret, &web_push_native::Auth::clone_from_slice(&phone.auth)).unwrap();
    let payload: PushPayload = serde_json::from_slice(&plain).unwrap();
    assert_eq!(payload.kind, PushKind::Inquiry);
    assert_eq!(payload.room, "Поддержка");
    assert_eq!(payload.title, "Ночной Клиент");
    assert_eq!(payload.lang, "ru");
    assert_eq!(payload.text, None, "no message text unless the employee allows previews");
}

#[tokio::test]
async fn a_break_a_turned_off_kind_and_an_open_tab_stop_pushes() {
    let state = demo().await;
    let anna = common::signed_in(&state, "anna").await;
    let visitor = visitors::start(&state, "support", "Клиент На Перерыве").await.unwrap();
    visitors::send(&state, &visitor.token, "push-0002", "Вопрос").await.unwrap();
    let chat = chats::server::chats::summary::summary(&state, &format!("v{}", visitors::authenticate(&state, &visitor.token).await.unwrap().user))
        .await
        .unwrap()
        .unwrap();

    profile::set_activity(&state, &anna, true).await.unwrap();
    let decided = triggers::decide(&state, &anna.id, &chat).await.unwrap();
    assert_eq!(decided.map(|(kind, _)| kind), Some(PushKind::Inquiry));

    // «Статус работника»: on a break, nothing but calls.
    profile::set_activity(&state, &anna, false).await.unwrap();
    assert_eq!(triggers::decide(&state, &anna.id, &chat).await.unwrap(), None);
    profile::set_activity(&state, &anna, true).await.unwrap();

    // New inquiries turned off in the profile.
    let off = PushSettings { inquiries: false, ..PushSettings::default() };
    subscriptions::save_settings(&state, &anna, off).await.unwrap();
    assert_eq!(subscriptions::settings_of(&state, &anna.id).await.unwrap(), off);
    assert_eq!(triggers::decide(&state, &anna.id, &chat).await.unwrap(), None);

    // Vera has no access to «Поддержка»: never pushed about it.
    let vera = common::signed_in(&state, "vera").await;
    profile::set_activity(&state, &vera, true).await.unwrap();
    assert_eq!(triggers::decide(&state, &vera.id, &chat).await.unwrap(), None);
}

#[tokio::test]
async fn a_gone_subscription_is_removed_and_bad_ones_are_refused() {
    let state = demo().await;
    let (service, inbox) = push_service().await;
    let boris = common::signed_in(&state, "boris").await;
    profile::set_activity(&state, &boris, true).await.unwrap();
    let old = browser(format!("{service}/push/gone-boris"));
    subscriptions::subscribe(&state, &boris, old.subscription.clone()).await.unwrap();
    let visitor = visitors::start(&state, "support", "Клиент Для Бориса").await.unwrap();
    visitors::send(&state, &visitor.token, "push-0003", "Есть кто?").await.unwrap();
    wait_for(&inbox, "gone-boris").await;
    for _ in 0..100 {
        if subscriptions::devices(&state, &boris).await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(subscriptions::devices(&state, &boris).await.unwrap().is_empty(), "a 410 removes the subscription");
    assert!(!state.push.is_subscribed(&boris.id));

    // Bad subscriptions: a clear refusal, nothing stored.
    let good = browser("https://push.example.com/abc".into()).subscription;
    let bad = [
        NewPushSubscription { endpoint: "ftp://push.example.com/x".into(), ..good.clone() },
        NewPushSubscription { auth: B64.encode([1u8; 8]), ..good.clone() },
        NewPushSubscription { p256dh: B64.encode([4u8; 65]), ..good.clone() },
        NewPushSubscription { endpoint: format!("https://push.example.com/{}", "x".repeat(3000)), ..good.clone() },
    ];
    for subscription in bad {
        assert_eq!(common::problem(subscriptions::subscribe(&state, &boris, subscription.clone()).await), Some(Problem::PushSubscriptionInvalid), "{subscription:?}");
    }
    // Without PUSH_ALLOW_HTTP a loopback or private endpoint is refused (no requests into the server's own network).
    for endpoint in ["http://push.example.com/x", "https://127.0.0.1/x", "https://10.0.0.5/x", "https://localhost/x", "https://[::1]/x"] {
        let subscription = NewPushSubscription { endpoint: endpoint.into(), ..good.clone() };
        assert_eq!(subscriptions::check(&subscription, false), Err(Problem::PushSubscriptionInvalid), "{endpoint}");
    }
    assert_eq!(subscriptions::check(&good, false), Ok(()));
    assert!(subscriptions::devices(&state, &boris).await.unwrap().is_empty());

    // Another employee cannot remove Boris's device.
    let device = subscriptions::subscribe(&state, &boris, good).await.unwrap();
    let anna = common::signed_in(&state, "anna").await;
    assert!(common::problem(subscriptions::remove(&state, &anna, &device.id).await).is_some());
    subscriptions::remove(&state, &boris, &device.id).await.unwrap();
    assert!(subscriptions::devices(&state, &boris).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_call_is_pushed_to_a_participant_even_on_a_break() {
    let state = demo().await;
    let (service, inbox) = push_service().await;
    // «planning» (conferences): Anna and Boris take part.
    let boris = common::signed_in(&state, "boris").await;
    profile::set_activity(&state, &boris, false).await.unwrap();
    let phone = browser(format!("{service}/push/boris-call"));
    subscriptions::subscribe(&state, &boris, phone.subscription.clone()).await.unwrap();
    let chat = chats::server::chats::summary::summary(&state, "planning").await.unwrap().unwrap();
    assert!(chat.participants.iter().any(|p| p.id == "boris"), "the demo's planning chat has Boris");
    assert!(triggers::decide_call(&state, "boris", &chat).await.unwrap(), "a break does not stop a call");

    triggers::on_call(&state, &chat, "anna", "Анна Смирнова");
    let (headers, body) = wait_for(&inbox, "boris-call").await;
    assert_eq!(headers["urgency"], "high");
    let plain = web_push_native::decrypt(body, &phone.secret, &web_push_native::Auth::clone_from_slice(&phone.auth)).unwrap();
    let payload: PushPayload = serde_json::from_slice(&plain).unwrap();
    assert_eq!(payload.kind, PushKind::Call);
    assert_eq!(payload.author.as_deref(), Some("Анна Смирнова"));

    // Calls turned off in the profile: no push.
    subscriptions::save_settings(&state, &boris, PushSettings { calls: false, ..PushSettings::default() }).await.unwrap();
    assert!(!triggers::decide_call(&state, "boris", &chat).await.unwrap());
    // Someone who does not take part is not rung.
    assert!(!triggers::decide_call(&state, "vera", &chat).await.unwrap());
}

/// The `n`th push (from 0) that reached `/push/{id}`.
async fn wait_for_nth(inbox: &Inbox, id: &str, n: usize) -> Vec<u8> {
    for _ in 0..200 {
        if let Some((_, _, body)) = inbox.lock().unwrap().iter().filter(|(i, ..)| i == id).nth(n) {
            return body.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no push number {n} reached /push/{id}");
}

fn kind_of(phone: &Browser, body: Vec<u8>) -> PushKind {
    let plain = web_push_native::decrypt(body, &phone.secret, &web_push_native::Auth::clone_from_slice(&phone.auth)).unwrap();
    serde_json::from_slice::<PushPayload>(&plain).unwrap().kind
}

#[tokio::test]
async fn a_ringing_call_is_withdrawn_when_it_ends_or_is_answered() {
    let state = demo().await;
    let (service, inbox) = push_service().await;
    let boris = common::signed_in(&state, "boris").await;
    let phone = browser(format!("{service}/push/boris-ring"));
    subscriptions::subscribe(&state, &boris, phone.subscription.clone()).await.unwrap();
    let chat = chats::server::chats::summary::summary(&state, "planning").await.unwrap().unwrap();

    // Rung, then the call ends: the ringing notification is replaced.
    triggers::on_call(&state, &chat, "anna", "Анна Смирнова");
    assert_eq!(kind_of(&phone, wait_for_nth(&inbox, "boris-ring", 0).await), PushKind::Call);
    triggers::on_call_over(&state, "planning", None);
    assert_eq!(kind_of(&phone, wait_for_nth(&inbox, "boris-ring", 1).await), PushKind::CallEnded);

    // Rung again, and Boris answers on another device: withdrawn for him, and
    // the end of the call sends nothing more.
    triggers::on_call(&state, &chat, "anna", "Анна Смирнова");
    assert_eq!(kind_of(&phone, wait_for_nth(&inbox, "boris-ring", 2).await), PushKind::Call);
    triggers::on_call_over(&state, "planning", Some("anna"));
    triggers::on_call_over(&state, "planning", Some("boris"));
    assert_eq!(kind_of(&phone, wait_for_nth(&inbox, "boris-ring", 3).await), PushKind::CallEnded);
    triggers::on_call_over(&state, "planning", None);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(inbox.lock().unwrap().iter().filter(|(i, ..)| i == "boris-ring").count(), 4, "nobody left to withdraw from");

    // Rung a third time, and Boris declines in a workspace tab: withdrawn.
    triggers::on_call(&state, &chat, "anna", "Анна Смирнова");
    assert_eq!(kind_of(&phone, wait_for_nth(&inbox, "boris-ring", 4).await), PushKind::Call);
    chats::server::meetings::meeting::decline(&state, &boris, "planning").await.unwrap();
    assert_eq!(kind_of(&phone, wait_for_nth(&inbox, "boris-ring", 5).await), PushKind::CallEnded);
    // Vera may not see the chat: her «decline» is refused and withdraws nothing.
    let vera = common::signed_in(&state, "vera").await;
    assert!(chats::server::meetings::meeting::decline(&state, &vera, "planning").await.is_err());
}
