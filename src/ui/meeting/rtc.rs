//! Browser WebRTC for a call (X3), through web-sys: the camera and
//! microphone, one `RTCPeerConnection` per other peer (a full mesh), screen
//! sharing by replacing the sent video track, and a speaking detector. ICE
//! candidates are not trickled: an offer or answer is sent once gathering
//! is complete (or after 3 s), with its candidates inside.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MediaStream, MediaStreamConstraints, MediaStreamTrack, RtcConfiguration, RtcIceGatheringState, RtcIceServer, RtcPeerConnection,
    RtcRtpSender, RtcRtpTransceiverDirection, RtcRtpTransceiverInit, RtcSdpType, RtcSessionDescriptionInit, RtcTrackEvent,
};

use crate::model::meeting::IceServer;
use crate::ui::i18n::{tr, Lang};

/// The local side of a call: my media and a connection per peer.
#[derive(Clone, Default)]
pub struct Mesh {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Default)]
struct Inner {
    ice: Vec<IceServer>,
    local: Option<MediaStream>,
    camera: Option<MediaStreamTrack>,
    screen: Option<MediaStreamTrack>,
    connections: HashMap<String, RtcPeerConnection>,
    remote: HashMap<String, MediaStream>,
    /// Keeps the `ontrack` handlers alive as long as their connections.
    handlers: Vec<Closure<dyn FnMut(RtcTrackEvent)>>,
}

fn js_error(value: JsValue) -> String {
    value.as_string().or_else(|| Reflect::get(&value, &"message".into()).ok().and_then(|m| m.as_string())).unwrap_or_else(|| format!("{value:?}"))
}

impl Mesh {
    pub fn set_ice(&self, ice: Vec<IceServer>) {
        self.inner.borrow_mut().ice = ice;
    }

    /// Asks for the camera and microphone (falling back to the microphone
    /// alone). Returns what it got.
    pub async fn open_media(&self, lang: Lang) -> Result<(bool, bool), String> {
        let devices = web_sys::window().ok_or(tr(lang, "call-no-window"))?.navigator().media_devices().map_err(js_error)?;
        let mut last_error = String::new();
        for video in [true, false] {
            let constraints = MediaStreamConstraints::new();
            constraints.set_audio(&JsValue::TRUE);
            constraints.set_video(&JsValue::from_bool(video));
            let promise = devices.get_user_media_with_constraints(&constraints).map_err(js_error)?;
            match JsFuture::from(promise).await {
                Ok(stream) => {
                    let stream: MediaStream = stream.unchecked_into();
                    let camera = stream.get_video_tracks().get(0).dyn_into::<MediaStreamTrack>().ok();
                    let has_mic = stream.get_audio_tracks().length() > 0;
                    let has_camera = camera.is_some();
                    let mut inner = self.inner.borrow_mut();
                    inner.camera = camera;
                    inner.local = Some(stream);
                    return Ok((has_camera, has_mic));
                }
                Err(e) => last_error = js_error(e),
            }
        }
        Err(last_error)
    }

    pub fn local_stream(&self) -> Option<MediaStream> {
        self.inner.borrow().local.clone()
    }

    pub fn remote_stream(&self, peer: &str) -> Option<MediaStream> {
        self.inner.borrow().remote.get(peer).cloned()
    }

    /// Turns my camera or microphone on or off (the track stays, muted).
    pub fn set_enabled(&self, kind: &str, on: bool) {
        if let Some(local) = &self.inner.borrow().local {
            let tracks = if kind == "video" { local.get_video_tracks() } else { local.get_audio_tracks() };
            for track in tracks.iter() {
                track.unchecked_into::<MediaStreamTrack>().set_enabled(on);
            }
        }
    }

    fn connection(&self, peer: &str, on_track: impl Fn(String) + 'static) -> Result<RtcPeerConnection, String> {
        if let Some(existing) = self.inner.borrow().connections.get(peer) {
            return Ok(existing.clone());
        }
        let config = RtcConfiguration::new();
        let servers = Array::new();
        for server in &self.inner.borrow().ice {
            let entry = RtcIceServer::new();
            let urls: Array = server.urls.iter().map(|u| JsValue::from_str(u)).collect();
            entry.set_urls(&urls);
            if let Some(user) = &server.username {
                entry.set_username(user);
            }
            if let Some(credential) = &server.credential {
                entry.set_credential(credential);
            }
            servers.push(&entry);
        }
        config.set_ice_servers(&servers);
        let pc = RtcPeerConnection::new_with_configuration(&config).map_err(js_error)?;
        let inner = self.inner.clone();
        let id = peer.to_string();
        let handler = Closure::<dyn FnMut(RtcTrackEvent)>::new(move |event: RtcTrackEvent| {
            // The sender's stream (its tracks arrive in it), or one of our own.
            let theirs = event.streams().get(0).dyn_into::<MediaStream>().ok();
            let stream = match theirs {
                Some(stream) => stream,
                None => {
                    let existing = inner.borrow().remote.get(&id).cloned();
                    let stream = existing.unwrap_or_else(|| MediaStream::new().expect("MediaStream"));
                    stream.add_track(&event.track());
                    stream
                }
            };
            inner.borrow_mut().remote.insert(id.clone(), stream);
            on_track(id.clone());
        });
        pc.set_ontrack(Some(handler.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.handlers.push(handler);
        inner.connections.insert(peer.to_string(), pc.clone());
        Ok(pc)
    }

    /// Adds my tracks to `pc`, or, with nothing to send, asks to receive.
    fn add_media(&self, pc: &RtcPeerConnection, publish: bool) {
        let inner = self.inner.borrow();
        match (&inner.local, publish) {
            (Some(local), true) => {
                for track in local.get_tracks().iter() {
                    let track: MediaStreamTrack = track.unchecked_into();
                    let sent = if track.kind() == "video" { inner.screen.clone().unwrap_or(track) } else { track };
                    pc.add_track_0(&sent, local);
                }
            }
            _ => {
                for kind in ["audio", "video"] {
                    let init = RtcRtpTransceiverInit::new();
                    init.set_direction(RtcRtpTransceiverDirection::Recvonly);
                    pc.add_transceiver_with_str_and_init(kind, &init);
                }
            }
        }
    }

    /// An offer to `peer`, ready to send.
    pub async fn offer(&self, peer: &str, publish: bool, on_track: impl Fn(String) + 'static) -> Result<String, String> {
        let pc = self.connection(peer, on_track)?;
        self.add_media(&pc, publish);
        describe_local(&pc, pc.create_offer(), RtcSdpType::Offer).await
    }

    /// The answer to `peer`'s offer, ready to send.
    pub async fn answer(&self, peer: &str, sdp: &str, publish: bool, on_track: impl Fn(String) + 'static) -> Result<String, String> {
        let pc = self.connection(peer, on_track)?;
        describe_remote(&pc, RtcSdpType::Offer, sdp).await?;
        if publish {
            self.add_media(&pc, true);
        }
        describe_local(&pc, pc.create_answer(), RtcSdpType::Answer).await
    }

    pub async fn accept_answer(&self, peer: &str, sdp: &str) -> Result<(), String> {
        let Some(pc) = self.inner.borrow().connections.get(peer).cloned() else { return Ok(()) };
        describe_remote(&pc, RtcSdpType::Answer, sdp).await
    }

    pub fn drop_peer(&self, peer: &str) {
        let mut inner = self.inner.borrow_mut();
        if let Some(pc) = inner.connections.remove(peer) {
            pc.close();
        }
        inner.remote.remove(peer);
    }

    /// Shares the screen in place of the camera; `None` when refused.
    pub async fn share_screen(&self, lang: Lang, on_end: impl Fn() + 'static) -> Result<MediaStreamTrack, String> {
        let devices = web_sys::window().ok_or(tr(lang, "call-no-window"))?.navigator().media_devices().map_err(js_error)?;
        let stream: MediaStream = JsFuture::from(devices.get_display_media().map_err(js_error)?).await.map_err(js_error)?.unchecked_into();
        let track: MediaStreamTrack = stream.get_video_tracks().get(0).dyn_into().map_err(|_| tr(lang, "call-no-screen-video").to_string())?;
        let ended = Closure::<dyn FnMut()>::new(on_end);
        track.set_onended(Some(ended.as_ref().unchecked_ref()));
        ended.forget();
        self.inner.borrow_mut().screen = Some(track.clone());
        self.replace_video(Some(&track)).await;
        Ok(track)
    }

    /// Back to the camera after sharing the screen.
    pub async fn stop_screen(&self) {
        let (screen, camera) = {
            let mut inner = self.inner.borrow_mut();
            (inner.screen.take(), inner.camera.clone())
        };
        if let Some(screen) = screen {
            screen.stop();
        }
        self.replace_video(camera.as_ref()).await;
    }

    async fn replace_video(&self, track: Option<&MediaStreamTrack>) {
        let senders: Vec<RtcRtpSender> = self
            .inner
            .borrow()
            .connections
            .values()
            .flat_map(|pc| pc.get_senders().iter().map(|s| s.unchecked_into::<RtcRtpSender>()).collect::<Vec<_>>())
            .collect();
        for sender in senders {
            if sender.track().is_some_and(|t| t.kind() == "video") {
                let _ = JsFuture::from(sender.replace_track(track)).await;
            }
        }
    }

    /// My microphone's loudest sample over the last ~340 ms, 0–1 (for «who
    /// is speaking»): a window longer than the polling interval, so a short
    /// sound between two polls is not missed.
    pub fn level_meter(&self) -> Option<impl Fn() -> f64> {
        const WINDOW: usize = 16_384;
        let local = self.inner.borrow().local.clone()?;
        local.get_audio_tracks().get(0).dyn_into::<MediaStreamTrack>().ok()?;
        let context = web_sys::AudioContext::new().ok()?;
        let source = context.create_media_stream_source(&local).ok()?;
        let analyser = context.create_analyser().ok()?;
        analyser.set_fft_size(WINDOW as u32);
        source.connect_with_audio_node(&analyser).ok()?;
        Some(move || {
            let _keep = &context;
            let mut samples = vec![0u8; WINDOW];
            analyser.get_byte_time_domain_data(&mut samples);
            samples.iter().map(|s| ((*s as f64) - 128.0).abs() / 128.0).fold(0.0, f64::max)
        })
    }

    /// Ends everything: connections closed, camera and microphone released.
    pub fn close(&self) {
        let mut inner = self.inner.borrow_mut();
        for pc in inner.connections.values() {
            pc.close();
        }
        inner.connections.clear();
        inner.remote.clear();
        if let Some(local) = inner.local.take() {
            for track in local.get_tracks().iter() {
                track.unchecked_into::<MediaStreamTrack>().stop();
            }
        }
        if let Some(screen) = inner.screen.take() {
            screen.stop();
        }
        inner.handlers.clear();
    }
}

/// The local description once ICE gathering is complete (at most 3 s).
/// Takes the offer or answer `created` (of type `kind`) as the local
/// description and returns it, once its candidates are gathered.
async fn describe_local(pc: &RtcPeerConnection, created: js_sys::Promise, kind: RtcSdpType) -> Result<String, String> {
    let description = JsFuture::from(created).await.map_err(js_error)?;
    let sdp = Reflect::get(&description, &"sdp".into()).ok().and_then(|s| s.as_string()).unwrap_or_default();
    let init = RtcSessionDescriptionInit::new(kind);
    init.set_sdp(&sdp);
    JsFuture::from(pc.set_local_description(&init)).await.map_err(js_error)?;
    Ok(gathered(pc).await)
}

/// Takes the peer's offer or answer as the remote description.
async fn describe_remote(pc: &RtcPeerConnection, kind: RtcSdpType, sdp: &str) -> Result<(), String> {
    let init = RtcSessionDescriptionInit::new(kind);
    init.set_sdp(sdp);
    JsFuture::from(pc.set_remote_description(&init)).await.map_err(js_error)?;
    Ok(())
}

async fn gathered(pc: &RtcPeerConnection) -> String {
    for _ in 0..60 {
        if pc.ice_gathering_state() == RtcIceGatheringState::Complete {
            break;
        }
        crate::ui::browser::sleep_ms(50).await;
    }
    pc.local_description().map(|d| d.sdp()).unwrap_or_default()
}

/// Shows `stream` in the `<video id=…>` element, if it is on the page.
pub fn attach(element_id: &str, stream: Option<MediaStream>) {
    let Some(stream) = stream else { return };
    let Some(video) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(element_id)) else { return };
    // Tracks arrive one by one into the same stream: set it again when its
    // track count changed, so the element picks up a video that came second.
    let tracks = stream.get_tracks().length().to_string();
    let shown = video.get_attribute("data-tracks");
    let video: web_sys::HtmlMediaElement = video.unchecked_into();
    if video.src_object().as_ref() != Some(&stream) || shown.as_deref() != Some(tracks.as_str()) {
        let _ = video.set_attribute("data-tracks", &tracks);
        video.set_src_object(Some(&stream));
        // play() is refused when the tile goes meanwhile (someone left): fine.
        if let Ok(playing) = video.play() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(playing).await;
            });
        }
    }
}
