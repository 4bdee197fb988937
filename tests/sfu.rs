//! The calls' media server (#19) with synthetic participants on loopback:
//! a conference of five where everyone receives everyone else, a webinar
//! whose viewer cannot publish even with a crafted offer, the floor given to
//! a viewer and taken back, simulcast layers chosen by tile count and by the
//! width a browser shows its tiles at, at most
//! nine videos forwarded at once, and a sender told its uplink failed.

mod common;

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use chats::model::meeting::{MediaState, Peer, SignalIn, SignalOut};
use chats::model::problem::Problem;
use chats::server::meetings::calls::{CallRefusal, Calls, Ticket};
use chats::server::meetings::sfu::{Sfu, SfuConfig};
use chats::model::meeting::{Quality, VIDEOS_SHOWN};
use common::rtc::{Client, Counters, Sends, ToClient, LAYER_SIZES};
use tokio::sync::mpsc;

const CHAT: &str = "meeting-1";

fn ticket(id: &str, presenter: bool, may_admit: bool, max: u32) -> Ticket {
    Ticket {
        chat: CHAT.into(),
        peer: Peer { id: id.into(), name: id.into(), presenter, guest: false },
        employee: Some(id.into()),
        session: None,
        pass: None,
        lobby: false,
        may_admit,
        may_start: true,
        max_participants: max,
        ice: vec![],
    }
}

async fn calls() -> Arc<Calls> {
    let sfu = Sfu::start(SfuConfig { ports: (0, 0), udp: true, public_ip: Some("127.0.0.1".parse().unwrap()), tcp: None }).await.unwrap();
    Arc::new(Calls::with_sfu(sfu))
}

/// A synthetic participant in the call: joins, offers, and from then on
/// its signalling is pumped between the call and its connection.
struct Participant {
    counters: Arc<Counters>,
    /// The connection's task: aborting it is a sender whose network went away.
    connection: tokio::task::JoinHandle<()>,
    /// What the call told it besides SDP.
    seen: Arc<std::sync::Mutex<Vec<SignalOut>>>,
}

async fn join(calls: &Arc<Calls>, ticket: Ticket, publish: bool) -> Participant {
    join_sending(calls, ticket, if publish { Sends::Single } else { Sends::Nothing }).await
}

async fn join_sending(calls: &Arc<Calls>, ticket: Ticket, sends: Sends) -> Participant {
    join_with(calls, ticket, sends, 1200).await
}

/// A sender of small video frames (many senders, little machine).
async fn join_small(calls: &Arc<Calls>, ticket: Ticket) -> Participant {
    join_with(calls, ticket, Sends::Single, 200).await
}

async fn join_with(calls: &Arc<Calls>, ticket: Ticket, sends: Sends, frame: usize) -> Participant {
    let (tx, mut rx) = Calls::mailbox();
    calls.join(&ticket, tx).unwrap();
    let (client, offer) = Client::sending(sends, frame).await;
    calls.relay(CHAT, &ticket.peer.id, SignalIn::Offer { sdp: offer }).unwrap();
    let (to_client, incoming) = mpsc::unbounded_channel();
    let (answers_tx, mut answers) = mpsc::unbounded_channel::<String>();
    let counters = Arc::new(Counters::default());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let connection = tokio::spawn(client.run(incoming, answers_tx, counters.clone()));
    let (calls, id, log) = (calls.clone(), ticket.peer.id.clone(), seen.clone());
    tokio::spawn(async move {
        loop {
            tokio::select! {
                message = rx.recv() => match message {
                    Some(SignalOut::Answer { sdp }) => { let _ = to_client.send(ToClient::Answer(sdp)); }
                    Some(SignalOut::Offer { sdp }) => { let _ = to_client.send(ToClient::Offer(sdp)); }
                    Some(other) => log.lock().unwrap().push(other),
                    None => return,
                },
                Some(sdp) = answers.recv() => { let _ = calls.relay(CHAT, &id, SignalIn::Answer { sdp }); }
            }
        }
    });
    Participant { counters, connection, seen }
}

async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conference_of_five_everyone_receives_everyone() {
    let calls = calls().await;
    let mut people = Vec::new();
    for i in 0..5 {
        people.push(join(&calls, ticket(&format!("p{i}"), true, i == 0, 25), true).await);
    }
    wait_until("all five connected", || people.iter().all(|p| p.counters.connected.load(Ordering::Relaxed) > 0)).await;
    // Each receives four others' video: after a while, well over 4 × 10 frames.
    wait_until("video from the four others at each", || people.iter().all(|p| p.counters.video_frames.load(Ordering::Relaxed) > 4 * 20)).await;
    let stats = calls.sfu().unwrap().stats().await;
    assert_eq!(stats.connections, 5);
    assert_eq!(stats.tracks_in, 10, "audio and video from each");
    assert_eq!(stats.tracks_out, 5 * 4 * 2, "each gets the others' audio and video");
    // The server hears speech in the synthetic audio and says who speaks.
    wait_until("someone marked speaking", || people[0].seen.lock().unwrap().iter().any(|m| matches!(m, SignalOut::Speaking { on: true, .. }))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webinar_viewer_receives_but_cannot_publish_until_given_the_floor() {
    let calls = calls().await;
    let host = join(&calls, ticket("host", true, true, 300), true).await;
    // A viewer's crafted offer that would send is refused before the media server.
    let (tx, mut viewer_rx) = Calls::mailbox();
    calls.join(&ticket("viewer", false, false, 300), tx).unwrap();
    let (_client, crafted) = Client::new(true).await;
    assert_eq!(calls.relay(CHAT, "viewer", SignalIn::Offer { sdp: crafted }), Err(CallRefusal::ViewerPublishes));
    // A malformed one is refused by the media server, on the socket.
    calls.relay(CHAT, "viewer", SignalIn::Offer { sdp: "v=0 nonsense".into() }).unwrap();
    let refused = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match viewer_rx.recv().await {
                Some(SignalOut::Refused { problem }) => break problem,
                Some(_) => continue,
                None => panic!("mailbox closed"),
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(refused, Problem::BadSdp);
    calls.leave(CHAT, "viewer");

    // A receive-only viewer gets the presenter's audio and video.
    let viewer = join(&calls, ticket("viewer2", false, false, 300), false).await;
    wait_until("the presenter's video at the viewer", || viewer.counters.video_frames.load(Ordering::Relaxed) > 30).await;
    assert_eq!(host.counters.video_frames.load(Ordering::Relaxed), 0, "a viewer sends nothing");

    // The viewer raises a hand; the host gives the floor, then takes it back.
    assert_eq!(calls.relay(CHAT, "host", SignalIn::Floor { peer: "viewer2".into(), on: true }), Err(CallRefusal::HandNotRaised));
    calls.relay(CHAT, "viewer2", SignalIn::Hand { up: true }).unwrap();
    wait_until("the host sees the hand", || host.seen.lock().unwrap().iter().any(|m| matches!(m, SignalOut::Hand { id, up: true } if id == "viewer2"))).await;
    assert_eq!(calls.relay(CHAT, "viewer2", SignalIn::Floor { peer: "viewer2".into(), on: true }), Err(CallRefusal::MayNotAdmit));
    calls.relay(CHAT, "host", SignalIn::Floor { peer: "viewer2".into(), on: true }).unwrap();
    wait_until("the viewer told it presents", || viewer.seen.lock().unwrap().iter().any(|m| matches!(m, SignalOut::Floor { peer } if peer.id == "viewer2" && peer.presenter))).await;
    let people: HashMap<String, bool> = calls.people(CHAT).into_iter().map(|p| (p.id, p.presenter)).collect();
    assert_eq!(people.get("viewer2"), Some(&true));
    // Given the floor, it may offer to send; taken back, it may not.
    let (_c, sending) = Client::new(true).await;
    calls.relay(CHAT, "viewer2", SignalIn::Offer { sdp: sending.clone() }).unwrap();
    calls.relay(CHAT, "host", SignalIn::Floor { peer: "viewer2".into(), on: false }).unwrap();
    assert_eq!(calls.relay(CHAT, "viewer2", SignalIn::Offer { sdp: sending }), Err(CallRefusal::ViewerPublishes));
}

/// Frames per received video track over `window`.
async fn frames_over(p: &Participant, window: Duration) -> Vec<(u64, usize)> {
    let before: HashMap<_, _> = p.counters.videos.lock().unwrap().clone();
    tokio::time::sleep(window).await;
    let after = p.counters.videos.lock().unwrap().clone();
    after.iter().map(|(mid, (frames, size))| (frames - before.get(mid).map_or(0, |b| b.0), *size)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn six_senders_in_simulcast_each_receiver_gets_at_most_the_middle_layer() {
    // Five videos on one screen are small tiles: the server forwards at most
    // the middle layer (`m`) of each, never the full one (`h`); which of the
    // lower two depends on the receiver's bandwidth estimate.
    let calls = calls().await;
    let mut people = Vec::new();
    for i in 0..6 {
        people.push(join_sending(&calls, ticket(&format!("p{i}"), true, i == 0, 25), Sends::Simulcast).await);
    }
    let middle = LAYER_SIZES[1].1;
    wait_until("the middle layer reached at each", || {
        people.iter().all(|p| {
            let videos = p.counters.videos.lock().unwrap();
            videos.len() == 5 && videos.values().any(|(frames, size)| *frames > 20 && *size == middle)
        })
    })
    .await;
    for p in &people {
        p.counters.largest.store(0, Ordering::Relaxed);
    }
    for p in &people {
        let window = frames_over(p, Duration::from_secs(2)).await;
        assert!(window.iter().all(|(frames, _)| *frames > 20), "every video keeps coming: {window:?}");
        assert!(p.counters.largest.load(Ordering::Relaxed) <= middle as u64, "no full layer with five videos on screen");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_showing_small_tiles_gets_the_layer_that_fits_them() {
    // Two people send three layers (160, 320 and 640 pixels wide). One shows
    // the other's video 150 device pixels wide: the lowest layer is enough,
    // whatever its bandwidth. The other says nothing and gets more. Told its
    // tiles are now 300 wide, the first gets the middle layer.
    let calls = calls().await;
    let small = join_sending(&calls, ticket("small", true, true, 25), Sends::Simulcast).await;
    let other = join_sending(&calls, ticket("other", true, false, 25), Sends::Simulcast).await;
    calls.relay(CHAT, "small", SignalIn::TileWidth { px: 150 }).unwrap();
    let (lowest, middle) = (LAYER_SIZES[0].1, LAYER_SIZES[1].1);
    let receives = |p: &Participant, size: usize| p.counters.videos.lock().unwrap().values().any(|(frames, s)| *frames > 20 && *s == size);
    wait_until("the lowest layer at the small tiles", || receives(&small, lowest)).await;
    wait_until("a larger layer at the other", || other.counters.largest.load(Ordering::Relaxed) > lowest as u64).await;
    small.counters.largest.store(0, Ordering::Relaxed);
    let window = frames_over(&small, Duration::from_secs(2)).await;
    assert!(window.iter().all(|(frames, _)| *frames > 20), "the video keeps coming: {window:?}");
    assert_eq!(small.counters.largest.load(Ordering::Relaxed), lowest as u64, "nothing above the lowest layer for 150-pixel tiles");

    // Wider tiles: up to the middle layer (after the wait before going up).
    calls.relay(CHAT, "small", SignalIn::TileWidth { px: 300 }).unwrap();
    wait_until("the middle layer at the wider tiles", || {
        small.counters.videos.lock().unwrap().values().any(|(_, s)| *s == middle)
    })
    .await;
    // An absurd width is taken as the widest there is, not refused.
    calls.relay(CHAT, "small", SignalIn::TileWidth { px: u32::MAX }).unwrap();

    // Back to small tiles, but the other shares a screen: a screen is for
    // reading, and comes above the tile's layer.
    calls.relay(CHAT, "small", SignalIn::TileWidth { px: 150 }).unwrap();
    wait_until("the lowest layer again", || small.counters.videos.lock().unwrap().values().any(|(_, s)| *s == lowest)).await;
    let screen = MediaState { camera: false, mic: true, screen: true };
    calls.relay(CHAT, "other", SignalIn::Media { state: screen }).unwrap();
    small.counters.largest.store(0, Ordering::Relaxed);
    wait_until("more than the lowest layer of a shared screen", || small.counters.largest.load(Ordering::Relaxed) > lowest as u64).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_eleven_videos_each_receiver_gets_nine_and_is_told_which_pause() {
    let calls = calls().await;
    let mut people = Vec::new();
    for i in 0..11 {
        people.push(join_small(&calls, ticket(&format!("p{i}"), true, i == 0, 25)).await);
    }
    wait_until("ten video tracks negotiated at each", || people.iter().all(|p| p.counters.videos.lock().unwrap().len() >= VIDEOS_SHOWN)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let window = frames_over(&people[3], Duration::from_secs(2)).await;
    let moving = window.iter().filter(|(frames, _)| *frames > 10).count();
    assert_eq!(moving, VIDEOS_SHOWN, "{window:?}");
    assert!(people[3].seen.lock().unwrap().iter().any(|m| matches!(m, SignalOut::Quality { quality: Quality::Paused, .. })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sender_whose_media_stops_arriving_is_told_so() {
    let calls = calls().await;
    let host = join(&calls, ticket("host", true, true, 25), true).await;
    let viewer = join(&calls, ticket("guest", true, false, 25), false).await;
    wait_until("video at the other", || viewer.counters.video_frames.load(Ordering::Relaxed) > 30).await;
    assert!(!host.seen.lock().unwrap().iter().any(|m| matches!(m, SignalOut::Uplink { .. })), "nothing to say while media flows");
    // The host's network goes: nothing more arrives from it.
    host.connection.abort();
    wait_until("the host told its uplink failed", || host.seen.lock().unwrap().iter().any(|m| matches!(m, SignalOut::Uplink { ok: false }))).await;
}
