//! Browser WebRTC for a call (X3, #19), through web-sys: the camera and
//! microphone, one `RTCPeerConnection` to the call's media server (which
//! forwards everyone else's tracks, a stream per person), and screen
//! sharing by replacing the sent video track. The browser offers first (what
//! it publishes, and a data channel so a viewer's offer is never empty); the
//! server then offers the others' tracks as they come and go. ICE
//! candidates are not trickled: the first offer waits for gathering (at most
//! 3 s) and carries them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MediaStream, MediaStreamConstraints, MediaStreamTrack, RtcConfiguration, RtcIceGatheringState, RtcIceServer, RtcPeerConnection,
    RtcRtpSender, RtcRtpTransceiver, RtcRtpTransceiverDirection, RtcRtpTransceiverInit, RtcSdpType, RtcSessionDescriptionInit, RtcSignalingState,
    RtcTrackEvent,
};

use crate::model::meeting::IceServer;
use crate::ui::i18n::{tr, Lang};

/// The local side of a call: my media and my connection to the media server.
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
    pc: Option<RtcPeerConnection>,
    /// The transceivers that send my tracks.
    sending: Vec<RtcRtpTransceiver>,
    /// Each other person's stream, by peer id (the server names streams so).
    remote: HashMap<String, MediaStream>,
    /// Keeps the `ontrack` handler alive as long as the connection.
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

    /// The connection to the media server, made on first use. `on_track`
    /// gets the peer id whose stream got a track.
    fn connection(&self, on_track: impl Fn(String) + 'static) -> Result<RtcPeerConnection, String> {
        if let Some(existing) = &self.inner.borrow().pc {
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
        let handler = Closure::<dyn FnMut(RtcTrackEvent)>::new(move |event: RtcTrackEvent| {
            // The server sends each person's tracks in a stream named by their peer id.
            let Some(stream) = event.streams().get(0).dyn_into::<MediaStream>().ok() else { return };
            let peer = stream.id();
            inner.borrow_mut().remote.insert(peer.clone(), stream);
            on_track(peer);
        });
        pc.set_ontrack(Some(handler.as_ref().unchecked_ref()));
        // A viewer publishes nothing: the data channel keeps its offer from being empty.
        let _ = pc.create_data_channel("call");
        let mut inner = self.inner.borrow_mut();
        inner.handlers.push(handler);
        inner.pc = Some(pc.clone());
        Ok(pc)
    }

    /// Adds my tracks to the connection, sending only.
    fn add_media(&self, pc: &RtcPeerConnection) {
        let mut inner = self.inner.borrow_mut();
        let Some(local) = inner.local.clone() else { return };
        let streams = Array::of1(&local);
        for track in local.get_tracks().iter() {
            let track: MediaStreamTrack = track.unchecked_into();
            let sent = if track.kind() == "video" { inner.screen.clone().unwrap_or(track) } else { track };
            let init = RtcRtpTransceiverInit::new();
            init.set_direction(RtcRtpTransceiverDirection::Sendonly);
            init.set_streams(&streams);
            if sent.kind() == "video" {
                init.set_send_encodings(&simulcast());
            }
            let transceiver = pc.add_transceiver_with_media_stream_track_and_init(&sent, &init);
            inner.sending.push(transceiver);
        }
    }

    /// My offer to the media server (what I publish, if `publish`), ready to send.
    pub async fn offer(&self, publish: bool, on_track: impl Fn(String) + 'static) -> Result<String, String> {
        let pc = self.connection(on_track)?;
        if publish && self.inner.borrow().sending.is_empty() {
            self.add_media(&pc);
        }
        describe_local(&pc, pc.create_offer(), RtcSdpType::Offer).await
    }

    /// Stops sending (the floor was taken back); returns the offer that says so.
    pub async fn stop_publishing(&self) -> Result<Option<String>, String> {
        let (pc, sending) = {
            let mut inner = self.inner.borrow_mut();
            (inner.pc.clone(), std::mem::take(&mut inner.sending))
        };
        for transceiver in &sending {
            transceiver.stop();
        }
        if let Some(local) = self.inner.borrow_mut().local.take() {
            for track in local.get_tracks().iter() {
                track.unchecked_into::<MediaStreamTrack>().stop();
            }
        }
        let Some(pc) = pc else { return Ok(None) };
        describe_local(&pc, pc.create_offer(), RtcSdpType::Offer).await.map(Some)
    }

    /// The media server's answer to my offer.
    pub async fn accept_answer(&self, sdp: &str) -> Result<(), String> {
        let Some(pc) = self.inner.borrow().pc.clone() else { return Ok(()) };
        describe_remote(&pc, RtcSdpType::Answer, sdp).await
    }

    /// My answer to the media server's offer (the others' tracks), or None
    /// while an offer of mine is outstanding: mine goes first, and the
    /// server offers again after answering it.
    pub async fn answer(&self, sdp: &str) -> Result<Option<String>, String> {
        let Some(pc) = self.inner.borrow().pc.clone() else { return Ok(None) };
        if pc.signaling_state() != RtcSignalingState::Stable {
            return Ok(None);
        }
        describe_remote(&pc, RtcSdpType::Offer, sdp).await?;
        describe_local(&pc, pc.create_answer(), RtcSdpType::Answer).await.map(Some)
    }

    /// Someone left: their stream goes (the server stops their tracks).
    pub fn drop_peer(&self, peer: &str) {
        self.inner.borrow_mut().remote.remove(peer);
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
        let senders: Vec<RtcRtpSender> = self.inner.borrow().sending.iter().map(|t| t.sender()).collect();
        for sender in senders {
            if sender.track().is_some_and(|t| t.kind() == "video") {
                let _ = JsFuture::from(sender.replace_track(track)).await;
            }
        }
    }

    /// Ends everything: the connection closed, camera and microphone released.
    pub fn close(&self) {
        let mut inner = self.inner.borrow_mut();
        if let Some(pc) = inner.pc.take() {
            pc.close();
        }
        inner.sending.clear();
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

/// A camera's (or screen's) video in three layers, for the media server to
/// give each receiver the one its bandwidth carries: a quarter, half and
/// full resolution. The browser sends fewer when the picture is too small
/// for them, or when its uplink or CPU cannot carry them.
fn simulcast() -> Array {
    [("l", 4.0, 150_000), ("m", 2.0, 500_000), ("h", 1.0, 1_500_000)]
        .into_iter()
        .map(|(rid, scale, bitrate)| {
            let encoding = web_sys::RtcRtpEncodingParameters::new();
            encoding.set_rid(rid);
            encoding.set_scale_resolution_down_by(scale);
            encoding.set_max_bitrate(bitrate);
            JsValue::from(encoding)
        })
        .collect()
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
