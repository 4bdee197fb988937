//! The live sockets' serving loop: one websocket per open workspace tab or
//! widget, fed by the hub. The upgrade is answered by [`small_buffer_upgrade`],
//! a router layer in front of the server functions: Dioxus 0.7's
//! `WebSocketOptions` keeps tungstenite's 128 KiB read and write buffers per
//! connection, and an idle workspace needs a few KiB.

use axum::extract::ws::{Message, WebSocket};
use axum::http::HeaderMap;
use dioxus::server::axum;

use std::net::IpAddr;

use super::Audience;
use crate::model::live::{LiveCommand, LiveEvent, TYPING_EVERY_MS};
use crate::model::problem::Problem;
use crate::server::error::ServiceResult;
use crate::server::limits::SocketSlot;
use crate::server::people::{auth, visitors};
use crate::server::state::{AppState, PeerAddress};

/// Refuses a cross-site websocket: a browser always sends `Origin`, and it
/// must name the host the request was made to.
pub fn check_origin(headers: &HeaderMap) -> ServiceResult<()> {
    use axum::http::header::{HOST, ORIGIN};
    let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else { return Ok(()) };
    let host = headers.get(HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
    if !host.is_empty() && origin_host.eq_ignore_ascii_case(host) {
        Ok(())
    } else {
        Err(Problem::Forbidden.into())
    }
}

/// Who opens `/api/live`: a signed-in employee, from our own origin.
pub async fn employee_audience(state: &AppState, headers: &HeaderMap) -> ServiceResult<Audience> {
    check_origin(headers)?;
    let session = auth::session_token(headers).ok_or(Problem::SignInRequired)?;
    let actor = auth::actor_for_session(state, &session).await?;
    Ok(Audience::Employee { actor, session_hash: auth::token_hash(&session) })
}

/// Who opens `/api/widget/live`: the visitor the token names.
pub async fn visitor_audience(state: &AppState, headers: &HeaderMap, token: &str) -> ServiceResult<Audience> {
    check_origin(headers)?;
    Ok(Audience::Visitor(visitors::authenticate(state, token).await?))
}

/// Admits a live socket: the address's rate of opens first (before any
/// database work), then who opens it (an employee's session, or the visitor
/// `visitor_token` names), then a place among the sockets open at once for
/// that session or visitor and for the address. The slot is held for as long
/// as the socket is served.
pub async fn admit(state: &AppState, headers: &HeaderMap, address: Option<IpAddr>, visitor_token: Option<&str>) -> ServiceResult<(Audience, SocketSlot)> {
    // A stopping node takes no new sockets: the browser tries again, and the
    // balancer sends it to a node that is ready.
    if crate::server::cluster::drain::is_draining(state) {
        return Err(crate::model::problem::Problem::NoConnection.into());
    }
    state.limits.socket_open(address)?;
    let audience = match visitor_token {
        None => employee_audience(state, headers).await?,
        Some(token) => visitor_audience(state, headers, token).await?,
    };
    let key = match &audience {
        Audience::Employee { session_hash, .. } => format!("session:{session_hash}"),
        Audience::Visitor(visitor) => format!("visitor:{}", visitor.user),
    };
    let slot = state.limits.socket_slot(address, &key)?;
    Ok((audience, slot))
}

/// Per-connection socket buffers: commands are tiny and events are written
/// as they come, so a few KiB replace tungstenite's 2 × 128 KiB.
const READ_BUFFER: usize = 4 * 1024;
const WRITE_BUFFER: usize = 4 * 1024;
/// Bytes a peer may leave unread in the socket's buffer before it is let go.
const MAX_UNSENT: usize = 1024 * 1024;
/// The largest command a browser may send (a `Watch` is under 100 bytes).
const MAX_COMMAND: usize = 16 * 1024;

/// Router layer: answers the live sockets' upgrades itself, with small buffers,
/// after the same checks as the server functions. Everything else passes on.
pub async fn small_buffer_upgrade(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::extract::{FromRequestParts, WebSocketUpgrade};
    use axum::response::IntoResponse;
    let path = request.uri().path();
    let is_upgrade = request.headers().get(axum::http::header::UPGRADE).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"));
    if !is_upgrade || !(path == "/api/live" || path == "/api/widget/live") {
        return next.run(request).await;
    }
    let Some(state) = request.extensions().get::<AppState>().cloned() else {
        return next.run(request).await;
    };
    let address = request.extensions().get::<PeerAddress>().and_then(|p| p.0);
    let (mut parts, _body) = request.into_parts();
    let token = (parts.uri.path() != "/api/live").then(|| {
        parts.uri.query().and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("token="))).unwrap_or_default().to_string()
    });
    let (audience, slot) = match admit(&state, &parts.headers, address, token.as_deref()).await {
        Ok(admitted) => admitted,
        Err(error) => return error.into_response(),
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .max_write_buffer_size(MAX_UNSENT)
        .max_message_size(MAX_COMMAND)
        .max_frame_size(MAX_COMMAND)
        .on_upgrade(move |mut socket| async move {
            let _slot = slot;
            serve(state, audience, &mut socket).await
        })
}

/// How long one frame may wait for a peer's TCP window before the peer is let go.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Pumps the hub's events to the socket and the socket's commands to the hub,
/// until either side ends. The hub drops a reader that falls behind.
pub async fn serve(state: AppState, audience: Audience, socket: &mut WebSocket) {
    let employee = match &audience {
        Audience::Employee { actor, .. } => Some(actor.id.clone()),
        Audience::Visitor(_) => None,
    };
    let was_online = employee.as_ref().is_some_and(|e| state.hub.has_employee(e));
    if let Audience::Employee { actor, .. } = &audience {
        // Counters sent from now on are counted with this employee's reads.
        if let Err(error) = super::counts::reads_on_connect(&state, actor).await {
            tracing::warn!("read positions of {}: {error}", actor.id);
        }
        super::counts::forget_sent(&state, &actor.id);
    }
    let (id, mut events) = state.hub.register(audience);
    if let Some(employee) = &employee {
        if !was_online {
            crate::server::cluster::presence::tab_here(&state, employee).await;
        }
        // Before Ready: the tab's catch-up then reads the activity it brings back.
        if let Err(error) = crate::server::people::profile::tab_opened(&state, employee).await {
            tracing::warn!("marking {employee} back at work: {error}");
        }
    }
    let mut typing = TypingThrottle::default();
    let ready = serde_json::to_vec(&LiveEvent::Ready { server_ms: crate::server::clock::now_ms() }).unwrap_or_default();
    if socket.send(Message::Binary(ready.into())).await.is_ok() {
        loop {
            tokio::select! {
                frame = events.recv() => match frame {
                    // A peer that stops reading fills its TCP window and the send would
                    // wait for ever: after SEND_TIMEOUT it is let go (it catches up by
                    // sequence number when it reconnects).
                    Some(frame) => match tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::Binary(frame))).await {
                        Ok(Ok(())) => {}
                        _ => break,
                    },
                    None => break,
                },
                message = socket.recv() => {
                    // Commands come as JSON, in a binary frame (Dioxus's encoding) or a text one.
                    let command = match &message {
                        Some(Ok(Message::Binary(bytes))) => serde_json::from_slice::<LiveCommand>(bytes),
                        Some(Ok(Message::Text(text))) => serde_json::from_str::<LiveCommand>(text.as_str()),
                        Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                        Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                    };
                    match command {
                        Ok(LiveCommand::Watch { chat }) => state.hub.watch(id, chat),
                        Ok(LiveCommand::Typing { chat, note }) => {
                            if typing.due() {
                                let state = state.clone();
                                tokio::spawn(async move { relay_typing(&state, id, &chat, note).await });
                            }
                        }
                        Err(_) => break,
                    }
                }
            }
        }
    }
    state.hub.unregister(id);
    if let Some(employee) = employee {
        if !state.hub.has_employee(&employee) {
            crate::server::cluster::presence::no_tab_here(&state, &employee).await;
        }
        crate::server::people::profile::tab_closed(state, employee);
    }
}

/// Lets about one typing event per [`TYPING_EVERY_MS`] through per
/// connection, whatever a browser sends (#14): a reader types in one chat at
/// a time, and each event costs a read of the chat. A quarter of the period
/// is forgiven: a tab measures the period when it sends, this when the event
/// arrives, and an event held up on a busy network or server must not make
/// the next one look early (it would be dropped, and a visitor who types for
/// three seconds would never be seen typing).
#[derive(Default)]
struct TypingThrottle {
    last: Option<std::time::Instant>,
}

impl TypingThrottle {
    fn due(&mut self) -> bool {
        let every = std::time::Duration::from_millis(TYPING_EVERY_MS as u64 * 3 / 4);
        let now = std::time::Instant::now();
        if self.last.is_some_and(|at| now.duration_since(at) < every) {
            return false;
        }
        self.last = Some(now);
        true
    }
}

/// Reads the chat and lets the hub pass the typing on to those who may see
/// it; an unknown chat is ignored (typing is never worth an error).
pub async fn relay_typing(state: &AppState, from: u64, chat: &str, note: bool) {
    if let Ok(Some(summary)) = crate::server::chats::summary::summary(state, chat).await {
        if let Some((name, sender, by_employee)) = state.hub.publish_typing(from, &summary, note) {
            let event = crate::server::cluster::bus::BusEvent::Typing { chat: summary.id.clone(), user: summary.user.clone(), name, sender, by_employee, note };
            state.bus.publish(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TypingThrottle;

    #[test]
    fn typing_passes_once_per_period() {
        let mut throttle = TypingThrottle::default();
        assert!(throttle.due());
        assert!(!throttle.due());
        assert!(!throttle.due());
        // A late event followed by a timely one: both pass.
        throttle.last = Some(std::time::Instant::now() - std::time::Duration::from_millis(super::TYPING_EVERY_MS as u64 - 400));
        assert!(throttle.due());
    }
}
