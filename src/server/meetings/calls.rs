//! Running calls (C3, X3): who is in each call and who waits in its lobby,
//! whose connection each one is (session, employee, guest pass), and the
//! signalling: SDP goes to the media server (`sfu`), the rest to the others.
//! Held in memory: a call lives as long as its connections, and a restart
//! ends it (the browsers rejoin). Every message is checked here: its sender
//! must be in the call, and a webinar viewer may not publish until given the
//! floor. A connection is closed from
//! here (`close_for_*`): it leaves the call at once, the others are told, and
//! its socket task is woken to say why and hang up.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::{mpsc, watch};

use crate::model::live::RunningCall;
use crate::model::meeting::{sdp_publishes, IceServer, MediaState, Peer, SignalIn, SignalOut, LOBBY_MAX, PRESENTERS_MAX, SDP_MAX_BYTES};
use crate::model::problem::Problem;

/// Messages a peer may have queued before it counts as stalled.
const QUEUE: usize = 64;
/// The widest tile a browser may say it shows, in device pixels (8K).
const TILE_WIDTH_MAX: u32 = 7_680;

/// Why a join or a message was refused; the caller is told the [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallRefusal {
    Full(u32),
    LobbyFull,
    /// Removed by whoever manages the call, which is still running.
    Removed,
    MayNotRemove,
    NotStarted,
    ViewerPublishes,
    UnknownPeer,
    NotInCall,
    MayNotAdmit,
    SdpTooLong,
    /// No media server runs on this node.
    NoMediaServer,
    HandNotRaised,
    TooManyPresenters,
}

impl From<CallRefusal> for Problem {
    fn from(refusal: CallRefusal) -> Problem {
        match refusal {
            CallRefusal::Full(count) => Problem::CallFull { count: count as usize },
            CallRefusal::LobbyFull => Problem::LobbyFull { max: LOBBY_MAX },
            CallRefusal::MayNotRemove => Problem::MayNotRemove,
            CallRefusal::Removed => Problem::RemovedFromCall,
            CallRefusal::NotStarted => Problem::CallNotStarted,
            CallRefusal::ViewerPublishes => Problem::ViewerPublishes,
            CallRefusal::UnknownPeer => Problem::UnknownPeer,
            CallRefusal::NotInCall => Problem::NotInCall,
            CallRefusal::MayNotAdmit => Problem::MayNotAdmit,
            CallRefusal::SdpTooLong => Problem::SdpTooLong,
            CallRefusal::NoMediaServer => Problem::MediaUnavailable,
            CallRefusal::HandNotRaised => Problem::HandNotRaised,
            CallRefusal::TooManyPresenters => Problem::TooManyPresenters { max: PRESENTERS_MAX as usize },
        }
    }
}

/// How a peer joins: decided by `meetings::ticket` from rights and settings.
/// Sent to the call's owner node when the peer's socket is on another (#17).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Ticket {
    pub chat: String,
    pub peer: Peer,
    /// The employee behind the peer (None: a guest).
    pub employee: Option<String>,
    /// The hash of the employee's session token the socket was opened with.
    pub session: Option<String>,
    /// The hash of the guest's pass token.
    pub pass: Option<String>,
    /// Waits in the lobby first.
    pub lobby: bool,
    /// May admit from the lobby.
    pub may_admit: bool,
    /// May start the call when none is running.
    pub may_start: bool,
    pub max_participants: u32,
    /// STUN and TURN servers for this peer (TURN credentials are its own).
    pub ice: Vec<IceServer>,
}

/// What joining did.
#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Joined {
    /// The peer is in; `started` if it began the call.
    InCall { started: bool },
    InLobby,
}

/// Why a connection was closed from outside its socket, told to its task.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Kick {
    pub problem: Problem,
    /// Closing it ended the call (it was the last one in).
    pub ended_call: bool,
}

/// Wakes a socket task whose connection was closed from outside.
pub type Kicked = watch::Receiver<Option<Kick>>;

struct Member {
    peer: Peer,
    may_admit: bool,
    media: MediaState,
    /// A webinar viewer asking to speak.
    hand: bool,
    /// Joined as a viewer (a webinar's audience): the floor can be given
    /// and taken back.
    viewer: bool,
    ice: Vec<IceServer>,
    tx: mpsc::Sender<SignalOut>,
    employee: Option<String>,
    session: Option<String>,
    pass: Option<String>,
    kick: watch::Sender<Option<Kick>>,
}

#[derive(Default)]
struct Call {
    /// Who started it: (employee id, name).
    started_by: (String, String),
    /// The meeting's limit of people in the call (the lobby not counted).
    max_participants: u32,
    in_call: HashMap<String, Member>,
    lobby: HashMap<String, Member>,
    /// Employees removed from this call: kept out until it ends.
    removed: std::collections::HashSet<String>,
}

/// Whose connections [`Calls::close`] closes.
#[derive(Clone, Copy, Debug)]
pub enum Whose<'a> {
    /// Opened with this session (by its token's hash).
    Session(&'a str),
    Employee(&'a str),
    /// Opened with this guest pass (by its token's hash).
    Pass(&'a str),
    /// Everyone in this chat's call and lobby.
    Meeting(&'a str),
    /// One peer of one chat's call.
    Peer { chat: &'a str, peer: &'a str },
}

/// An employee's connection to a call, for re-checking their access.
#[derive(Clone, Debug)]
pub struct EmployeeConnection {
    pub chat: String,
    pub peer: String,
    pub employee: String,
    pub session: Option<String>,
}

/// A guest's pass to one meeting's call, from its link.
#[derive(Clone, Debug)]
pub struct Guest {
    pub chat: String,
    pub name: String,
    pub expires_ms: i64,
}

/// How long a guest's pass lasts.
const GUEST_PASS_MS: i64 = 12 * 3600 * 1000;
/// How often expired guest passes are dropped.
const GUEST_SWEEP: std::time::Duration = std::time::Duration::from_secs(300);

/// Drops expired guest passes every few minutes while `calls` lives.
pub fn spawn_guest_sweep(calls: &std::sync::Arc<Calls>) {
    let calls = std::sync::Arc::downgrade(calls);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(GUEST_SWEEP).await;
            let Some(calls) = calls.upgrade() else { return };
            calls.sweep_guests(crate::server::clock::now_ms());
        }
    });
}

#[derive(Default)]
pub struct Calls {
    calls: Mutex<HashMap<String, Call>>,
    /// This node's media server, once started.
    sfu: std::sync::OnceLock<crate::server::meetings::sfu::Sfu>,
    /// Guest passes by the hash of their token.
    guests: Mutex<HashMap<String, Guest>>,
}

impl Calls {
    /// Calls whose media go through `sfu`.
    pub fn with_sfu(sfu: crate::server::meetings::sfu::Sfu) -> Calls {
        let calls = Calls::default();
        let _ = calls.sfu.set(sfu);
        calls
    }

    pub fn sfu(&self) -> Option<&crate::server::meetings::sfu::Sfu> {
        self.sfu.get()
    }

    /// A new peer's mailbox; the socket task forwards what arrives.
    pub fn mailbox() -> (mpsc::Sender<SignalOut>, mpsc::Receiver<SignalOut>) {
        mpsc::channel(QUEUE)
    }

    /// Whether the ticket would be let in now (checked again on joining).
    pub fn admits(&self, ticket: &Ticket) -> Result<(), CallRefusal> {
        admits(self.lock().get(&ticket.chat), ticket)
    }

    /// Puts a peer in the call (or its lobby). Peers already in are told.
    pub fn join(&self, ticket: &Ticket, tx: mpsc::Sender<SignalOut>) -> Result<Joined, CallRefusal> {
        self.join_socket(ticket, tx).map(|(joined, _)| joined)
    }

    /// [`Calls::join`] for a socket task, which also gets woken when its
    /// connection is closed from outside (see [`Calls::close`]).
    pub fn join_socket(&self, ticket: &Ticket, tx: mpsc::Sender<SignalOut>) -> Result<(Joined, Kicked), CallRefusal> {
        let mut calls = self.lock();
        admits(calls.get(&ticket.chat), ticket)?;
        let call = calls.entry(ticket.chat.clone()).or_default();
        if !ticket.lobby {
            call.max_participants = ticket.max_participants;
        }
        let (kick, kicked) = watch::channel(None);
        let member = Member {
            peer: ticket.peer.clone(),
            may_admit: ticket.may_admit,
            media: MediaState::default(),
            hand: false,
            viewer: !ticket.peer.presenter,
            ice: ticket.ice.clone(),
            tx,
            employee: ticket.employee.clone(),
            session: ticket.session.clone(),
            pass: ticket.pass.clone(),
            kick,
        };
        if ticket.lobby {
            let _ = member.tx.try_send(SignalOut::Waiting);
            call.lobby.insert(ticket.peer.id.clone(), member);
            tell_admitters(call);
            return Ok((Joined::InLobby, kicked));
        }
        let started = call.in_call.is_empty();
        if started {
            call.started_by = (ticket.employee.clone().unwrap_or_default(), ticket.peer.name.clone());
        }
        enter(call, member);
        if ticket.may_admit {
            tell_admitters(call);
        }
        Ok((Joined::InCall { started }, kicked))
    }

    /// A message from `from`, relayed after the checks.
    pub fn relay(&self, chat: &str, from: &str, message: SignalIn) -> Result<(), CallRefusal> {
        self.relay_revoking(chat, from, message).map(|_| ())
    }

    /// [`Calls::relay`], returning the guest pass it made void (a guest
    /// turned away or removed), for the other nodes to forget too.
    pub fn relay_revoking(&self, chat: &str, from: &str, message: SignalIn) -> Result<Option<String>, CallRefusal> {
        let mut calls = self.lock();
        let closes_pass = match &message {
            SignalIn::Reject { peer } | SignalIn::Remove { peer } => {
                calls.get(chat).and_then(|c| c.in_call.get(peer).or_else(|| c.lobby.get(peer))).and_then(|m| m.pass.clone())
            }
            _ => None,
        };
        let removes = match &message {
            SignalIn::Remove { peer } => Some(peer.clone()),
            _ => None,
        };
        let relayed = relay(&mut calls, chat, from, message, self.sfu.get());
        drop(calls);
        relayed?;
        if let (Some(peer), Some(sfu)) = (removes, self.sfu.get()) {
            sfu.leave(chat, &peer);
        }
        // A guest turned away or removed cannot come back with the same pass.
        if let Some(pass) = &closes_pass {
            self.guests_lock().remove(pass);
        }
        Ok(closes_pass)
    }

    /// Closes the connections `whose` names: they leave the call (the others
    /// see them go) and their sockets are told `problem` and hang up. Returns
    /// how many were closed.
    pub fn close(&self, whose: Whose<'_>, problem: Problem) -> usize {
        let mut calls = self.lock();
        let mut closed = 0;
        let mut emptied = Vec::new();
        for (chat, call) in calls.iter_mut() {
            let matching: Vec<String> = call
                .in_call
                .iter()
                .chain(call.lobby.iter())
                .filter(|(id, m)| match whose {
                    Whose::Session(hash) => m.session.as_deref() == Some(hash),
                    Whose::Employee(employee) => m.employee.as_deref() == Some(employee),
                    Whose::Pass(hash) => m.pass.as_deref() == Some(hash),
                    Whose::Meeting(meeting) => chat == meeting,
                    Whose::Peer { chat: c, peer } => chat == c && id.as_str() == peer,
                })
                .map(|(id, _)| id.clone())
                .collect();
            if matching.is_empty() {
                continue;
            }
            closed += matching.len();
            for id in matching {
                kick(call, &id, problem.clone());
                if let Some(sfu) = self.sfu.get() {
                    sfu.leave(chat, &id);
                }
            }
            if call.in_call.is_empty() {
                emptied.push(chat.clone());
            }
        }
        for chat in emptied {
            // Nobody left to admit the lobby: its sockets are told so and close.
            if let Some(call) = calls.remove(&chat) {
                for member in call.lobby.values() {
                    member.kick.send_replace(Some(Kick { problem: Problem::CallEnded, ended_call: false }));
                }
            }
        }
        closed
    }

    /// The employees connected to calls (in `chat`, or in any), to re-check
    /// whether each may still be there.
    pub fn employee_connections(&self, chat: Option<&str>) -> Vec<EmployeeConnection> {
        self.lock()
            .iter()
            .filter(|(id, _)| chat.is_none_or(|c| c == id.as_str()))
            .flat_map(|(id, call)| {
                call.in_call.values().chain(call.lobby.values()).filter_map(move |m| {
                    Some(EmployeeConnection { chat: id.clone(), peer: m.peer.id.clone(), employee: m.employee.clone()?, session: m.session.clone() })
                })
            })
            .collect()
    }

    /// The chats with a call (or a lobby) now.
    pub fn chats(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Whether a call (or a lobby) has connections in `chat`.
    pub fn has_connections(&self, chat: &str) -> bool {
        self.lock().contains_key(chat)
    }

    /// A peer's connection ended. Returns true if that ended the call.
    pub fn leave(&self, chat: &str, peer: &str) -> bool {
        let mut calls = self.lock();
        let Some(call) = calls.get_mut(chat) else { return false };
        let was_in = call.in_call.remove(peer).is_some();
        if let (true, Some(sfu)) = (was_in, self.sfu.get()) {
            sfu.leave(chat, peer);
        }
        if call.lobby.remove(peer).is_some() {
            tell_admitters(call);
        }
        if was_in {
            broadcast(call, peer, SignalOut::PeerLeft { id: peer.to_string() });
        }
        if call.in_call.is_empty() {
            // The last one left: those waiting in the lobby are told the call
            // ended (not left waiting for an organiser who is gone).
            if let Some(call) = calls.remove(chat) {
                for member in call.lobby.values() {
                    member.kick.send_replace(Some(Kick { problem: Problem::CallEnded, ended_call: false }));
                }
            }
            return was_in;
        }
        false
    }

    /// Whether a call is running in `chat`.
    pub fn running(&self, chat: &str) -> bool {
        self.lock().get(chat).is_some_and(|c| !c.in_call.is_empty())
    }

    /// The running calls, with who started each.
    pub fn running_calls(&self) -> Vec<RunningCall> {
        self.lock()
            .iter()
            .filter(|(_, c)| !c.in_call.is_empty())
            .map(|(chat, c)| RunningCall { chat: chat.clone(), by_id: c.started_by.0.clone(), by_name: c.started_by.1.clone() })
            .collect()
    }

    /// People in a call now (for tests and the call's header).
    pub fn people(&self, chat: &str) -> Vec<Peer> {
        self.lock().get(chat).map(|c| c.in_call.values().map(|m| m.peer.clone()).collect()).unwrap_or_default()
    }

    /// Remembers a guest's pass (and forgets expired ones).
    pub fn add_guest(&self, token_hash: &str, chat: &str, name: &str) {
        self.add_guest_at(token_hash, chat, name, crate::server::clock::now_ms());
    }

    /// [`Calls::add_guest`] at a given time (for tests of expiry).
    pub fn add_guest_at(&self, token_hash: &str, chat: &str, name: &str, now_ms: i64) {
        let mut guests = self.guests_lock();
        guests.retain(|_, g| g.expires_ms > now_ms);
        guests.insert(token_hash.to_string(), Guest { chat: chat.to_string(), name: name.to_string(), expires_ms: now_ms + GUEST_PASS_MS });
    }

    /// The guest with this token hash, if the pass is still good (an expired
    /// one is dropped on the way).
    pub fn guest(&self, token_hash: &str) -> Option<Guest> {
        let now = crate::server::clock::now_ms();
        let mut guests = self.guests_lock();
        match guests.get(token_hash) {
            Some(guest) if guest.expires_ms > now => Some(guest.clone()),
            Some(_) => {
                guests.remove(token_hash);
                None
            }
            None => None,
        }
    }

    /// Drops expired guest passes (the server sweeps every few minutes, so
    /// passes nobody uses again do not pile up). Returns how many were dropped.
    pub fn sweep_guests(&self, now_ms: i64) -> usize {
        let mut guests = self.guests_lock();
        let before = guests.len();
        guests.retain(|_, g| g.expires_ms > now_ms);
        before - guests.len()
    }

    /// Guest passes held now.
    pub fn guest_count(&self) -> usize {
        self.guests_lock().len()
    }

    /// Forgets the passes to `chat`'s call (the meeting ended or was deleted).
    pub fn forget_guests_of(&self, chat: &str) {
        self.guests_lock().retain(|_, g| g.chat != chat);
    }

    fn guests_lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Guest>> {
        self.guests.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Call>> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn relay(calls: &mut HashMap<String, Call>, chat: &str, from: &str, message: SignalIn, sfu: Option<&crate::server::meetings::sfu::Sfu>) -> Result<(), CallRefusal> {
    let call = calls.get_mut(chat).ok_or(CallRefusal::NotInCall)?;
    let sender = call.in_call.get(from).ok_or(CallRefusal::NotInCall)?;
    let sender_peer = sender.peer.clone();
    match message {
        SignalIn::Offer { sdp } | SignalIn::Answer { sdp } if sdp.len() > SDP_MAX_BYTES => Err(CallRefusal::SdpTooLong),
        SignalIn::Offer { sdp } => {
            // What a viewer's connection would send never reaches the media server.
            if !sender_peer.presenter && sdp_publishes(&sdp) {
                return Err(CallRefusal::ViewerPublishes);
            }
            let sfu = sfu.ok_or(CallRefusal::NoMediaServer)?;
            sfu.offer(chat, from, sender_peer.presenter, sdp, sender.tx.clone());
            Ok(())
        }
        SignalIn::Answer { sdp } => {
            // The server's offers only add tracks it sends: an answer that
            // would send is a viewer's crafted one.
            if !sender_peer.presenter && sdp_publishes(&sdp) {
                return Err(CallRefusal::ViewerPublishes);
            }
            sfu.ok_or(CallRefusal::NoMediaServer)?.answer(chat, from, sdp);
            Ok(())
        }
        SignalIn::Media { state } => {
            let publishes = state.camera || state.mic || state.screen;
            // A shared screen is for reading: the media server sends it whole.
            if let (Some(sfu), true) = (sfu, sender_peer.presenter) {
                sfu.screen(chat, from, state.screen);
            }
            announce(call, from, sender_peer.presenter, publishes, |m| m.media = state, SignalOut::Media { id: from.to_string(), state })
        }
        SignalIn::TileWidth { px } => {
            if let Some(sfu) = sfu {
                sfu.tile_width(chat, from, px.min(TILE_WIDTH_MAX));
            }
            Ok(())
        }
        SignalIn::Hand { up } => {
            let member = call.in_call.get_mut(from).ok_or(CallRefusal::NotInCall)?;
            // Only the audience raises hands; a presenter has the floor.
            if !member.viewer || member.peer.presenter {
                return Ok(());
            }
            member.hand = up;
            let message = SignalOut::Hand { id: from.to_string(), up };
            for member in call.in_call.values().filter(|m| m.may_admit) {
                send(member, message.clone());
            }
            Ok(())
        }
        SignalIn::Floor { peer, on } => {
            if !call.in_call.get(from).is_some_and(|m| m.may_admit) {
                return Err(CallRefusal::MayNotAdmit);
            }
            let presenters = call.in_call.values().filter(|m| m.peer.presenter).count() as u32;
            let target = call.in_call.get_mut(&peer).ok_or(CallRefusal::UnknownPeer)?;
            if !target.viewer {
                return Err(CallRefusal::UnknownPeer);
            }
            if on == target.peer.presenter {
                return Ok(());
            }
            if on && !target.hand {
                return Err(CallRefusal::HandNotRaised);
            }
            if on && presenters >= PRESENTERS_MAX {
                return Err(CallRefusal::TooManyPresenters);
            }
            target.peer.presenter = on;
            target.hand = false;
            if !on {
                target.media = MediaState::default();
            }
            let updated = target.peer.clone();
            if let Some(sfu) = sfu {
                sfu.publishes(chat, &peer, on);
            }
            for member in call.in_call.values() {
                send(member, SignalOut::Floor { peer: updated.clone() });
            }
            for member in call.in_call.values().filter(|m| m.may_admit) {
                send(member, SignalOut::Hand { id: peer.clone(), up: false });
            }
            if !on {
                broadcast(call, &peer, SignalOut::Media { id: peer.clone(), state: MediaState::default() });
            }
            Ok(())
        }
        SignalIn::Admit { peer } => {
            if !call.in_call.get(from).is_some_and(|m| m.may_admit) {
                return Err(CallRefusal::MayNotAdmit);
            }
            if !call.lobby.contains_key(&peer) {
                return Err(CallRefusal::UnknownPeer);
            }
            // Admitting is joining: the call's limit holds (the lobby never counted).
            if call.in_call.len() as u32 >= call.max_participants {
                return Err(CallRefusal::Full(call.max_participants));
            }
            let member = call.lobby.remove(&peer).ok_or(CallRefusal::UnknownPeer)?;
            enter(call, member);
            tell_admitters(call);
            Ok(())
        }
        SignalIn::Reject { peer } => {
            if !call.in_call.get(from).is_some_and(|m| m.may_admit) {
                return Err(CallRefusal::MayNotAdmit);
            }
            if !call.lobby.contains_key(&peer) {
                return Err(CallRefusal::UnknownPeer);
            }
            kick(call, &peer, Problem::RejectedFromLobby);
            Ok(())
        }
        SignalIn::Remove { peer } => {
            if !call.in_call.get(from).is_some_and(|m| m.may_admit) {
                return Err(CallRefusal::MayNotRemove);
            }
            if peer == from || !(call.in_call.contains_key(&peer) || call.lobby.contains_key(&peer)) {
                return Err(CallRefusal::UnknownPeer);
            }
            // An employee's right to join stays: the call remembers the removal.
            if let Some(employee) = call.in_call.get(&peer).or_else(|| call.lobby.get(&peer)).and_then(|m| m.employee.clone()) {
                call.removed.insert(employee);
            }
            kick(call, &peer, Problem::RemovedFromCall);
            Ok(())
        }
    }
}

fn admits(call: Option<&Call>, ticket: &Ticket) -> Result<(), CallRefusal> {
    let running = call.is_some_and(|c| !c.in_call.is_empty());
    if !running && (!ticket.may_start || ticket.lobby) {
        return Err(CallRefusal::NotStarted);
    }
    if running && ticket.employee.as_ref().is_some_and(|e| call.is_some_and(|c| c.removed.contains(e))) {
        return Err(CallRefusal::Removed);
    }
    // Those waiting in the lobby are not in the call: they count toward the
    // lobby's own cap, and toward the call's limit only once admitted.
    if ticket.lobby {
        if call.map_or(0, |c| c.lobby.len()) >= LOBBY_MAX {
            return Err(CallRefusal::LobbyFull);
        }
        return Ok(());
    }
    let count = call.map_or(0, |c| c.in_call.len()) as u32;
    if count >= ticket.max_participants {
        return Err(CallRefusal::Full(ticket.max_participants));
    }
    Ok(())
}

/// Takes a member out of the call or its lobby (the others are told) and
/// wakes its socket task with `problem`.
fn kick(call: &mut Call, peer: &str, problem: Problem) {
    if let Some(member) = call.in_call.remove(peer) {
        broadcast(call, peer, SignalOut::PeerLeft { id: peer.to_string() });
        let ended_call = call.in_call.is_empty();
        member.kick.send_replace(Some(Kick { problem, ended_call }));
    } else if let Some(member) = call.lobby.remove(peer) {
        tell_admitters(call);
        member.kick.send_replace(Some(Kick { problem, ended_call: false }));
    }
}

/// Moves a member into the call: it learns who is there (and offers to them),
/// they learn of it and of its media.
fn enter(call: &mut Call, member: Member) {
    let peers: Vec<Peer> = call.in_call.values().map(|m| m.peer.clone()).collect();
    let id = member.peer.id.clone();
    send(&member, SignalOut::Joined { me: member.peer.clone(), peers, ice: member.ice.clone(), manages: member.may_admit });
    // A newcomer learns what the others send now, and (if it manages) whose
    // hand is up. Who speaks comes from the media server.
    for other in call.in_call.values() {
        send(&member, SignalOut::Media { id: other.peer.id.clone(), state: other.media });
        if other.hand && member.may_admit {
            send(&member, SignalOut::Hand { id: other.peer.id.clone(), up: true });
        }
    }
    broadcast(call, &id, SignalOut::PeerJoined { peer: member.peer.clone() });
    call.in_call.insert(id, member);
}

fn send(member: &Member, message: SignalOut) {
    // A full queue means a stalled browser: its socket task ends it.
    let _ = member.tx.try_send(message);
}

/// A member's new media or speaking state, told to the others; a webinar
/// viewer (`presenter` false) may not start publishing.
fn announce(call: &mut Call, from: &str, presenter: bool, publishes: bool, update: impl FnOnce(&mut Member), message: SignalOut) -> Result<(), CallRefusal> {
    if publishes && !presenter {
        return Err(CallRefusal::ViewerPublishes);
    }
    if let Some(member) = call.in_call.get_mut(from) {
        update(member);
    }
    broadcast(call, from, message);
    Ok(())
}

fn broadcast(call: &Call, except: &str, message: SignalOut) {
    for (id, member) in &call.in_call {
        if id != except {
            send(member, message.clone());
        }
    }
}

/// Those who may admit learn who waits.
fn tell_admitters(call: &Call) {
    let waiting: Vec<Peer> = call.lobby.values().map(|m| m.peer.clone()).collect();
    for member in call.in_call.values().filter(|m| m.may_admit) {
        send(member, SignalOut::Lobby { waiting: waiting.clone() });
    }
}
