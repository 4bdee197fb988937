//! Meetings and video calls (R3, R4, C3, C4, C13): a meeting's settings, its
//! link and invitation, and the signalling messages of a call.

use serde::{Deserialize, Serialize};

use super::chat::TOPIC_MAX_CHARS;
use super::employee::{colleagues, EmployeeRef};
use super::problem::Problem;
use super::room::RoomKind;

/// The most people in a conference (or an internal chat's call), all of
/// them able to send: every sender uploads once, to the server (#19; the
/// figures behind it are in docs/performance.md).
pub const CONFERENCE_MAX: u32 = 25;
/// The most people in a webinar, presenters included.
pub const WEBINAR_MAX: u32 = 300;
/// A webinar's presenters at once, the organiser included.
pub const PRESENTERS_MAX: u32 = 4;
/// The most videos a call shows (and the server forwards) at once: the
/// latest speakers first.
pub const VIDEOS_SHOWN: usize = 9;
/// A guest's name, in characters.
pub const GUEST_NAME_MAX_CHARS: usize = 60;
/// The most colleagues a new meeting starts with.
pub const MAX_INVITED: usize = 50;
/// An SDP offer or answer, in bytes (a real one is 2–10 KB).
pub const SDP_MAX_BYTES: usize = 64 * 1024;
/// One signalling message over the call's socket, in bytes: the largest SDP
/// the relay accepts, JSON-escaped, with its envelope. The socket refuses
/// (and closes on) anything larger before reading it whole.
pub const SIGNAL_MAX_BYTES: usize = 96 * 1024;
/// Guests waiting in one call's lobby at once (they do not count toward the
/// call's participants until admitted).
pub const LOBBY_MAX: usize = 20;

/// Who may start the call (C4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhoStarts {
    /// The organiser, or someone with «Управление встречами».
    Organiser,
    /// Any participant.
    #[default]
    Participants,
}

/// «Настройки конференции (вебинара)» (C4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingSettings {
    /// Guests wait until someone who manages the meeting admits them.
    pub lobby: bool,
    /// The most people in the call at once.
    pub max_participants: u32,
    pub who_starts: WhoStarts,
    /// A webinar's presenters besides the organiser (employee ids). Only
    /// they send audio, video and screen; the others watch and chat.
    pub presenters: Vec<String>,
}

impl MeetingSettings {
    pub fn defaults(kind: RoomKind) -> Self {
        MeetingSettings {
            lobby: kind != RoomKind::Internal,
            max_participants: Self::most(kind),
            who_starts: WhoStarts::Participants,
            presenters: Vec::new(),
        }
    }

    /// The most people a call of `kind` takes.
    pub fn most(kind: RoomKind) -> u32 {
        if kind == RoomKind::Webinar { WEBINAR_MAX } else { CONFERENCE_MAX }
    }

    /// Why the server would refuse these settings for a meeting of `kind`.
    pub fn problem(&self, kind: RoomKind) -> Option<Problem> {
        let most = Self::most(kind);
        if self.max_participants < 2 || self.max_participants > most {
            return Some(Problem::CallSize { max: most as usize });
        }
        if kind == RoomKind::Webinar && self.presenters.len() + 1 > PRESENTERS_MAX as usize {
            return Some(Problem::TooManyPresenters { max: PRESENTERS_MAX as usize });
        }
        None
    }
}

/// A meeting as its chat's menu and call view see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingInfo {
    pub chat: String,
    pub kind: RoomKind,
    pub topic: String,
    /// The meeting ID of the link and the invitation (digits), if it has a link.
    pub code: Option<String>,
    pub starts_ms: Option<i64>,
    pub organiser: Option<EmployeeRef>,
    pub settings: MeetingSettings,
    pub call_running: bool,
    /// May change the settings and admit guests from the lobby.
    pub may_manage: bool,
    /// May start the call now that none is running.
    pub may_start: bool,
}

/// «Создать новую конференцию или вебинар».
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewMeeting {
    pub room: String,
    /// Made once per dialog: a retry returns the meeting the first attempt made.
    pub key: String,
    pub topic: String,
    /// Start time (the browser's local time, as ms since the epoch).
    pub starts_ms: Option<i64>,
    /// Colleagues invited besides me.
    pub participants: Vec<String>,
}

impl NewMeeting {
    /// Trimmed topic; colleagues sorted, once each, without me.
    pub fn normalized(mut self, me: &str) -> Self {
        self.topic = self.topic.trim().to_string();
        self.participants = colleagues(self.participants, me);
        self
    }

    pub fn problem(&self, now_ms: i64) -> Option<Problem> {
        if self.topic.is_empty() {
            return Some(Problem::MeetingTopicMissing);
        }
        if self.topic.chars().count() > TOPIC_MAX_CHARS {
            return Some(Problem::TopicTooLong { max: TOPIC_MAX_CHARS });
        }
        if self.participants.len() > MAX_INVITED {
            return Some(Problem::TooManyInvited { max: MAX_INVITED });
        }
        // A minute of grace for a clock a little behind the server's.
        if self.starts_ms.is_some_and(|at| at < now_ms - 60_000) {
            return Some(Problem::StartPassed);
        }
        None
    }
}

/// What a guest gets for their name on the meeting link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuestPass {
    pub token: String,
    pub chat: String,
    pub topic: String,
    pub kind: RoomKind,
    pub name: String,
}

/// The meeting link's path for a meeting ID.
pub fn link_path(code: &str) -> String {
    format!("/meet/{code}")
}

/// A meeting ID as people read it: 123-456-7890.
pub fn spaced_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let (head, tail) = chars.split_at(chars.len().saturating_sub(4).min(6));
    let mut parts: Vec<String> = head.chunks(3).map(|c| c.iter().collect()).collect();
    parts.push(tail.iter().collect());
    parts.retain(|p| !p.is_empty());
    parts.join("-")
}

/// The QR code of `text`: its width in modules and an SVG path of its dark
/// modules (the browser draws it; a quiet zone of 4 goes around).
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    use std::fmt::Write as _;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let _ = write!(path, "M{} {}h1v1h-1z", i % width, i / width);
        }
    }
    Some((width, path))
}

/// One person in a call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Peer {
    /// This connection's id (the same person in two tabs is two peers).
    pub id: String,
    pub name: String,
    /// Sends audio and video (everyone in a conference; presenters in a webinar).
    pub presenter: bool,
    pub guest: bool,
}

/// What a peer sends now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaState {
    pub camera: bool,
    pub mic: bool,
    pub screen: bool,
}

/// How well a person's video reaches me, as the media server judges it
/// from my bandwidth: the best layer, a lower one, the lowest, or none now
/// (more people send video than a call shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    Good,
    Fair,
    Poor,
    Paused,
}

/// A STUN or TURN server for the browser's `RTCPeerConnection`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    pub username: Option<String>,
    pub credential: Option<String>,
}

/// Browser → server over the call's websocket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SignalIn {
    /// My connection's SDP offer to the call's media server (what I publish;
    /// ICE candidates included).
    Offer { sdp: String },
    /// My answer to the media server's offer (the others' tracks).
    Answer { sdp: String },
    /// My camera, microphone and screen.
    Media { state: MediaState },
    /// A webinar viewer asks to speak, or takes it back.
    Hand { up: bool },
    /// Let a viewer speak (present) for now, or take it back (those who
    /// manage the meeting).
    Floor { peer: String, on: bool },
    /// Let a guest in from the lobby (those who manage the meeting).
    Admit { peer: String },
    /// Turn a guest in the lobby away (those who manage the meeting).
    Reject { peer: String },
    /// Put someone out of the call (those who manage the meeting).
    Remove { peer: String },
    /// How wide the others' videos show on my screen, in device pixels (the
    /// widest tile): the media server sends no layer much larger (#19).
    TileWidth { px: u32 },
}

/// Server → browser over the call's websocket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SignalOut {
    /// In the call: offer a connection to each of `peers`.
    /// `manages`: I may admit, turn away and remove others.
    Joined {
        me: Peer,
        peers: Vec<Peer>,
        ice: Vec<IceServer>,
        #[serde(default)]
        manages: bool,
    },
    /// In the lobby until someone admits me.
    Waiting,
    /// Who waits in the lobby (to those who may admit).
    Lobby { waiting: Vec<Peer> },
    PeerJoined { peer: Peer },
    PeerLeft { id: String },
    /// The media server's answer to my offer.
    Answer { sdp: String },
    /// The media server offers the others' tracks (a stream per person,
    /// named by their peer id); I answer.
    Offer { sdp: String },
    Media { id: String, state: MediaState },
    /// The server heard this person speak, or stop (`id` may be mine).
    Speaking { id: String, on: bool },
    /// A viewer raised or lowered their hand (to those who manage).
    Hand { id: String, up: bool },
    /// This person may present now, or no longer (everyone is told; when it
    /// is me, I start or stop sending).
    Floor { peer: Peer },
    /// How well this person's video reaches me.
    Quality { id: String, quality: Quality },
    /// Whether my own audio and video reach the server (false: my uplink failed).
    Uplink { ok: bool },
    /// The last message was refused; the call goes on.
    Refused { problem: Problem },
    /// The server ends this connection, and says why (turned away, removed,
    /// signed out, no longer allowed, the meeting ended).
    Closed { problem: Problem },
}

/// Whether an SDP sends media: any audio or video section that is
/// `sendrecv` or `sendonly` (a section without a direction is sendrecv).
pub fn sdp_publishes(sdp: &str) -> bool {
    let mut publishes = false;
    let mut in_media = false;
    let mut direction: Option<&str> = None;
    let mut close = |in_media: bool, direction: Option<&str>| {
        if in_media && matches!(direction.unwrap_or("sendrecv"), "sendrecv" | "sendonly") {
            publishes = true;
        }
    };
    for line in sdp.lines().map(str::trim) {
        if let Some(media) = line.strip_prefix("m=") {
            close(in_media, direction);
            let port = media.split_whitespace().nth(1).unwrap_or("0");
            in_media = (media.starts_with("audio") || media.starts_with("video")) && port != "0";
            direction = None;
        } else if let Some(d) = line.strip_prefix("a=") {
            if matches!(d, "sendrecv" | "sendonly" | "recvonly" | "inactive") {
                direction = Some(d);
            }
        }
    }
    close(in_media, direction);
    publishes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_viewer_sdp_does_not_publish() {
        let recv = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=recvonly\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=recvonly\r\n";
        assert!(!sdp_publishes(recv));
        let send = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=recvonly\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=sendrecv\r\n";
        assert!(sdp_publishes(send));
        assert!(sdp_publishes("m=video 9 RTP/SAVPF 96\r\n"), "no direction is sendrecv");
        assert!(!sdp_publishes("m=video 0 RTP/SAVPF 96\r\na=sendrecv\r\n"), "a rejected section");
        assert!(!sdp_publishes("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"));
    }

    #[test]
    fn spaced_code_and_rules() {
        assert_eq!(spaced_code("1234567890"), "123-456-7890");
        let new = |topic: &str, at: Option<i64>| NewMeeting { room: "r".into(), key: "k".into(), topic: topic.into(), starts_ms: at, participants: vec![] };
        assert!(new(" ", None).normalized("me").problem(0).is_some());
        assert!(new("План", Some(0)).problem(100_000).is_some());
        assert!(new("План", Some(100_000)).problem(100_000).is_none());
        let mut settings = MeetingSettings::defaults(RoomKind::Conference);
        assert!(settings.problem(RoomKind::Conference).is_none());
        settings.max_participants = 26;
        assert!(settings.problem(RoomKind::Conference).is_some(), "a conference is at most 25");
        assert!(settings.problem(RoomKind::Webinar).is_none());
        settings.max_participants = 300;
        assert!(settings.problem(RoomKind::Webinar).is_none());
    }
}
