//! Media server benchmark (#19): one presenter and N receive-only viewers in
//! a webinar, or (`MODE=conference`) N people who all send three simulcast
//! layers and each see at most `VIDEOS_SHOWN` of the others; all synthetic
//! str0m participants (tests/common/rtc.rs) on loopback. The server (Calls + the media server, as in the app) runs in a
//! child process, this binary again with `MEDIA_ROLE=server`, so its CPU and
//! memory are measured apart from the participants'. They talk over the
//! child's stdin and stdout, a JSON line per message.
//!
//! Prints, for each N in `VIEWERS` (default 25,100,300; 10,25 for a
//! conference): the server's CPU share, its memory per viewer, the forwarded
//! Mbit/s, and the share of viewers receiving at least 25 video frames a
//! second (in a conference: of each video shown, and which layer came).
//!
//! `make bench-media` (`VIEWERS=25,100 SECS=10 FRAME=5000 make bench-media`;
//! `MODE=conference VIEWERS=25 make bench-media`).

#[path = "../tests/common/rtc.rs"]
mod rtc;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chats::model::meeting::{Peer, SignalIn, SignalOut, VIDEOS_SHOWN};
use chats::server::meetings::calls::{Calls, Ticket};
use chats::server::meetings::sfu::{Sfu, SfuConfig};
use rtc::{Client, Counters, ToClient};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

const CHAT: &str = "webinar";

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Up {
    Join { who: usize, presenter: bool, offer: String },
    Answer { who: usize, sdp: String },
    Stats,
    Leave { who: usize },
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Down {
    Answer { who: usize, sdp: String },
    Offer { who: usize, sdp: String },
    Stats { cpu_ms: u64, rss_kb: u64, connected: usize, tracks_out: usize, bytes_out: u64 },
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    if std::env::var("MEDIA_ROLE").as_deref() == Ok("server") {
        runtime.block_on(server());
    } else {
        runtime.block_on(participants());
    }
}

/// This process's CPU time (user + system), in ms.
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 of the line; 12 and 13 after the name.
    (ticks(11) + ticks(12)) * 10
}

fn rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()?.parse().ok()).unwrap_or(0)
}

/// The server's side: joins each participant to the call and relays its SDP.
async fn server() {
    let sfu = Sfu::start(SfuConfig { ports: (0, 0), udp: true, public_ip: Some("127.0.0.1".parse().unwrap()), tcp: None }).await.unwrap();
    let calls = Arc::new(Calls::with_sfu(sfu));
    let (down_tx, mut down_rx) = mpsc::unbounded_channel::<Down>();
    tokio::spawn(async move {
        let mut stdout = tokio::io::stdout();
        while let Some(message) = down_rx.recv().await {
            let mut line = serde_json::to_vec(&message).unwrap();
            line.push(b'\n');
            if stdout.write_all(&line).await.is_err() {
                return;
            }
            let _ = stdout.flush().await;
        }
    });
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let Ok(up) = serde_json::from_str::<Up>(&line) else { continue };
        match up {
            Up::Join { who, presenter, offer } => {
                let id = format!("p{who}");
                let ticket = Ticket {
                    chat: CHAT.into(),
                    peer: Peer { id: id.clone(), name: id.clone(), presenter, guest: false },
                    employee: Some(id.clone()),
                    session: None,
                    pass: None,
                    lobby: false,
                    may_admit: presenter,
                    may_start: true,
                    max_participants: 10_000,
                    ice: vec![],
                };
                let (tx, mut rx) = Calls::mailbox();
                calls.join(&ticket, tx).unwrap();
                let down = down_tx.clone();
                // The mailbox as a socket task would drain it: only SDP matters here.
                tokio::spawn(async move {
                    while let Some(message) = rx.recv().await {
                        match message {
                            SignalOut::Answer { sdp } => drop(down.send(Down::Answer { who, sdp })),
                            SignalOut::Offer { sdp } => drop(down.send(Down::Offer { who, sdp })),
                            _ => {}
                        }
                    }
                });
                let _ = calls.relay(CHAT, &id, SignalIn::Offer { sdp: offer });
            }
            Up::Answer { who, sdp } => {
                let _ = calls.relay(CHAT, &format!("p{who}"), SignalIn::Answer { sdp });
            }
            Up::Leave { who } => {
                calls.leave(CHAT, &format!("p{who}"));
            }
            Up::Stats => {
                let stats = calls.sfu().unwrap().stats().await;
                let _ = down_tx.send(Down::Stats { cpu_ms: cpu_ms(), rss_kb: rss_kb(), connected: stats.connected, tracks_out: stats.tracks_out, bytes_out: stats.bytes_out });
            }
        }
    }
}

struct Server {
    stdin: std::process::ChildStdin,
    stats: mpsc::UnboundedReceiver<Down>,
}

impl Server {
    fn send(&mut self, up: &Up) {
        let mut line = serde_json::to_vec(up).unwrap();
        line.push(b'\n');
        self.stdin.write_all(&line).unwrap();
        self.stdin.flush().unwrap();
    }

    async fn stats(&mut self) -> Down {
        self.send(&Up::Stats);
        self.stats.recv().await.unwrap()
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A webinar (one presenter, N viewers) or a conference (N who all send).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Webinar,
    Conference,
}

async fn participants() {
    let mode = if std::env::var("MODE").as_deref() == Ok("conference") { Mode::Conference } else { Mode::Webinar };
    let default_sizes = if mode == Mode::Conference { "10,25" } else { "25,100,300" };
    let sizes: Vec<usize> = std::env::var("VIEWERS").unwrap_or_else(|_| default_sizes.into()).split(',').filter_map(|v| v.trim().parse().ok()).collect();
    let secs = env("SECS", 10);
    match mode {
        Mode::Webinar => {
            println!("media server: 1 presenter (VP8 {} B frames at 30/s, Opus), N receive-only viewers, loopback; {secs} s a size", env("FRAME", 5000));
            println!("{:>6} {:>10} {:>12} {:>14} {:>12} {:>14} {:>16}", "N", "connected", "server CPU", "mem/viewer", "forwarded", "viewers ≥25fps", "median fps");
        }
        Mode::Conference => {
            let layers: Vec<String> = rtc::LAYER_SIZES.iter().map(|(rid, size)| format!("{rid} {size} B")).collect();
            println!("media server: a conference of N who all send Opus and three VP8 layers at 30/s ({}), each shown at most {VIDEOS_SHOWN} videos, loopback; {secs} s a size", layers.join(", "));
            println!("{:>6} {:>10} {:>12} {:>14} {:>12} {:>18} {:>16}", "N", "connected", "server CPU", "mem/person", "forwarded", "videos ≥25fps", "layers l/m/h");
        }
    }
    for n in sizes {
        run_size(mode, n, secs).await;
    }
}

async fn run_size(mode: Mode, n: usize, secs: u64) {
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .env("MEDIA_ROLE", "server")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the server process");
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    // Routes the server's lines: SDP to each participant, figures to us.
    let (stats_tx, stats) = mpsc::unbounded_channel();
    let inboxes: Arc<std::sync::Mutex<HashMap<usize, mpsc::UnboundedSender<ToClient>>>> = Default::default();
    let routes = inboxes.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            let Ok(down) = serde_json::from_str::<Down>(&line) else { continue };
            let (who, message) = match down {
                Down::Answer { who, sdp } => (who, ToClient::Answer(sdp)),
                Down::Offer { who, sdp } => (who, ToClient::Offer(sdp)),
                stats @ Down::Stats { .. } => {
                    let _ = stats_tx.send(stats);
                    continue;
                }
            };
            if let Some(inbox) = routes.lock().unwrap().get(&who) {
                let _ = inbox.send(message);
            }
        }
    });
    let server = Arc::new(tokio::sync::Mutex::new(Server { stdin, stats }));
    let idle = server.lock().await.stats().await;
    let Down::Stats { rss_kb: rss_before, .. } = idle else { unreachable!() };

    let mut counters: Vec<Arc<Counters>> = Vec::new();
    // A webinar: the presenter and N viewers; a conference: N who all send.
    let last = if mode == Mode::Conference { n - 1 } else { n };
    for who in 0..=last {
        let presenter = mode == Mode::Conference || who == 0;
        let sends = match mode {
            Mode::Conference => rtc::Sends::Simulcast,
            Mode::Webinar if presenter => rtc::Sends::Single,
            Mode::Webinar => rtc::Sends::Nothing,
        };
        let (client, offer) = Client::sending(sends, env("FRAME", 5000) as usize).await;
        let (inbox, incoming) = mpsc::unbounded_channel();
        inboxes.lock().unwrap().insert(who, inbox);
        let (answers_tx, mut answers) = mpsc::unbounded_channel::<String>();
        let counter = Arc::new(Counters::default());
        tokio::spawn(client.run(incoming, answers_tx, counter.clone()));
        let relay = server.clone();
        tokio::spawn(async move {
            while let Some(sdp) = answers.recv().await {
                relay.lock().await.send(&Up::Answer { who, sdp });
            }
        });
        server.lock().await.send(&Up::Join { who, presenter, offer });
        counters.push(counter);
        // Joining in small steps, as an audience does, spares the handshakes a stampede.
        if who % 10 == 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    // Everyone connected (or a deadline), then a few seconds to settle.
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && counters.iter().filter(|c| c.connected.load(Ordering::Relaxed) > 0).count() < last + 1 {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;

    let frames_before: Vec<u64> = counters.iter().map(|c| c.video_frames.load(Ordering::Relaxed)).collect();
    let tracks_before: Vec<HashMap<str0m::media::Mid, (u64, usize)>> = counters.iter().map(|c| c.videos.lock().unwrap().clone()).collect();
    let Down::Stats { cpu_ms: cpu_before, bytes_out: bytes_before, .. } = server.lock().await.stats().await else { unreachable!() };
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(secs)).await;
    let Down::Stats { cpu_ms: cpu_after, rss_kb, connected, bytes_out: bytes_after, .. } = server.lock().await.stats().await else { unreachable!() };
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = (cpu_after - cpu_before) as f64 / 1000.0 / elapsed * 100.0;
    let mbits = (bytes_after - bytes_before) as f64 * 8.0 / elapsed / 1e6;
    match mode {
        Mode::Webinar => {
            let mut fps: Vec<f64> = counters.iter().zip(&frames_before).skip(1).map(|(c, before)| (c.video_frames.load(Ordering::Relaxed) - before) as f64 / elapsed).collect();
            fps.sort_by(|a, b| a.partial_cmp(b).unwrap());
            let smooth = fps.iter().filter(|f| **f >= 25.0).count();
            let per_viewer = (rss_kb.saturating_sub(rss_before)) as f64 / n as f64;
            println!(
                "{:>6} {:>10} {:>11.0}% {:>11.0} KB {:>9.1} Mb/s {:>8}/{:<5} {:>16.1}",
                n,
                connected,
                cpu,
                per_viewer,
                mbits,
                smooth,
                n,
                fps.get(fps.len() / 2).copied().unwrap_or(0.0)
            );
        }
        Mode::Conference => {
            // Each video each person should see: smooth (≥ 25 frames a
            // second over the window), and the layer its last frame was.
            let shown = (n - 1).min(VIDEOS_SHOWN);
            let (mut smooth, mut layers) = (0, [0usize; 3]);
            for (c, before) in counters.iter().zip(&tracks_before) {
                let now = c.videos.lock().unwrap().clone();
                for (mid, (frames, size)) in &now {
                    let was = before.get(mid).map_or(0, |(f, _)| *f);
                    if (frames - was) as f64 / elapsed >= 25.0 {
                        smooth += 1;
                        if let Some(layer) = rtc::LAYER_SIZES.iter().position(|(_, s)| s == size) {
                            layers[layer] += 1;
                        }
                    }
                }
            }
            let per_person = (rss_kb.saturating_sub(rss_before)) as f64 / n as f64;
            println!(
                "{:>6} {:>10} {:>11.0}% {:>11.0} KB {:>9.1} Mb/s {:>10}/{:<7} {:>16}",
                n,
                connected,
                cpu,
                per_person,
                mbits,
                smooth,
                n * shown,
                format!("{}/{}/{}", layers[0], layers[1], layers[2])
            );
        }
    }
    for who in 0..=last {
        inboxes.lock().unwrap().remove(&who);
    }
    drop(server);
    let _ = child.kill();
    let _ = child.wait();
}
