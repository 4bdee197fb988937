//! One browser's connection to the media server: its str0m `Rtc`, the
//! tracks it publishes, the tracks forwarded to it, and the server's side
//! of renegotiation (one offer outstanding at a time; a browser offer wins
//! a clash and the server offers again afterwards).

use std::time::Instant;

use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::media::{Direction, MediaKind, Mid, Rid};
use tokio::sync::mpsc;

use crate::model::meeting::SignalOut;
use crate::model::problem::Problem;

/// A track this peer publishes.
pub(super) struct TrackIn {
    pub mid: Mid,
    pub kind: MediaKind,
    /// When a keyframe was last asked for, per simulcast layer.
    pub keyframe_asked: Vec<(Option<Rid>, Instant)>,
    /// The simulcast layers arriving (none: a single layer).
    pub layers: Vec<Layer>,
    /// When its last frame arrived.
    pub last_media: Option<Instant>,
}

impl TrackIn {
    pub fn new(mid: Mid, kind: MediaKind) -> TrackIn {
        TrackIn { mid, kind, keyframe_asked: Vec::new(), layers: Vec::new(), last_media: None }
    }
}

/// One simulcast layer of a published video, as it arrives.
pub(super) struct Layer {
    pub rid: Rid,
    /// Bytes since the last measurement, and the bit rate measured then.
    pub bytes: u64,
    pub bps: u64,
    pub seen: Instant,
    /// Its frames' width in pixels, from its last keyframe.
    pub width: Option<u16>,
}

/// The width a VP8 keyframe declares: after the 3-byte frame tag (bit 0
/// clear: a keyframe) and the start code 9d 01 2a, 14 bits little-endian.
pub(super) fn vp8_width(frame: &[u8]) -> Option<u16> {
    match frame {
        [tag, _, _, 0x9d, 0x01, 0x2a, low, high, ..] if tag & 1 == 0 => Some(u16::from_le_bytes([*low, *high]) & 0x3fff).filter(|w| *w > 0),
        _ => None,
    }
}

/// A layer's place from the lowest: the browser names them l, m, h.
pub(super) fn rank(rid: Rid) -> u8 {
    match &*rid {
        "l" | "q" => 0,
        "m" => 1,
        _ => 2,
    }
}

/// Where a forwarded track stands in this peer's session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum OutState {
    ToOpen,
    Negotiating(Mid),
    Open(Mid),
    ToStop(Mid),
    NegotiatingStop(Mid),
}

/// Another peer's track, forwarded to this one.
pub(super) struct TrackOut {
    pub origin: u64,
    pub origin_mid: Mid,
    pub kind: MediaKind,
    pub state: OutState,
    /// The simulcast layer forwarded now, and the one to switch to at its
    /// next keyframe.
    pub rid: Option<Rid>,
    pub target: Option<Rid>,
    /// When the layer last went up or down (layers go up slowly).
    pub changed: Option<Instant>,
    /// Added to the source's RTP time, so that the time runs on smoothly
    /// when the layer (each with its own clock base) changes.
    pub offset: i64,
    pub last_time: Option<u64>,
    /// Forwarded at all: a call shows at most `VIDEOS_SHOWN` videos.
    pub shown: bool,
    /// The quality last told to the browser for this track's person.
    pub told: Option<crate::model::meeting::Quality>,
}

impl TrackOut {
    pub fn new(origin: u64, origin_mid: Mid, kind: MediaKind) -> TrackOut {
        TrackOut { origin, origin_mid, kind, state: OutState::ToOpen, rid: None, target: None, changed: None, offset: 0, last_time: None, shown: true, told: None }
    }
}

impl TrackOut {
    pub fn mid(&self) -> Option<Mid> {
        match self.state {
            OutState::ToOpen => None,
            OutState::Negotiating(m) | OutState::Open(m) | OutState::ToStop(m) | OutState::NegotiatingStop(m) => Some(m),
        }
    }
}

pub(super) struct Peer {
    pub chat: String,
    /// The call's peer id: the stream id its tracks carry to the others.
    pub peer: String,
    pub publishes: bool,
    pub rtc: str0m::Rtc,
    pub mailbox: mpsc::Sender<SignalOut>,
    pub tracks_in: Vec<TrackIn>,
    pub tracks_out: Vec<TrackOut>,
    pending: Option<SdpPendingOffer>,
    /// When this peer next needs a timeout input.
    pub next: Instant,
    pub connected: bool,
    /// The bandwidth estimate toward this browser, in bit/s.
    pub estimate: Option<u64>,
    /// Whether its media arrives (told to the browser when it changes).
    pub uplink_ok: bool,
    pub joined: Instant,
    /// How wide the browser shows the others' videos, in device pixels, if it said.
    pub tile_px: Option<u32>,
    /// It shares its screen: its video is never capped to a tile's size.
    pub screen: bool,
}

impl Peer {
    pub fn new(chat: String, peer: String, publishes: bool, rtc: str0m::Rtc, mailbox: mpsc::Sender<SignalOut>) -> Peer {
        Peer {
            chat,
            peer,
            publishes,
            rtc,
            mailbox,
            tracks_in: Vec::new(),
            tracks_out: Vec::new(),
            pending: None,
            next: Instant::now(),
            connected: false,
            estimate: None,
            uplink_ok: true,
            joined: Instant::now(),
            tile_px: None,
            screen: false,
        }
    }

    pub fn tell(&self, message: SignalOut) {
        // A full mailbox is a stalled browser: its socket task lets it go.
        let _ = self.mailbox.try_send(message);
    }

    /// The browser's offer, answered (a pending server offer is dropped and
    /// made again later: the browser's wins).
    pub fn accept_offer(&mut self, sdp: &str) -> Result<(), Problem> {
        let offer = SdpOffer::from_sdp_string(sdp).map_err(|_| Problem::BadSdp)?;
        let answer = self.rtc.sdp_api().accept_offer(offer).map_err(|_| Problem::BadSdp)?;
        if self.pending.take().is_some() {
            for track in &mut self.tracks_out {
                match track.state {
                    OutState::Negotiating(_) => track.state = OutState::ToOpen,
                    OutState::NegotiatingStop(m) => track.state = OutState::ToStop(m),
                    _ => {}
                }
            }
        }
        self.tell(SignalOut::Answer { sdp: answer.to_sdp_string() });
        Ok(())
    }

    /// The browser's answer to the server's offer.
    pub fn accept_answer(&mut self, sdp: &str) -> Result<(), Problem> {
        let answer = SdpAnswer::from_sdp_string(sdp).map_err(|_| Problem::BadSdp)?;
        // An answer to an offer the browser's own offer replaced: stale, dropped.
        let Some(pending) = self.pending.take() else { return Ok(()) };
        self.rtc.sdp_api().accept_answer(pending, answer).map_err(|_| Problem::BadSdp)?;
        for track in &mut self.tracks_out {
            if let OutState::Negotiating(m) = track.state {
                track.state = OutState::Open(m);
            }
        }
        self.tracks_out.retain(|t| !matches!(t.state, OutState::NegotiatingStop(_)));
        Ok(())
    }

    /// Offers the browser the tracks to open and to stop, if any and if no
    /// offer is outstanding. `stream_of` names a track's stream: its
    /// publisher's peer id, which the browser maps to a tile.
    pub fn negotiate(&mut self, stream_of: impl Fn(u64) -> Option<String>) {
        if self.pending.is_some() || !self.rtc.is_alive() {
            return;
        }
        let mut change = self.rtc.sdp_api();
        for track in &mut self.tracks_out {
            match track.state {
                OutState::ToOpen => {
                    let Some(stream) = stream_of(track.origin) else { continue };
                    let mid = change.add_media(track.kind, Direction::SendOnly, Some(stream), None, None);
                    track.state = OutState::Negotiating(mid);
                }
                OutState::ToStop(mid) => {
                    change.stop_media(mid);
                    track.state = OutState::NegotiatingStop(mid);
                }
                _ => {}
            }
        }
        if !change.has_changes() {
            return;
        }
        if let Some((offer, pending)) = change.apply() {
            self.pending = Some(pending);
            self.tell(SignalOut::Offer { sdp: offer.to_sdp_string() });
        }
    }

    /// Whether there is anything to offer the browser.
    pub fn wants_negotiation(&self) -> bool {
        self.pending.is_none() && self.tracks_out.iter().any(|t| matches!(t.state, OutState::ToOpen | OutState::ToStop(_)))
    }

    /// The forwarded tracks of `origin` are to be stopped (it left, or stopped publishing).
    pub fn stop_tracks_of(&mut self, origin: u64) {
        self.tracks_out.retain_mut(|t| {
            if t.origin != origin {
                return true;
            }
            match t.state {
                OutState::ToOpen => false,
                OutState::Negotiating(m) | OutState::Open(m) => {
                    t.state = OutState::ToStop(m);
                    true
                }
                _ => true,
            }
        });
    }
}
