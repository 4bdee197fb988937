//! Call signalling sockets over a real TCP connection: each one is closed
//! within a second when its session ends (sign-out, a disabled account, a new
//! password), when its person loses access to the chat, and when the meeting
//! ends; the others see the peer leave. A message larger than the largest
//! valid SDP is refused and closes the socket; one just under it goes through.

#![cfg(feature = "server")]

mod common;

use common::serve;
use std::time::Duration;

use chats::model::meeting::{SignalIn, SignalOut, SIGNAL_MAX_BYTES};
use chats::model::problem::Problem;
use chats::server::people::auth;
use chats::server::state::AppState;
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Signs `email` in and joins `chat`'s call; returns the socket, the session
/// token and my peer id (from `Joined`).
async fn join(address: &str, state: &AppState, email: &str, chat: &str) -> (Socket, String, String) {
    let token = auth::login(state, email, "demo1234").await.unwrap();
    let mut request = format!("ws://{address}/api/calls/signal?chat={chat}&guest=").into_client_request().unwrap();
    request.headers_mut().insert("cookie", HeaderValue::from_str(&format!("chats_session={token}")).unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let me = loop {
        match next_signal(&mut socket).await {
            Some(SignalOut::Joined { me, .. }) => break me.id,
            Some(_) => continue,
            None => panic!("{email}'s socket closed before joining"),
        }
    };
    (socket, token, me)
}

/// The next signalling message (None once the socket closes), within 5 s.
async fn next_signal(socket: &mut Socket) -> Option<SignalOut> {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), socket.next()).await.expect("a message within 5 s")?;
        match frame {
            Ok(Message::Binary(bytes)) => return Some(serde_json::from_slice(&bytes).unwrap()),
            Ok(Message::Text(text)) => return Some(serde_json::from_str(&text).unwrap()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

/// Waits (up to a second) until the server closes `socket`; returns the
/// reason it gave (`Closed`), if any.
async fn closed_within_a_second(socket: &mut Socket) -> Result<Option<Problem>, &'static str> {
    tokio::time::timeout(Duration::from_secs(1), async {
        let mut reason = None;
        loop {
            match socket.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return reason,
                Some(Ok(Message::Binary(bytes))) => {
                    if let Ok(SignalOut::Closed { problem }) = serde_json::from_slice(&bytes) {
                        reason = Some(problem);
                    }
                }
                Some(Ok(_)) => continue,
            }
        }
    })
    .await
    .map_err(|_| "the socket is still open after 1 s")
}

/// Waits (up to a second) until `socket` is told that `peer` left.
async fn sees_leave(socket: &mut Socket, peer: &str) -> bool {
    tokio::time::timeout(Duration::from_secs(1), async {
        loop {
            match next_signal(socket).await {
                Some(SignalOut::PeerLeft { id }) if id == peer => return true,
                Some(_) => continue,
                None => return false,
            }
        }
    })
    .await
    .unwrap_or(false)
}

async fn admin(state: &AppState) -> chats::server::rights::Actor {
    let token = auth::login(state, "admin@demo.local", "demo1234").await.unwrap();
    auth::actor_for_session(state, &token).await.unwrap()
}

#[tokio::test]
async fn signing_out_closes_the_sessions_call_socket_and_the_others_see_it_leave() {
    let (address, state) = serve().await;
    let (mut anna, _, _) = join(&address, &state, "anna@demo.local", "planning").await;
    let (mut boris, boris_token, boris_id) = join(&address, &state, "boris@demo.local", "planning").await;
    auth::logout(&state, &boris_token).await.unwrap();
    assert_eq!(closed_within_a_second(&mut boris).await, Ok(Some(Problem::CallSessionEnded)));
    assert!(sees_leave(&mut anna, &boris_id).await, "Anna did not see Boris leave");
    assert_eq!(state.calls.people("planning").len(), 1);
}

#[tokio::test]
async fn disabling_the_employee_closes_their_call_socket() {
    let (address, state) = serve().await;
    let (mut anna, _, _) = join(&address, &state, "anna@demo.local", "planning").await;
    let (mut boris, _, boris_id) = join(&address, &state, "boris@demo.local", "planning").await;
    chats::server::people::staff::set_disabled(&state, &admin(&state).await, "boris", true).await.unwrap();
    assert_eq!(closed_within_a_second(&mut boris).await, Ok(Some(Problem::CallSessionEnded)));
    assert!(sees_leave(&mut anna, &boris_id).await);
}

#[tokio::test]
async fn a_new_password_closes_the_persons_call_sockets() {
    let (address, state) = serve().await;
    let (mut anna, _, _) = join(&address, &state, "anna@demo.local", "planning").await;
    let (mut boris, _, boris_id) = join(&address, &state, "boris@demo.local", "planning").await;
    chats::server::people::staff::set_password(&state, &admin(&state).await, "boris", "a-new-secret-9").await.unwrap();
    assert_eq!(closed_within_a_second(&mut boris).await, Ok(Some(Problem::CallSessionEnded)));
    assert!(sees_leave(&mut anna, &boris_id).await);
}

#[tokio::test]
async fn losing_access_to_the_chat_closes_the_call_socket() {
    let (address, state) = serve().await;
    let (mut anna, anna_token, _) = join(&address, &state, "anna@demo.local", "staff_anna_boris").await;
    let (mut boris, _, boris_id) = join(&address, &state, "boris@demo.local", "staff_anna_boris").await;
    let anna_actor = auth::actor_for_session(&state, &anna_token).await.unwrap();
    chats::server::chats::participants::remove(&state, &anna_actor, "staff_anna_boris", "boris").await.unwrap();
    assert_eq!(closed_within_a_second(&mut boris).await, Ok(Some(Problem::CallAccessLost)));
    assert!(sees_leave(&mut anna, &boris_id).await);
}

#[tokio::test]
async fn the_meeting_ending_or_being_deleted_closes_every_call_socket() {
    let (address, state) = serve().await;
    let (mut anna, anna_token, _) = join(&address, &state, "anna@demo.local", "planning").await;
    let (mut boris, _, _) = join(&address, &state, "boris@demo.local", "planning").await;
    let anna_actor = auth::actor_for_session(&state, &anna_token).await.unwrap();
    chats::server::chats::actions::set_status(&state, &anna_actor, "planning", "closed").await.unwrap();
    assert_eq!(closed_within_a_second(&mut boris).await, Ok(Some(Problem::MeetingEnded)));
    assert_eq!(closed_within_a_second(&mut anna).await, Ok(Some(Problem::MeetingEnded)));
    assert!(!state.calls.running("planning"));

    // Deleted: a webinar's call ends the same way.
    let made = chats::server::meetings::meeting::create(
        &state,
        &anna_actor,
        chats::model::meeting::NewMeeting { room: "webinars".into(), key: "w9".into(), topic: "Обучение".into(), starts_ms: None, participants: vec![] },
    )
    .await
    .unwrap();
    let (mut again, _, _) = join(&address, &state, "anna@demo.local", &made.id).await;
    // Moved to «Удаленные» (here by the administrator).
    chats::server::chats::actions::delete(&state, &admin(&state).await, &made.id).await.unwrap();
    assert_eq!(closed_within_a_second(&mut again).await, Ok(Some(Problem::MeetingDeleted)));
}

#[tokio::test]
async fn a_message_larger_than_the_largest_sdp_is_refused_and_closes_the_socket() {
    let (address, state) = serve().await;
    let (mut anna, _, _) = join(&address, &state, "anna@demo.local", "planning").await;
    // A large offer (not a valid SDP) is read, and refused by the media server.
    let offer = SignalIn::Offer { sdp: "a".repeat(60 * 1024) };
    anna.send(Message::Binary(serde_json::to_vec(&offer).unwrap().into())).await.unwrap();
    let answer = loop {
        match next_signal(&mut anna).await {
            Some(SignalOut::Lobby { .. }) => continue,
            other => break other,
        }
    };
    assert_eq!(answer, Some(SignalOut::Refused { problem: Problem::BadSdp }));
    // One over the limit closes the socket at once.
    let huge = SignalIn::Offer { sdp: "a".repeat(SIGNAL_MAX_BYTES + 1) };
    let _ = anna.send(Message::Binary(serde_json::to_vec(&huge).unwrap().into())).await;
    assert!(closed_within_a_second(&mut anna).await.is_ok(), "an oversized message left the socket open");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!state.calls.running("planning"), "the peer left the call");
}
