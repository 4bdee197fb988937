//! Running calls (C3, X3): who is in each call and who waits in its lobby,
//! and the relay of signalling messages between them. Held in memory: a call
//! lives as long as its connections, and a restart ends it (the browsers
//! rejoin). Every message is checked here: its sender must be in the call,
//! its recipient too, and a webinar viewer may not publish.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::mpsc;

use crate::model::live::RunningCall;
use crate::model::meeting::{sdp_publishes, IceServer, MediaState, Peer, SignalIn, SignalOut, SDP_MAX_BYTES};
use crate::model::problem::Problem;

/// Messages a peer may have queued before it counts as stalled.
const QUEUE: usize = 64;

/// Why a join or a message was refused; the caller is told the [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallRefusal {
    Full(u32),
    NotStarted,
    ViewerPublishes,
    UnknownPeer,
    NotInCall,
    MayNotAdmit,
    SdpTooLong,
    ViewersOnly,
}

impl From<CallRefusal> for Problem {
    fn from(refusal: CallRefusal) -> Problem {
        match refusal {
            CallRefusal::Full(count) => Problem::CallFull { count: count as usize },
            CallRefusal::NotStarted => Problem::CallNotStarted,
            CallRefusal::ViewerPublishes => Problem::ViewerPublishes,
            CallRefusal::UnknownPeer => Problem::UnknownPeer,
            CallRefusal::NotInCall => Problem::NotInCall,
            CallRefusal::MayNotAdmit => Problem::MayNotAdmit,
            CallRefusal::SdpTooLong => Problem::SdpTooLong,
            CallRefusal::ViewersOnly => Problem::ViewersOnly,
        }
    }
}

/// How a peer joins: decided by `meetings::ticket` from rights and settings.
#[derive(Clone, Debug)]
pub struct Ticket {
    pub chat: String,
    pub peer: Peer,
    /// The employee behind the peer (None: a guest).
    pub employee: Option<String>,
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
#[derive(Debug, PartialEq, Eq)]
pub enum Joined {
    /// The peer is in; `started` if it began the call.
    InCall { started: bool },
    InLobby,
}

struct Member {
    peer: Peer,
    may_admit: bool,
    media: MediaState,
    speaking: bool,
    ice: Vec<IceServer>,
    tx: mpsc::Sender<SignalOut>,
}

#[derive(Default)]
struct Call {
    /// Who started it: (employee id, name).
    started_by: (String, String),
    in_call: HashMap<String, Member>,
    lobby: HashMap<String, Member>,
}

/// A guest's pass to one meeting's call, from its link.
#[derive(Clone, Debug)]
pub struct Guest {
    pub chat: String,
    pub name: String,
    expires_ms: i64,
}

/// How long a guest's pass lasts.
const GUEST_PASS_MS: i64 = 12 * 3600 * 1000;

#[derive(Default)]
pub struct Calls {
    calls: Mutex<HashMap<String, Call>>,
    /// Guest passes by the hash of their token.
    guests: Mutex<HashMap<String, Guest>>,
}

impl Calls {
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
        let mut calls = self.lock();
        admits(calls.get(&ticket.chat), ticket)?;
        let call = calls.entry(ticket.chat.clone()).or_default();
        let member = Member {
            peer: ticket.peer.clone(),
            may_admit: ticket.may_admit,
            media: MediaState::default(),
            speaking: false,
            ice: ticket.ice.clone(),
            tx,
        };
        if ticket.lobby {
            let _ = member.tx.try_send(SignalOut::Waiting);
            call.lobby.insert(ticket.peer.id.clone(), member);
            tell_admitters(call);
            return Ok(Joined::InLobby);
        }
        let started = call.in_call.is_empty();
        if started {
            call.started_by = (ticket.employee.clone().unwrap_or_default(), ticket.peer.name.clone());
        }
        enter(call, member);
        if ticket.may_admit {
            tell_admitters(call);
        }
        Ok(Joined::InCall { started })
    }

    /// A message from `from`, relayed after the checks.
    pub fn relay(&self, chat: &str, from: &str, message: SignalIn) -> Result<(), CallRefusal> {
        let mut calls = self.lock();
        let call = calls.get_mut(chat).ok_or(CallRefusal::NotInCall)?;
        let sender = call.in_call.get(from).ok_or(CallRefusal::NotInCall)?;
        let sender_peer = sender.peer.clone();
        match message {
            SignalIn::Offer { sdp, .. } | SignalIn::Answer { sdp, .. } if sdp.len() > SDP_MAX_BYTES => Err(CallRefusal::SdpTooLong),
            SignalIn::Offer { to, sdp } => {
                let target = pair(call, &sender_peer, &to, &sdp)?;
                send(target, SignalOut::Offer { from: from.to_string(), sdp });
                Ok(())
            }
            SignalIn::Answer { to, sdp } => {
                let target = pair(call, &sender_peer, &to, &sdp)?;
                send(target, SignalOut::Answer { from: from.to_string(), sdp });
                Ok(())
            }
            SignalIn::Media { state } => {
                let publishes = state.camera || state.mic || state.screen;
                announce(call, from, sender_peer.presenter, publishes, |m| m.media = state, SignalOut::Media { id: from.to_string(), state })
            }
            SignalIn::Speaking { on } => {
                announce(call, from, sender_peer.presenter, on, |m| m.speaking = on, SignalOut::Speaking { id: from.to_string(), on })
            }
            SignalIn::Admit { peer } => {
                if !call.in_call.get(from).is_some_and(|m| m.may_admit) {
                    return Err(CallRefusal::MayNotAdmit);
                }
                let member = call.lobby.remove(&peer).ok_or(CallRefusal::UnknownPeer)?;
                enter(call, member);
                tell_admitters(call);
                Ok(())
            }
        }
    }

    /// A peer's connection ended. Returns true if that ended the call.
    pub fn leave(&self, chat: &str, peer: &str) -> bool {
        let mut calls = self.lock();
        let Some(call) = calls.get_mut(chat) else { return false };
        let was_in = call.in_call.remove(peer).is_some();
        if call.lobby.remove(peer).is_some() {
            tell_admitters(call);
        }
        if was_in {
            broadcast(call, peer, SignalOut::PeerLeft { id: peer.to_string() });
        }
        if call.in_call.is_empty() {
            // Nobody left to admit the lobby: it is told by its sockets closing.
            calls.remove(chat);
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
        let now = crate::server::clock::now_ms();
        let mut guests = self.guests.lock().unwrap_or_else(|e| e.into_inner());
        guests.retain(|_, g| g.expires_ms > now);
        guests.insert(token_hash.to_string(), Guest { chat: chat.to_string(), name: name.to_string(), expires_ms: now + GUEST_PASS_MS });
    }

    /// The guest with this token hash, if the pass is still good.
    pub fn guest(&self, token_hash: &str) -> Option<Guest> {
        let guests = self.guests.lock().unwrap_or_else(|e| e.into_inner());
        guests.get(token_hash).filter(|g| g.expires_ms > crate::server::clock::now_ms()).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Call>> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn admits(call: Option<&Call>, ticket: &Ticket) -> Result<(), CallRefusal> {
    let running = call.is_some_and(|c| !c.in_call.is_empty());
    if !running && (!ticket.may_start || ticket.lobby) {
        return Err(CallRefusal::NotStarted);
    }
    let count = call.map_or(0, |c| c.in_call.len() + c.lobby.len()) as u32;
    if count >= ticket.max_participants {
        return Err(CallRefusal::Full(ticket.max_participants));
    }
    Ok(())
}

/// Moves a member into the call: it learns who is there (and offers to them),
/// they learn of it and of its media.
fn enter(call: &mut Call, member: Member) {
    let peers: Vec<Peer> = call.in_call.values().map(|m| m.peer.clone()).collect();
    let id = member.peer.id.clone();
    send(&member, SignalOut::Joined { me: member.peer.clone(), peers, ice: member.ice.clone() });
    // A newcomer learns what the others send now, and who is speaking.
    for other in call.in_call.values() {
        send(&member, SignalOut::Media { id: other.peer.id.clone(), state: other.media });
        if other.speaking {
            send(&member, SignalOut::Speaking { id: other.peer.id.clone(), on: true });
        }
    }
    broadcast(call, &id, SignalOut::PeerJoined { peer: member.peer.clone() });
    call.in_call.insert(id, member);
}

/// The recipient of an offer or answer, if the pair may connect: a webinar
/// viewer only with a presenter, and never sending media.
fn pair<'c>(call: &'c Call, sender: &Peer, to: &str, sdp: &str) -> Result<&'c Member, CallRefusal> {
    let target = call.in_call.get(to).ok_or(CallRefusal::UnknownPeer)?;
    if !sender.presenter && sdp_publishes(sdp) {
        return Err(CallRefusal::ViewerPublishes);
    }
    if !sender.presenter && !target.peer.presenter {
        return Err(CallRefusal::ViewersOnly);
    }
    Ok(target)
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
