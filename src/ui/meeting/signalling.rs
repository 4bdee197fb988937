//! The browser's side of a call's signalling (X3): joins over the socket,
//! handles each message in order (offers go out from the newcomer to those
//! already in; the others answer), and reports who is speaking.

use std::rc::Rc;

use dioxus::fullstack::WebSocketOptions;
use dioxus::prelude::*;

use super::call::{CallState, Phase, Tile};
use super::rtc::{attach, Mesh};
use crate::api;
use crate::model::meeting::{MediaState, Peer, SignalIn, SignalOut};
use crate::ui::i18n::{tr, tr_args};
use crate::ui::problem::{error_text, problem_text};

/// A peak above this counts as speaking, and speaking lasts this long after
/// the last one (so the frame does not flicker between words).
const SPEAKING_LEVEL: f64 = 0.08;
const SPEAKING_HOLD_MS: i64 = 800;

async fn send(state: CallState, message: SignalIn) {
    let socket = state.socket.peek().clone();
    if let Some(ws) = socket {
        let _ = ws.send(message).await;
    }
}

/// Shows a peer's stream as soon as a track of it arrives.
fn on_track(mesh: &Mesh) -> impl Fn(String) + 'static {
    let mesh = mesh.clone();
    move |peer: String| attach(&format!("video-{peer}"), mesh.remote_stream(&peer))
}

pub async fn run(mut state: CallState, mesh: Mesh, chat: String, guest: String) {
    let ws = match api::meetings::calls::call_signal(chat, guest, WebSocketOptions::new()).await {
        Ok(ws) => Rc::new(ws),
        Err(e) => {
            state.phase.set(Phase::Ended(error_text(*state.lang.peek(), &e)));
            return;
        }
    };
    state.socket.set(Some(ws.clone()));
    while let Ok(message) = ws.recv().await {
        handle(state, &mesh, message).await;
    }
    mesh.close();
    state.socket.set(None);
    if !matches!(*state.phase.peek(), Phase::Ended(_)) {
        state.phase.set(Phase::Ended(tr(*state.lang.peek(), "call-ended").to_string()));
    }
}

async fn handle(mut state: CallState, mesh: &Mesh, message: SignalOut) {
    match message {
        SignalOut::Joined { me, peers, ice, manages } => {
            mesh.set_ice(ice);
            state.manages.set(manages);
            let presenter = me.presenter;
            state.me.set(Some(me));
            state.tiles.set(peers.iter().cloned().map(|peer| Tile { peer, media: MediaState::default(), speaking: false }).collect());
            state.phase.set(Phase::InCall);
            if presenter {
                match mesh.open_media(*state.lang.peek()).await {
                    Ok((camera, mic)) => {
                        let media = MediaState { camera, mic, screen: false };
                        state.mine.set(media);
                        attach("video-local", mesh.local_stream());
                        send(state, SignalIn::Media { state: media }).await;
                        watch_speaking(state, mesh.clone());
                    }
                    Err(e) => state.notice.set(Some(tr_args(*state.lang.peek(), "call-no-media", &[("error", e.into())]))),
                }
            }
            for peer in peers.iter().filter(|p| presenter || p.presenter) {
                offer(state, mesh, peer, presenter).await;
            }
        }
        SignalOut::Waiting => state.phase.set(Phase::Waiting),
        SignalOut::Lobby { waiting } => state.lobby.set(waiting),
        SignalOut::PeerJoined { peer } => {
            state.tiles.write().retain(|t| t.peer.id != peer.id);
            state.tiles.write().push(Tile { peer, media: MediaState::default(), speaking: false });
        }
        SignalOut::PeerLeft { id } => {
            mesh.drop_peer(&id);
            state.tiles.write().retain(|t| t.peer.id != id);
        }
        SignalOut::Offer { from, sdp } => {
            let presenter = state.me.peek().as_ref().is_some_and(|m| m.presenter);
            match mesh.answer(&from, &sdp, presenter, on_track(mesh)).await {
                Ok(answer) => send(state, SignalIn::Answer { to: from, sdp: answer }).await,
                Err(e) => state.notice.set(Some(tr_args(*state.lang.peek(), "call-connection-failed", &[("error", e.into())]))),
            }
        }
        SignalOut::Answer { from, sdp } => {
            if let Err(e) = mesh.accept_answer(&from, &sdp).await {
                state.notice.set(Some(tr_args(*state.lang.peek(), "call-connection-failed", &[("error", e.into())])));
            }
        }
        SignalOut::Media { id, state: media } => {
            if let Some(tile) = state.tiles.write().iter_mut().find(|t| t.peer.id == id) {
                tile.media = media;
            }
        }
        SignalOut::Speaking { id, on } => {
            if let Some(tile) = state.tiles.write().iter_mut().find(|t| t.peer.id == id) {
                tile.speaking = on;
            }
        }
        SignalOut::Refused { problem } => state.notice.set(Some(problem_text(*state.lang.peek(), &problem))),
        // Turned away, removed, signed out, no longer allowed, the meeting
        // ended: the server hangs up next, and this is why.
        SignalOut::Closed { problem } => {
            mesh.close();
            state.phase.set(Phase::Ended(problem_text(*state.lang.peek(), &problem)));
        }
    }
}

async fn offer(mut state: CallState, mesh: &Mesh, peer: &Peer, publish: bool) {
    match mesh.offer(&peer.id, publish, on_track(mesh)).await {
        Ok(sdp) => send(state, SignalIn::Offer { to: peer.id.clone(), sdp }).await,
        Err(e) => state.notice.set(Some(tr_args(*state.lang.peek(), "call-connection-failed", &[("error", e.into())]))),
    }
}

/// Every 250 ms: am I speaking? Others are told when it changes.
fn watch_speaking(mut state: CallState, mesh: Mesh) {
    let Some(level) = mesh.level_meter() else { return };
    spawn(async move {
        let mut last_loud = i64::MIN / 2;
        loop {
            crate::ui::browser::sleep_ms(250).await;
            if matches!(*state.phase.peek(), Phase::Ended(_)) {
                break;
            }
            let now = crate::ui::browser::now_ms();
            if state.mine.peek().mic && level() > SPEAKING_LEVEL {
                last_loud = now;
            }
            let on = state.mine.peek().mic && now - last_loud < SPEAKING_HOLD_MS;
            if on != *state.speaking.peek() {
                state.speaking.set(on);
                send(state, SignalIn::Speaking { on }).await;
            }
        }
    });
}

/// «Показать экран» / «Остановить показ».
pub async fn toggle_screen(mut state: CallState, mesh: Mesh) {
    let mut media = *state.mine.peek();
    if media.screen {
        mesh.stop_screen().await;
        media.screen = false;
    } else {
        let ended_mesh = mesh.clone();
        let ended = move || {
            let mesh = ended_mesh.clone();
            // Called by the browser outside Dioxus's runtime.
            wasm_bindgen_futures::spawn_local(async move {
                mesh.stop_screen().await;
                let mut media = *state.mine.peek();
                media.screen = false;
                state.mine.set(media);
                send(state, SignalIn::Media { state: media }).await;
            });
        };
        match mesh.share_screen(*state.lang.peek(), ended).await {
            Ok(_) => media.screen = true,
            Err(e) => {
                state.notice.set(Some(tr_args(*state.lang.peek(), "call-screen-share-failed", &[("error", e.into())])));
                return;
            }
        }
    }
    state.mine.set(media);
    attach("video-local", mesh.local_stream());
    send(state, SignalIn::Media { state: media }).await;
}
