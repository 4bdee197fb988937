//! Load benchmark: the real server (router + embedded SurrealKV) on loopback,
//! driven by simulated operators and visitors over the real websocket and
//! server-function endpoints. Visitors and operators write at a fixed total
//! rate; every operator tab receives the chat updates live, visitors receive
//! operators' answers. Prints latency percentiles, throughput, CPU and memory.
//!
//! The server runs in a child process (this binary again, `LOAD_ROLE=server`),
//! so its CPU and memory are measured apart from the simulated clients'.
//!
//! `CLIENTS=500 RATE=200 SECS=20 make load` (see docs/performance.md).
//!
//! Across a cluster (#17): `LOAD_DB=server` puts the database in SurrealDB's
//! own server (`surreal start`, on loopback) instead of embedding it;
//! `LOAD_NODES=2` (which implies it) runs two app nodes on that server with
//! a `nats-server` between them. Visitors are on the first node, operators
//! on the last, so every delivery crosses from one node to the other.

#[path = "support/baselines.rs"]
mod baselines;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chats::model::live::LiveEvent;
use chats::http::router;
use chats::server::startup::open_state;
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Sent messages by client id → when they were sent.
type Clock = Arc<Mutex<HashMap<String, Instant>>>;

/// A minimal HTTP/1.1 POST of JSON (keeps the benchmark free of an HTTP client crate).
/// A POST with one credential header line (`Cookie: …` or the visitor's token header).
async fn post(address: &str, path: &str, credential: Option<&str>, body: &str) -> std::io::Result<(u16, String)> {
    let mut stream = tokio::net::TcpStream::connect(address).await?;
    stream.set_nodelay(true)?;
    let cookie = credential.map(|c| format!("{c}\r\n")).unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n{cookie}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

fn proc_status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    fields.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0) + fields.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3
}

async fn connect(url: String, cookie: Option<String>) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let mut request = url.into_client_request().unwrap();
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", HeaderValue::from_str(&cookie).unwrap());
    }
    let (socket, _) = tokio_tungstenite::connect_async(request).await.expect("websocket connects");
    socket
}

fn decode(message: Message) -> Option<LiveEvent> {
    match message {
        Message::Binary(bytes) => serde_json::from_slice(&bytes).ok(),
        Message::Text(text) => serde_json::from_str(&text).ok(),
        _ => None,
    }
}

/// What the server child tells the load driver once it is ready.
#[derive(serde::Serialize, serde::Deserialize)]
struct Ready {
    address: String,
    tokens: Vec<String>,
    cookies: Vec<String>,
    chats: Vec<String>,
}

/// The database the server children open: `LOAD_URL`, or SurrealKV in `LOAD_DIR`.
fn database_url() -> String {
    std::env::var("LOAD_URL").unwrap_or_else(|_| format!("surrealkv://{}", std::env::var("LOAD_DIR").expect("LOAD_DIR")))
}

/// Another node's child: opens the same database (no setup), prints its address, serves.
async fn serve_node() {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let mut state = open_state(&database_url(), false).await.unwrap();
    state.limits = std::sync::Arc::new(chats::server::limits::Limits::new(chats::server::limits::LimitConfig::off()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("{}", listener.local_addr().unwrap());
    axum::serve(listener, router(state)).await.unwrap();
}

/// A helper process (SurrealDB's server, nats-server) on a free port, and
/// that port once it accepts connections.
async fn helper(program: &str, args: &[String], port: u16) -> tokio::process::Child {
    let child = tokio::process::Command::new(program)
        .args(args)
        .env("SURREAL_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{program} starts (make test installs it: .ci/tools.sh cluster): {e}"));
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{program} did not answer on port {port}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The child: opens the database, sets up the visitors and operator
/// sessions (not measured), prints [`Ready`] and serves until killed.
async fn serve(visitors: usize, operators: usize) {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let mut state = open_state(&database_url(), true).await.unwrap();
    // The load drives each visitor harder than the widget's rate limits allow: off.
    state.limits = std::sync::Arc::new(chats::server::limits::Limits::new(chats::server::limits::LimitConfig::off()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let mut ready = Ready { address, tokens: Vec::new(), cookies: Vec::new(), chats: Vec::new() };
    for i in 0..visitors {
        let session = chats::server::people::visitors::start(&state, "support", &format!("Нагрузка {i}")).await.unwrap();
        chats::server::people::visitors::send(&state, &session.token, &format!("setup-{i:07}"), "начало").await.unwrap();
        ready.chats.push(chats::server::people::visitors::authenticate(&state, &session.token).await.unwrap().chat_key());
        ready.tokens.push(session.token);
    }
    for _ in 0..operators {
        let token = chats::server::people::auth::login(&state, "boris@demo.local", "demo1234").await.unwrap();
        ready.cookies.push(format!("chats_session={token}"));
    }
    println!("{}", serde_json::to_string(&ready).unwrap());
    axum::serve(listener, router(state)).await.unwrap();
}

#[tokio::main]
async fn main() {
    let clients = env("CLIENTS", 100) as usize;
    let rate = env("RATE", 200);
    let secs = env("SECS", 20);
    let operators = (clients / 10).max(1);
    let visitors = clients - operators;
    if std::env::var("LOAD_ROLE").is_ok_and(|r| r == "server") {
        return serve(visitors, operators).await;
    }
    if std::env::var("LOAD_ROLE").is_ok_and(|r| r == "node") {
        return serve_node().await;
    }

    let dir = std::env::temp_dir().join(format!("chats-load-{}", std::process::id()));
    // The two limits, measured first on the idle machine (#18): `BASELINES=0` skips them.
    let limits = if env("BASELINES", 1) == 1 {
        let raw = baselines::raw_inserts(&dir.join("raw"), 8, 3).await;
        let _ = std::fs::remove_dir_all(dir.join("raw"));
        let echo = baselines::websocket_echo(clients.min(1000), rate, 3).await;
        Some((raw, echo))
    } else {
        None
    };
    let nodes = env("LOAD_NODES", 1).max(1) as usize;
    let on_server = nodes > 1 || std::env::var("LOAD_DB").is_ok_and(|v| v == "server");
    let mut helpers = Vec::new();
    let mut node_env: Vec<(&str, String)> = vec![("LOAD_DIR", dir.display().to_string())];
    if on_server {
        let port = free_port();
        let surreal = std::env::var("SURREAL_BIN").unwrap_or_else(|_| format!("{}/.cache/chats-tools/bin/surreal", std::env::var("HOME").unwrap_or_default()));
        let args = ["start", "--no-banner", "--user", "root", "--pass", "root", "--bind", &format!("127.0.0.1:{port}"), &format!("surrealkv://{}/server-db", dir.display())].map(String::from);
        helpers.push(helper(&surreal, &args, port).await);
        node_env.push(("LOAD_URL", format!("ws://127.0.0.1:{port}")));
    }
    if nodes > 1 {
        let port = free_port();
        let args = ["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd", &format!("{}/nats", dir.display())].map(String::from);
        helpers.push(helper("nats-server", &args, port).await);
        node_env.push(("NATS_URL", format!("nats://127.0.0.1:{port}")));
    }
    let mut children = Vec::new();
    let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .env("LOAD_ROLE", "server")
        .envs(node_env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the server child starts");
    let server_pid = child.id().expect("the child runs");
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    tokio::io::AsyncBufReadExt::read_line(&mut lines, &mut line).await.unwrap();
    let Ready { address, tokens, cookies, chats: chats_of } = serde_json::from_str(&line).expect("the server child is ready");
    children.push(child);
    // The other nodes, on the same database: operators connect to the last.
    let mut node_pids = vec![server_pid];
    let mut operator_address = address.clone();
    for _ in 1..nodes {
        let mut node = tokio::process::Command::new(std::env::current_exe().unwrap())
            .env("LOAD_ROLE", "node")
            .envs(node_env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("a node child starts");
        node_pids.push(node.id().expect("the node runs"));
        let mut lines = tokio::io::BufReader::new(node.stdout.take().unwrap());
        let mut line = String::new();
        tokio::io::AsyncBufReadExt::read_line(&mut lines, &mut line).await.unwrap();
        operator_address = line.trim().to_string();
        children.push(node);
    }
    println!(
        "{} app node(s); database {}",
        nodes,
        if on_server { "in SurrealDB's server over ws:// on loopback" } else { "embedded (SurrealKV)" }
    );

    let rss_before = proc_status_kib(server_pid, "VmRSS:");
    let sent: Clock = Arc::new(Mutex::new(HashMap::new()));
    let samples: Arc<Mutex<Vec<Duration>>> = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(std::sync::atomic::AtomicU64::new(0));

    let connect_started = Instant::now();
    for cookie in &cookies {
        let mut socket = connect(format!("ws://{operator_address}/api/live"), Some(cookie.clone())).await;
        let (sent, samples, errors) = (sent.clone(), samples.clone(), errors.clone());
        tokio::spawn(async move {
            while let Some(frame) = socket.next().await {
                let Ok(frame) = frame else { errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed); return };
                if let Some(LiveEvent::Chat { chat, .. }) = decode(frame) {
                    let Some(id) = chat.last.as_ref().and_then(|l| l.text.strip_prefix("lg ")).map(str::to_string) else { continue };
                    if let Some(at) = sent.lock().unwrap().get(&id).copied() {
                        samples.lock().unwrap().push(at.elapsed());
                    }
                }
            }
        });
    }
    for token in &tokens {
        let mut socket = connect(format!("ws://{address}/api/widget/live?token={token}"), None).await;
        let (sent, samples) = (sent.clone(), samples.clone());
        tokio::spawn(async move {
            while let Some(Ok(frame)) = socket.next().await {
                if let Some(LiveEvent::Message { message }) = decode(frame) {
                    if let Some(at) = sent.lock().unwrap().get(&message.client_id).copied() {
                        samples.lock().unwrap().push(at.elapsed());
                    }
                }
            }
            let _ = socket.close(None).await;
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let connected = cookies.len() + tokens.len() - errors.load(std::sync::atomic::Ordering::Relaxed) as usize;
    let rss_connected = proc_status_kib(server_pid, "VmRSS:");
    println!(
        "connected {connected} live clients ({operators} operator tabs, {visitors} visitors) in {:.1} s; server RSS {} → {} MiB",
        connect_started.elapsed().as_secs_f64(),
        rss_before / 1024,
        rss_connected / 1024
    );
    samples.lock().unwrap().clear();

    // The load: `rate` messages a second, alternating visitor and operator.
    let acked = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let cpu_start: Vec<u64> = node_pids.iter().map(|pid| cpu_ticks(*pid)).collect();
    let database_pid = if on_server { helpers.first().and_then(|h| h.id()) } else { None };
    let database_start = database_pid.map(cpu_ticks).unwrap_or(0);
    let driver_start = cpu_ticks(std::process::id());
    let started = Instant::now();
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let mut ticker = tokio::time::interval(interval);
    let total = rate * secs;
    let mut in_flight = Vec::new();
    for n in 0..total {
        ticker.tick().await;
        let i = (n as usize * 7919) % visitors;
        let client_id = format!("lg{n:08}");
        sent.lock().unwrap().insert(client_id.clone(), Instant::now());
        let (acked, errors) = (acked.clone(), errors.clone());
        let address = if n % 2 == 0 { address.clone() } else { operator_address.clone() };
        let request = if n % 2 == 0 {
            let body = serde_json::json!({"client_id": client_id, "text": format!("lg {client_id}")}).to_string();
            ("/api/widget/send", Some(format!("{}: {}", chats::model::visitor::VISITOR_TOKEN_HEADER, tokens[i])), body)
        } else {
            let body = serde_json::json!({"message": {"chat": chats_of[i], "client_id": client_id, "text": format!("lg {client_id}")}}).to_string();
            ("/api/messages", Some(format!("Cookie: {}", cookies[n as usize % operators])), body)
        };
        in_flight.push(tokio::spawn(async move {
            match post(&address, request.0, request.1.as_deref(), &request.2).await {
                Ok((200, _)) => acked.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                _ => errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            };
        }));
    }
    for task in in_flight {
        let _ = task.await;
    }
    let elapsed = started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let node_cpu: Vec<f64> = node_pids.iter().zip(&cpu_start).map(|(pid, start)| (cpu_ticks(*pid) - start) as f64 / 100.0).collect();
    let cpu_secs: f64 = node_cpu.iter().sum();
    let driver_secs = (cpu_ticks(std::process::id()) - driver_start) as f64 / 100.0;

    let mut samples = samples.lock().unwrap().clone();
    samples.sort();
    let acked = acked.load(std::sync::atomic::Ordering::Relaxed);
    println!("offered {rate} msg/s for {secs} s: {acked} stored, {:.0} msg/s persisted", acked as f64 / elapsed.as_secs_f64());
    println!(
        "send → live receipt over {} deliveries: p50 {:.1} ms, p99 {:.1} ms, p99.9 {:.1} ms, max {:.1} ms",
        samples.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        percentile(&samples, 0.999),
        percentile(&samples, 1.0)
    );
    println!(
        "app node(s): CPU {:.0} % of one core ({:.2} ms per persisted message); RSS {} MiB; {:.1} KiB per idle connected client",
        cpu_secs / elapsed.as_secs_f64() * 100.0,
        cpu_secs * 1e3 / acked.max(1) as f64,
        proc_status_kib(server_pid, "VmRSS:") / 1024,
        (rss_connected.saturating_sub(rss_before)) as f64 / connected.max(1) as f64
    );
    if let Some(pid) = database_pid {
        let secs = (cpu_ticks(pid) - database_start) as f64 / 100.0;
        println!("  SurrealDB's server: CPU {:.0} % of one core ({:.2} ms per persisted message); RSS {} MiB", secs / elapsed.as_secs_f64() * 100.0, secs * 1e3 / acked.max(1) as f64, proc_status_kib(pid, "VmRSS:") / 1024);
    }
    if nodes > 1 {
        for (i, secs) in node_cpu.iter().enumerate() {
            println!("  node {}: CPU {:.0} % of one core ({:.2} ms per persisted message)", i + 1, secs / elapsed.as_secs_f64() * 100.0, secs * 1e3 / acked.max(1) as f64);
        }
    }
    println!("load driver (simulated clients, another process): CPU {:.0} % of one core", driver_secs / elapsed.as_secs_f64() * 100.0);
    println!("errors: {}", errors.load(std::sync::atomic::Ordering::Relaxed));
    if let Some((raw, echo)) = limits {
        let persisted = acked as f64 / elapsed.as_secs_f64();
        println!("limits on this machine, measured first in this run:");
        println!("  storage: raw SurrealKV single-row inserts, 8 writers, sync on commit: {raw:.0} rows/s (this run persisted {persisted:.0} msg/s, {:.1} × below it)", raw / persisted.max(1.0));
        println!(
            "  network: plain websocket echo on loopback at {} frames/s over {} sockets: round trip p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms; peak {:.0} frames/s (64 sockets, one in flight each)",
            echo.rate, clients.min(1000), echo.p50_ms, echo.p99_ms, echo.p999_ms, echo.peak_per_sec
        );
    }
    for mut child in children {
        let _ = child.kill().await;
    }
    for mut helper in helpers {
        let _ = helper.kill().await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}
