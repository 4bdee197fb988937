//! The media server's one task: owns the UDP socket and every connection,
//! demultiplexes packets to connections, forwards each published frame to
//! the others in the same call (of a simulcast video, the layer that suits
//! each receiver: `layers`), relays keyframe requests back to the
//! publisher, and drives renegotiation. After every change to a connection
//! its output is drained (str0m's rule) before the next one.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::bwe::BweKind;
use str0m::media::{KeyframeRequestKind, MediaData, MediaKind, Mid, Rid};
use str0m::net::{Protocol, Receive, TcpType};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;

use super::peer::{OutState, Peer, TrackIn, TrackOut};
use super::speaker::Speakers;
use super::{Command, SfuStats};
use crate::model::meeting::SignalOut;
use crate::model::problem::Problem;

/// How often a publisher may be asked for a keyframe on one track.
const KEYFRAME_EVERY: Duration = Duration::from_millis(500);
/// How often the speaking marks are re-checked for silence.
const SPEAKER_TICK: Duration = Duration::from_millis(200);
/// A connection that lost ICE for this long is closed.
const DISCONNECTED_FOR: Duration = Duration::from_secs(30);
/// How often layers are measured and chosen, and uplinks checked.
pub(super) const LAYER_EVERY: Duration = Duration::from_secs(1);

/// Something a connection's output asks of the others.
pub(super) enum Propagated {
    TrackOpen { origin: u64, mid: Mid, kind: MediaKind },
    Media { origin: u64, data: MediaData },
    Keyframe { origin: u64, mid: Mid, rid: Option<Rid> },
    Speaking { origin: u64, on: bool },
}

pub(super) struct Node {
    pub(super) socket: Arc<UdpSocket>,
    /// Where browsers send media over UDP (for TCP only: the TCP address).
    pub(super) addr: SocketAddr,
    pub(super) udp: bool,
    pub(super) peers: HashMap<u64, Peer>,
    /// (chat, peer id) → connection.
    pub(super) by_key: HashMap<(String, String), u64>,
    /// A packet's source address → the connection that took it last.
    pub(super) by_source: HashMap<SocketAddr, u64>,
    /// Chat → its connections.
    pub(super) rooms: HashMap<String, Vec<u64>>,
    pub(super) next_id: u64,
    pub(super) queue: VecDeque<Propagated>,
    pub(super) speakers: Speakers,
    pub(super) bytes_out: u64,
    /// Connections that lost ICE, since when.
    pub(super) lost: HashMap<u64, Instant>,
    /// When layers were last measured and chosen.
    pub(super) measured: Instant,
    /// The advertised address of ICE over TCP, and its open connections.
    pub(super) tcp_addr: Option<SocketAddr>,
    pub(super) tcp: HashMap<SocketAddr, mpsc::Sender<Vec<u8>>>,
}

/// `udp`: the UDP address offered to browsers (None: TCP only).
pub(super) async fn run(socket: UdpSocket, udp: Option<SocketAddr>, tcp_addr: Option<SocketAddr>, mut commands: mpsc::UnboundedReceiver<Command>) {
    let addr = udp.or(tcp_addr).unwrap_or_else(|| socket.local_addr().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0))));
    let socket = Arc::new(socket);
    let mut node = Node {
        socket: socket.clone(),
        addr,
        udp: udp.is_some(),
        peers: HashMap::new(),
        by_key: HashMap::new(),
        by_source: HashMap::new(),
        rooms: HashMap::new(),
        next_id: 1,
        queue: VecDeque::new(),
        speakers: Speakers::default(),
        bytes_out: 0,
        lost: HashMap::new(),
        measured: Instant::now(),
        tcp_addr,
        tcp: HashMap::new(),
    };
    let mut buf = vec![0u8; 2048];
    let mut tick = tokio::time::interval(SPEAKER_TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let deadline = node.deadline();
        tokio::select! {
            command = commands.recv() => match command {
                Some(command) => node.command(command),
                None => return,
            },
            received = socket.recv_from(&mut buf) => {
                if let Ok((n, source)) = received {
                    node.receive(&buf[..n], source, Protocol::Udp);
                }
            }
            _ = tokio::time::sleep_until(deadline.into()) => node.timeouts(),
            _ = tick.tick() => node.sweep(),
        }
        node.settle();
    }
}

impl Node {
    fn deadline(&self) -> Instant {
        let far = Instant::now() + Duration::from_secs(1);
        self.peers.values().map(|p| p.next).min().map_or(far, |t| t.min(far))
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Offer { chat, peer, publishes, sdp, mailbox } => self.offer(chat, peer, publishes, &sdp, mailbox),
            Command::Answer { chat, peer, sdp } => {
                let Some(&id) = self.by_key.get(&(chat, peer)) else { return };
                let Some(p) = self.peers.get_mut(&id) else { return };
                let before: Vec<(u64, Mid)> = p.tracks_out.iter().filter(|t| matches!(t.state, OutState::Open(_))).map(|t| (t.origin, t.origin_mid)).collect();
                match p.accept_answer(&sdp) {
                    Ok(()) => {
                        // Newly forwarded videos start with a keyframe from their publisher.
                        for t in p.tracks_out.iter().filter(|t| matches!(t.state, OutState::Open(_)) && t.kind == MediaKind::Video) {
                            if !before.contains(&(t.origin, t.origin_mid)) {
                                self.queue.push_back(Propagated::Keyframe { origin: t.origin, mid: t.origin_mid, rid: t.target });
                            }
                        }
                    }
                    Err(problem) => p.tell(SignalOut::Refused { problem }),
                }
                self.drive(id);
            }
            Command::Leave { chat, peer } => {
                if let Some(id) = self.by_key.get(&(chat, peer)).copied() {
                    self.remove(id);
                }
            }
            Command::Publishes { chat, peer, publishes } => {
                let Some(&id) = self.by_key.get(&(chat, peer)) else { return };
                let Some(p) = self.peers.get_mut(&id) else { return };
                p.publishes = publishes;
                if !publishes {
                    // Its tracks stop reaching the others; the browser stops sending next.
                    p.tracks_in.clear();
                    self.stop_tracks_of(id);
                }
            }
            Command::Screen { chat, peer, on } => {
                let Some(&id) = self.by_key.get(&(chat, peer)) else { return };
                if let Some(p) = self.peers.get_mut(&id) {
                    p.screen = on;
                }
            }
            Command::TileWidth { chat, peer, px } => {
                let Some(&id) = self.by_key.get(&(chat, peer)) else { return };
                if let Some(p) = self.peers.get_mut(&id) {
                    p.tile_px = (px > 0).then_some(px);
                }
            }
            Command::TcpOpen { peer, tx } => {
                self.tcp.insert(peer, tx);
            }
            Command::TcpPacket { peer, data } => self.receive(&data, peer, Protocol::Tcp),
            Command::TcpClosed { peer } => {
                self.tcp.remove(&peer);
                self.by_source.remove(&peer);
            }
            Command::Stats { reply } => {
                let stats = SfuStats {
                    connections: self.peers.len(),
                    connected: self.peers.values().filter(|p| p.connected).count(),
                    tracks_in: self.peers.values().map(|p| p.tracks_in.len()).sum(),
                    tracks_out: self.peers.values().map(|p| p.tracks_out.iter().filter(|t| matches!(t.state, OutState::Open(_))).count()).sum(),
                    bytes_out: self.bytes_out,
                };
                let _ = reply.send(stats);
            }
        }
    }

    /// A browser's offer: a new connection (it receives every track already
    /// published in its call), or its own renegotiation.
    fn offer(&mut self, chat: String, peer: String, publishes: bool, sdp: &str, mailbox: mpsc::Sender<SignalOut>) {
        let key = (chat.clone(), peer.clone());
        if let Some(&id) = self.by_key.get(&key) {
            if let Some(p) = self.peers.get_mut(&id) {
                p.publishes = publishes;
                if let Err(problem) = p.accept_offer(sdp) {
                    p.tell(SignalOut::Refused { problem });
                }
                self.drive(id);
            }
            return;
        }
        let mut rtc = Rtc::builder()
            .set_ice_lite(true)
            .clear_codecs()
            .enable_opus(true, false)
            .enable_vp8(true)
            // The estimate of each receiver's bandwidth picks its layers.
            .enable_bwe(Some(str0m::bwe::Bitrate::mbps(2)))
            .build(Instant::now());
        if self.udp {
            let candidate = match Candidate::host(self.addr, "udp") {
                Ok(candidate) => candidate,
                Err(e) => {
                    tracing::error!("media server: no usable address {}: {e}", self.addr);
                    let _ = mailbox.try_send(SignalOut::Refused { problem: Problem::MediaUnavailable });
                    return;
                }
            };
            rtc.add_local_candidate(candidate);
        }
        // ICE over TCP, ranked below UDP: for browsers whose network blocks UDP.
        if let Some(tcp) = self.tcp_addr {
            if let Ok(candidate) = Candidate::builder().tcp().host(tcp).tcptype(TcpType::Passive).build() {
                rtc.add_local_candidate(candidate);
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        let mut p = Peer::new(chat.clone(), peer, publishes, rtc, mailbox);
        if let Err(problem) = p.accept_offer(sdp) {
            p.tell(SignalOut::Refused { problem });
            return;
        }
        // What the others publish already, and who of them speaks.
        for other in self.rooms.get(&chat).into_iter().flatten().filter_map(|o| self.peers.get(o).map(|p| (*o, p))) {
            let (origin, other) = other;
            for track in &other.tracks_in {
                p.tracks_out.push(TrackOut::new(origin, track.mid, track.kind));
            }
            if self.speakers.speaking(origin) {
                p.tell(SignalOut::Speaking { id: other.peer.clone(), on: true });
            }
        }
        self.by_key.insert(key, id);
        self.rooms.entry(chat).or_default().push(id);
        self.peers.insert(id, p);
        self.drive(id);
    }

    fn receive(&mut self, data: &[u8], source: SocketAddr, proto: Protocol) {
        let Ok(contents) = data.try_into() else { return };
        let destination = match proto {
            Protocol::Udp => self.addr,
            _ => match self.tcp_addr {
                Some(tcp) => tcp,
                None => return,
            },
        };
        let input = Input::Receive(Instant::now(), Receive { proto, source, destination, contents });
        let known = self.by_source.get(&source).copied().filter(|id| self.peers.get(id).is_some_and(|p| p.rtc.accepts(&input)));
        let id = match known {
            Some(id) => id,
            None => {
                // A new connection's first packets: whose ICE credentials they carry.
                let Some(id) = self.peers.iter().find(|(_, p)| p.rtc.accepts(&input)).map(|(id, _)| *id) else { return };
                self.by_source.insert(source, id);
                id
            }
        };
        if let Some(p) = self.peers.get_mut(&id) {
            if p.rtc.handle_input(input).is_err() {
                p.rtc.disconnect();
            }
        }
        self.drive(id);
    }

    fn timeouts(&mut self) {
        let now = Instant::now();
        let due: Vec<u64> = self.peers.iter().filter(|(_, p)| p.next <= now).map(|(id, _)| *id).collect();
        for id in due {
            if let Some(p) = self.peers.get_mut(&id) {
                if p.rtc.handle_input(Input::Timeout(now)).is_err() {
                    p.rtc.disconnect();
                }
            }
            self.drive(id);
        }
    }

    /// Speaking marks that went quiet; connections lost for too long.
    fn sweep(&mut self) {
        let now = Instant::now();
        for origin in self.speakers.quiet(now) {
            self.queue.push_back(Propagated::Speaking { origin, on: false });
        }
        if now.duration_since(self.measured) >= LAYER_EVERY {
            let elapsed = now.duration_since(self.measured);
            self.measured = now;
            super::layers::choose(self, elapsed, now);
        }
        let gone: Vec<u64> = self.lost.iter().filter(|(_, since)| now.duration_since(**since) >= DISCONNECTED_FOR).map(|(id, _)| *id).collect();
        for id in gone {
            self.lost.remove(&id);
            if let Some(p) = self.peers.get_mut(&id) {
                p.rtc.disconnect();
            }
        }
    }

    /// Drains one connection's output until it asks for a timeout.
    pub(super) fn drive(&mut self, id: u64) {
        let Some(p) = self.peers.get_mut(&id) else { return };
        loop {
            if !p.rtc.is_alive() {
                p.next = Instant::now();
                return;
            }
            match p.rtc.poll_output() {
                Ok(Output::Transmit(t)) => {
                    // A full send buffer (or queue) drops the packet, as a network would.
                    let sent = match t.proto {
                        Protocol::Udp => self.socket.try_send_to(&t.contents, t.destination).is_ok(),
                        _ => self.tcp.get(&t.destination).is_some_and(|tx| tx.try_send(t.contents.to_vec()).is_ok()),
                    };
                    if sent {
                        self.bytes_out += t.contents.len() as u64;
                    }
                }
                Ok(Output::Timeout(at)) => {
                    p.next = at;
                    return;
                }
                Ok(Output::Event(event)) => on_event(id, p, event, &mut self.queue, &mut self.speakers, &mut self.lost),
                Err(e) => {
                    tracing::debug!("media server: connection {} of {} failed: {e}", p.peer, p.chat);
                    p.rtc.disconnect();
                }
            }
        }
    }

    /// Carries out what connections asked of each other, drops dead ones,
    /// and offers browsers the tracks that came and went.
    fn settle(&mut self) {
        while let Some(item) = self.queue.pop_front() {
            self.propagate(item);
        }
        let dead: Vec<u64> = self.peers.iter().filter(|(_, p)| !p.rtc.is_alive()).map(|(id, _)| *id).collect();
        for id in dead {
            self.remove(id);
        }
        let negotiating: Vec<u64> = self.peers.iter().filter(|(_, p)| p.wants_negotiation()).map(|(id, _)| *id).collect();
        for id in negotiating {
            let names: HashMap<u64, String> = self.peers.iter().map(|(id, p)| (*id, p.peer.clone())).collect();
            if let Some(p) = self.peers.get_mut(&id) {
                p.negotiate(|origin| names.get(&origin).cloned());
            }
            self.drive(id);
        }
        // Driving may have asked for more (keyframes, speakers).
        while let Some(item) = self.queue.pop_front() {
            self.propagate(item);
        }
    }

    fn room_of(&self, origin: u64) -> Vec<u64> {
        let Some(chat) = self.peers.get(&origin).map(|p| &p.chat) else { return Vec::new() };
        self.rooms.get(chat).map(|r| r.iter().copied().filter(|id| *id != origin).collect()).unwrap_or_default()
    }

    fn propagate(&mut self, item: Propagated) {
        match item {
            Propagated::TrackOpen { origin, mid, kind } => {
                for id in self.room_of(origin) {
                    if let Some(p) = self.peers.get_mut(&id) {
                        p.tracks_out.push(TrackOut::new(origin, mid, kind));
                    }
                }
            }
            Propagated::Media { origin, data } => {
                for id in self.room_of(origin) {
                    let Some(p) = self.peers.get_mut(&id) else { continue };
                    let Some(t) = p.tracks_out.iter_mut().find(|t| t.origin == origin && t.origin_mid == data.mid) else { continue };
                    let OutState::Open(mid) = t.state else { continue };
                    let Some(time) = super::layers::forwarded_time(t, &data) else { continue };
                    let Some(writer) = p.rtc.writer(mid) else { continue };
                    let Some(pt) = writer.match_params(data.params) else { continue };
                    if writer.write(pt, data.network_time, time, data.data.clone()).is_err() {
                        p.rtc.disconnect();
                    }
                    self.drive(id);
                }
            }
            Propagated::Keyframe { origin, mid, rid } => {
                let Some(p) = self.peers.get_mut(&origin) else { return };
                let now = Instant::now();
                let Some(track) = p.tracks_in.iter_mut().find(|t| t.mid == mid) else { return };
                // Of a simulcast video, only a layer that arrives can be asked.
                let rid = if track.layers.is_empty() { None } else { rid.or_else(|| track.layers.last().map(|l| l.rid)) };
                if track.keyframe_asked.iter().any(|(r, at)| *r == rid && now.duration_since(*at) < KEYFRAME_EVERY) {
                    return;
                }
                track.keyframe_asked.retain(|(r, _)| *r != rid);
                track.keyframe_asked.push((rid, now));
                if let Some(mut writer) = p.rtc.writer(mid) {
                    let _ = writer.request_keyframe(rid, KeyframeRequestKind::Pli);
                }
                self.drive(origin);
            }
            Propagated::Speaking { origin, on } => {
                let Some(name) = self.peers.get(&origin).map(|p| p.peer.clone()) else { return };
                let Some(chat) = self.peers.get(&origin).map(|p| p.chat.clone()) else { return };
                for id in self.rooms.get(&chat).into_iter().flatten() {
                    if let Some(p) = self.peers.get(id) {
                        p.tell(SignalOut::Speaking { id: name.clone(), on });
                    }
                }
            }
        }
    }

    fn stop_tracks_of(&mut self, origin: u64) {
        for id in self.room_of(origin) {
            if let Some(p) = self.peers.get_mut(&id) {
                p.stop_tracks_of(origin);
            }
        }
    }

    fn remove(&mut self, id: u64) {
        self.stop_tracks_of(id);
        if self.speakers.speaking(id) {
            self.propagate(Propagated::Speaking { origin: id, on: false });
        }
        self.speakers.forget(id);
        self.lost.remove(&id);
        let Some(mut p) = self.peers.remove(&id) else { return };
        p.rtc.disconnect();
        self.by_key.remove(&(p.chat.clone(), p.peer.clone()));
        self.by_source.retain(|_, v| *v != id);
        if let Some(room) = self.rooms.get_mut(&p.chat) {
            room.retain(|v| *v != id);
            if room.is_empty() {
                self.rooms.remove(&p.chat);
            }
        }
    }
}

/// One event of a connection's output.
fn on_event(id: u64, p: &mut Peer, event: Event, queue: &mut VecDeque<Propagated>, speakers: &mut Speakers, lost: &mut HashMap<u64, Instant>) {
    match event {
        Event::Connected => p.connected = true,
        Event::IceConnectionStateChange(state) => match state {
            IceConnectionState::Disconnected => {
                lost.entry(id).or_insert_with(Instant::now);
            }
            _ => {
                lost.remove(&id);
            }
        },
        Event::MediaAdded(added) => {
            // Only a publisher's sending sections become tracks for the
            // others: a viewer's are refused at the SDP already, and would be
            // ignored here.
            let remote_sends = matches!(added.direction, str0m::media::Direction::RecvOnly | str0m::media::Direction::SendRecv);
            if p.publishes && remote_sends && !p.tracks_in.iter().any(|t| t.mid == added.mid) {
                p.tracks_in.push(TrackIn::new(added.mid, added.kind));
                queue.push_back(Propagated::TrackOpen { origin: id, mid: added.mid, kind: added.kind });
            }
        }
        Event::MediaData(data) => {
            let now = Instant::now();
            let Some(track) = p.tracks_in.iter_mut().find(|t| t.mid == data.mid) else { return };
            track.last_media = Some(now);
            if let Some(rid) = data.rid {
                // A keyframe says the layer's width (VP8's header).
                let width = if data.is_keyframe() { super::peer::vp8_width(&data.data) } else { None };
                match track.layers.iter_mut().find(|l| l.rid == rid) {
                    Some(layer) => {
                        layer.bytes += data.data.len() as u64;
                        layer.seen = now;
                        layer.width = width.or(layer.width);
                    }
                    None => {
                        track.layers.push(super::peer::Layer { rid, bytes: data.data.len() as u64, bps: 0, seen: now, width });
                        track.layers.sort_by_key(|l| super::peer::rank(l.rid));
                    }
                }
            }
            if track.kind == MediaKind::Audio {
                if speakers.level(id, data.ext_vals.audio_level, data.ext_vals.voice_activity, now) {
                    queue.push_back(Propagated::Speaking { origin: id, on: true });
                }
            } else if !data.contiguous {
                queue.push_back(Propagated::Keyframe { origin: id, mid: data.mid, rid: data.rid });
            }
            queue.push_back(Propagated::Media { origin: id, data });
        }
        Event::KeyframeRequest(request) => {
            if let Some(track) = p.tracks_out.iter().find(|t| t.mid() == Some(request.mid)) {
                queue.push_back(Propagated::Keyframe { origin: track.origin, mid: track.origin_mid, rid: track.rid });
            }
        }
        Event::EgressBitrateEstimate(BweKind::Twcc { estimate, .. }) => p.estimate = Some(estimate.as_u64()),
        _ => {}
    }
}
