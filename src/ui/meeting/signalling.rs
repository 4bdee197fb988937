//! The browser's side of a call's signalling (X3, #19): joins over the
//! socket, offers its connection to the media server, answers the server's
//! offers of the others' tracks, and follows who speaks and who has the
//! floor. Messages are handled one at a time, in order.

use std::rc::Rc;

use dioxus::fullstack::WebSocketOptions;
use dioxus::prelude::*;

use super::call::{CallState, Phase, Tile};
use super::rtc::{attach, Mesh};
use crate::api;
use crate::model::meeting::{MediaState, SignalIn, SignalOut};
use crate::ui::i18n::{tr, tr_args};
use crate::ui::problem::{error_text, problem_text};

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
    dioxus::prelude::spawn(tell_tile_width(state));
    while let Ok(message) = ws.recv().await {
        handle(state, &mesh, message).await;
    }
    mesh.close();
    state.socket.set(None);
    if !matches!(*state.phase.peek(), Phase::Ended(_)) {
        state.phase.set(Phase::Ended(tr(*state.lang.peek(), "call-ended").to_string()));
    }
}

/// Tells the media server how wide the others' videos show here (the
/// widest, in device pixels), when it changes by more than a sixth: a
/// phone's small tiles need no full-resolution layer (#19). Looks every two
/// seconds while the call's socket is open.
async fn tell_tile_width(state: CallState) {
    let mut told: u32 = 0;
    loop {
        crate::ui::browser::sleep_ms(2_000).await;
        if state.socket.peek().is_none() {
            return;
        }
        let px = widest_tile();
        if px > 0 && px.abs_diff(told) * 6 > told {
            told = px;
            send(state, SignalIn::TileWidth { px }).await;
        }
    }
}

/// The widest other person's camera on the page, in device pixels (0: none;
/// a shared screen spans the stage and is never capped, so it does not count).
fn widest_tile() -> u32 {
    let Some(window) = web_sys::window() else { return 0 };
    let Some(document) = window.document() else { return 0 };
    let Ok(videos) = document.query_selector_all(".call-tiles .call-tile:not(.me):not(.screen) video") else { return 0 };
    let widest = (0..videos.length())
        .filter_map(|i| videos.item(i))
        .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
        .map(|video| video.client_width())
        .max()
        .unwrap_or(0);
    (f64::from(widest.max(0)) * window.device_pixel_ratio()).round() as u32
}

fn failed(mut state: CallState, error: String) {
    state.notice.set(Some(tr_args(*state.lang.peek(), "call-connection-failed", &[("error", error.into())])));
}

/// Opens the camera and microphone and says what I send.
async fn start_media(mut state: CallState, mesh: &Mesh) {
    match mesh.open_media(*state.lang.peek()).await {
        Ok((camera, mic)) => {
            let media = MediaState { camera, mic, screen: false };
            state.mine.set(media);
            attach("video-local", mesh.local_stream());
            send(state, SignalIn::Media { state: media }).await;
        }
        Err(e) => state.notice.set(Some(tr_args(*state.lang.peek(), "call-no-media", &[("error", e.into())]))),
    }
}

/// Offers my connection (again) to the media server.
async fn offer(state: CallState, mesh: &Mesh, publish: bool) {
    match mesh.offer(publish, on_track(mesh)).await {
        Ok(sdp) => send(state, SignalIn::Offer { sdp }).await,
        Err(e) => failed(state, e),
    }
}

async fn handle(mut state: CallState, mesh: &Mesh, message: SignalOut) {
    match message {
        SignalOut::Joined { me, peers, ice, manages } => {
            mesh.set_ice(ice);
            state.manages.set(manages);
            let presenter = me.presenter;
            state.me.set(Some(me));
            state.tiles.set(peers.into_iter().map(Tile::new).collect());
            state.phase.set(Phase::InCall);
            if presenter {
                start_media(state, mesh).await;
            }
            offer(state, mesh, presenter).await;
        }
        SignalOut::Waiting => state.phase.set(Phase::Waiting),
        SignalOut::Lobby { waiting } => state.lobby.set(waiting),
        SignalOut::PeerJoined { peer } => {
            state.tiles.write().retain(|t| t.peer.id != peer.id);
            state.tiles.write().push(Tile::new(peer));
        }
        SignalOut::PeerLeft { id } => {
            mesh.drop_peer(&id);
            state.tiles.write().retain(|t| t.peer.id != id);
        }
        SignalOut::Answer { sdp } => {
            if let Err(e) = mesh.accept_answer(&sdp).await {
                failed(state, e);
            }
        }
        SignalOut::Offer { sdp } => match mesh.answer(&sdp).await {
            Ok(Some(answer)) => send(state, SignalIn::Answer { sdp: answer }).await,
            Ok(None) => {}
            Err(e) => failed(state, e),
        },
        SignalOut::Media { id, state: media } => {
            if let Some(tile) = state.tiles.write().iter_mut().find(|t| t.peer.id == id) {
                tile.media = media;
            }
        }
        SignalOut::Speaking { id, on } => {
            if state.me.peek().as_ref().is_some_and(|m| m.id == id) {
                state.speaking.set(on);
            } else if let Some(tile) = state.tiles.write().iter_mut().find(|t| t.peer.id == id) {
                tile.speaking = on;
            }
        }
        SignalOut::Hand { id, up } => {
            if let Some(tile) = state.tiles.write().iter_mut().find(|t| t.peer.id == id) {
                tile.hand = up;
            }
        }
        SignalOut::Floor { peer } => {
            let mine = state.me.peek().as_ref().is_some_and(|m| m.id == peer.id);
            if !mine {
                if let Some(tile) = state.tiles.write().iter_mut().find(|t| t.peer.id == peer.id) {
                    tile.granted = peer.presenter;
                    tile.peer = peer;
                    tile.hand = false;
                }
                return;
            }
            let on = peer.presenter;
            state.me.set(Some(peer));
            state.hand.set(false);
            if on {
                // Given the floor: my camera and microphone go to the others.
                start_media(state, mesh).await;
                offer(state, mesh, true).await;
            } else {
                state.mine.set(MediaState::default());
                match mesh.stop_publishing().await {
                    Ok(Some(sdp)) => send(state, SignalIn::Offer { sdp }).await,
                    Ok(None) => {}
                    Err(e) => failed(state, e),
                }
            }
        }
        SignalOut::Quality { id, quality } => {
            if let Some(tile) = state.tiles.write().iter_mut().find(|t| t.peer.id == id) {
                tile.quality = Some(quality);
            }
        }
        SignalOut::Uplink { ok } => state.uplink_lost.set(!ok),
        SignalOut::Refused { problem } => state.notice.set(Some(problem_text(*state.lang.peek(), &problem))),
        // Turned away, removed, signed out, no longer allowed, the meeting
        // ended: the server hangs up next, and this is why.
        SignalOut::Closed { problem } => {
            mesh.close();
            state.phase.set(Phase::Ended(problem_text(*state.lang.peek(), &problem)));
        }
    }
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
