//! A synthetic call participant for tests and the media benchmark: a str0m
//! connection on its own UDP socket that offers what a browser would
//! (sending audio and video, or only a data channel), answers the server's
//! offers, sends made-up frames and counts the frames it receives.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::format::Codec;
use str0m::media::{Direction, MediaKind, MediaTime, Mid, Rid, Simulcast, SimulcastLayer};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;

/// What a synthetic participant saw.
#[derive(Default)]
pub struct Counters {
    pub video_frames: AtomicU64,
    pub audio_frames: AtomicU64,
    pub bytes: AtomicU64,
    pub connected: AtomicU64,
    /// Per received video track: frames, and the size of the last one
    /// (which tells the simulcast layer apart: see `LAYER_SIZES`).
    pub videos: std::sync::Mutex<std::collections::HashMap<Mid, (u64, usize)>>,
    /// The largest video frame received (since a test last reset it).
    pub largest: AtomicU64,
}

/// The frame size of each simulcast layer a synthetic sender sends.
pub const LAYER_SIZES: [(&str, usize); 3] = [("l", 300), ("m", 1200), ("h", 5000)];
/// The width each layer's keyframes declare (a 640×480 camera's quarter, half and whole).
pub const LAYER_WIDTHS: [u16; 3] = [160, 320, 640];

/// How a synthetic participant sends.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sends {
    Nothing,
    /// Audio and one video layer.
    Single,
    /// Audio and three video layers (l, m, h).
    Simulcast,
}

/// Signalling into the client: the server's answer or offer.
pub enum ToClient {
    Answer(String),
    Offer(String),
}

pub struct Client {
    rtc: Rtc,
    socket: UdpSocket,
    local: SocketAddr,
    pending: Option<SdpPendingOffer>,
    sending: Vec<(Mid, MediaKind)>,
    simulcast: bool,
    /// The video frame size of a single-layer sender.
    frame: usize,
}

impl Client {
    /// A client and its first offer: `publish` sends audio and video.
    pub async fn new(publish: bool) -> (Client, String) {
        Self::sending(if publish { Sends::Single } else { Sends::Nothing }, 1200).await
    }

    /// A client that sends as `sends` says (`frame`: a single layer's frame size).
    pub async fn sending(sends: Sends, frame: usize) -> (Client, String) {
        let publish = sends != Sends::Nothing;
        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let local = socket.local_addr().unwrap();
        let mut rtc = Rtc::builder().clear_codecs().enable_opus(true, false).enable_vp8(true).build(Instant::now());
        rtc.add_local_candidate(Candidate::host(local, "udp").unwrap());
        let mut change = rtc.sdp_api();
        let mut sending = Vec::new();
        if publish {
            sending.push((change.add_media(MediaKind::Audio, Direction::SendOnly, Some("me".into()), None, None), MediaKind::Audio));
            let layers = (sends == Sends::Simulcast).then(|| {
                let mut simulcast = Simulcast::new();
                for (rid, _) in LAYER_SIZES {
                    simulcast.add_send_layer(SimulcastLayer::new(rid));
                }
                simulcast
            });
            sending.push((change.add_media(MediaKind::Video, Direction::SendOnly, Some("me".into()), None, layers), MediaKind::Video));
        }
        change.add_channel("call".into());
        let (offer, pending) = change.apply().unwrap();
        (Client { rtc, socket, local, pending: Some(pending), sending, simulcast: sends == Sends::Simulcast, frame }, offer.to_sdp_string())
    }

    /// Runs the connection until `incoming` closes: takes the server's SDP,
    /// sends frames (if publishing) at 30 a second, counts what arrives.
    /// Answers to the server's offers go out through `answers`.
    pub async fn run(mut self, mut incoming: mpsc::UnboundedReceiver<ToClient>, answers: mpsc::UnboundedSender<String>, counters: Arc<Counters>) {
        let mut buf = vec![0u8; 2048];
        let start = Instant::now();
        let mut frame: u64 = 0;
        let mut next_frame = Instant::now();
        loop {
            // Drain output.
            let timeout = loop {
                match self.rtc.poll_output() {
                    Ok(Output::Transmit(t)) => {
                        let _ = self.socket.try_send_to(&t.contents, t.destination);
                    }
                    Ok(Output::Timeout(t)) => break t,
                    Ok(Output::Event(event)) => match event {
                        Event::Connected => {
                            counters.connected.fetch_add(1, Ordering::Relaxed);
                        }
                        Event::MediaData(data) => {
                            counters.bytes.fetch_add(data.data.len() as u64, Ordering::Relaxed);
                            let kind = self.rtc.media(data.mid).map(|m| m.kind());
                            if kind == Some(MediaKind::Video) {
                                counters.video_frames.fetch_add(1, Ordering::Relaxed);
                                let mut videos = counters.videos.lock().unwrap();
                                let entry = videos.entry(data.mid).or_insert((0, 0));
                                entry.0 += 1;
                                entry.1 = data.data.len();
                                counters.largest.fetch_max(data.data.len() as u64, Ordering::Relaxed);
                            } else {
                                counters.audio_frames.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        _ => {}
                    },
                    Err(_) => return,
                }
            };
            if !self.rtc.is_alive() {
                return;
            }
            let wake = timeout.min(next_frame).max(Instant::now() + Duration::from_millis(1));
            tokio::select! {
                message = incoming.recv() => match message {
                    None => return,
                    Some(ToClient::Answer(sdp)) => {
                        if let (Some(pending), Ok(answer)) = (self.pending.take(), SdpAnswer::from_sdp_string(&sdp)) {
                            let _ = self.rtc.sdp_api().accept_answer(pending, answer);
                        }
                    }
                    Some(ToClient::Offer(sdp)) => {
                        if let Ok(offer) = SdpOffer::from_sdp_string(&sdp) {
                            if let Ok(answer) = self.rtc.sdp_api().accept_offer(offer) {
                                let _ = answers.send(answer.to_sdp_string());
                            }
                        }
                    }
                },
                received = self.socket.recv_from(&mut buf) => {
                    if let Ok((n, source)) = received {
                        if let Ok(contents) = buf[..n].try_into() {
                            let input = Input::Receive(Instant::now(), Receive { proto: Protocol::Udp, source, destination: self.local, contents });
                            if self.rtc.handle_input(input).is_err() {
                                return;
                            }
                        }
                    }
                }
                _ = tokio::time::sleep_until(wake.into()) => {
                    let now = Instant::now();
                    if self.rtc.handle_input(Input::Timeout(now)).is_err() {
                        return;
                    }
                    if now >= next_frame {
                        next_frame = now + Duration::from_millis(33);
                        frame += 1;
                        self.send_frames(frame, start, now);
                    }
                }
            }
        }
    }

    /// One made-up frame on each sending track: a VP8 keyframe every 30
    /// frames (so receivers can start), deltas between; 20 ms of "audio"
    /// loud enough to count as speech.
    fn send_frames(&mut self, frame: u64, start: Instant, now: Instant) {
        let sending = self.sending.clone();
        let elapsed = now.duration_since(start);
        for (mid, kind) in sending {
            let layers: Vec<(Option<Rid>, usize, u16)> = match kind {
                MediaKind::Video if self.simulcast => LAYER_SIZES.iter().zip(LAYER_WIDTHS).map(|((rid, size), width)| (Some(Rid::from(*rid)), *size, width)).collect(),
                MediaKind::Video => vec![(None, self.frame, 640)],
                MediaKind::Audio => vec![(None, 60, 0)],
            };
            for (rid, size, width) in layers {
                let Some(writer) = self.rtc.writer(mid) else { continue };
                let Some(pt) = writer.payload_params().find(|p| match kind {
                    MediaKind::Video => p.spec().codec == Codec::Vp8,
                    MediaKind::Audio => p.spec().codec == Codec::Opus,
                }).map(|p| p.pt()) else { continue };
                let (data, time) = match kind {
                    MediaKind::Video => (vp8_frame(frame % 30 == 1, size, width), MediaTime::from_90khz((elapsed.as_micros() as u64 * 90 / 1000) as u64)),
                    MediaKind::Audio => (vec![0xf8u8; size], MediaTime::new((elapsed.as_micros() as u64 * 48 / 1000) as u64, str0m::media::Frequency::FORTY_EIGHT_KHZ)),
                };
                let writer = if kind == MediaKind::Audio { writer.audio_level(-20, true) } else { writer };
                let writer = match rid {
                    Some(rid) => writer.rid(rid),
                    None => writer,
                };
                let _ = writer.write(pt, now, time, data);
            }
        }
    }
}

/// A VP8 payload whose first byte marks a keyframe (bit 0 clear) or not; a
/// keyframe declares `width` (and a 4:3 height).
fn vp8_frame(key: bool, size: usize, width: u16) -> Vec<u8> {
    let mut data = vec![0u8; size];
    // Frame tag: keyframe bit 0 = key, show_frame bit 4, then the start code.
    data[0] = if key { 0x10 } else { 0x11 };
    if key && size >= 10 {
        data[3] = 0x9d;
        data[4] = 0x01;
        data[5] = 0x2a;
        data[6..8].copy_from_slice(&width.to_le_bytes());
        data[8..10].copy_from_slice(&(width / 4 * 3).to_le_bytes());
    }
    data
}
