//! The two limits `make load` prints beside its own figures (#18): how fast
//! this machine's SurrealKV stores single rows (the storage limit), and how
//! fast a plain websocket echo answers on loopback (the network limit).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

/// Single-row inserts from `writers` concurrent writers for `secs`, each its
/// own transaction, into an embedded SurrealKV store with sync on every
/// commit (the server's default); rows per second.
pub async fn raw_inserts(dir: &std::path::Path, writers: usize, secs: u64) -> f64 {
    let db = surrealdb::engine::any::connect(format!("surrealkv://{}", dir.display())).await.expect("SurrealKV opens");
    db.use_ns("bench").use_db("bench").await.unwrap();
    db.query("DEFINE TABLE row SCHEMALESS").await.unwrap().check().unwrap();
    let db = Arc::new(db);
    let stored = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (db, stored) = (db.clone(), stored.clone());
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < until {
                    db.query("CREATE row SET writer = $w, n = $n, text = $text")
                        .bind(("w", w as i64))
                        .bind(("n", n as i64))
                        .bind(("text", "a message of about the usual length, to be stored once"))
                        .await
                        .and_then(|r| r.check())
                        .expect("insert");
                    n += 1;
                    stored.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    stored.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// What the echo baseline measured.
pub struct Echo {
    pub rate: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub peak_per_sec: f64,
}

/// A websocket server that sends every frame back, on loopback; `clients`
/// sockets send `rate` frames a second in turn for `secs` (round-trip
/// percentiles), then 64 sockets each send as fast as they are answered
/// for a second (the peak frames a second).
pub async fn websocket_echo(clients: usize, rate: u64, secs: u64) -> Echo {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await else { return };
                while let Some(Ok(frame)) = socket.next().await {
                    if frame.is_text() && socket.send(frame).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    let mut sockets = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (socket, _) = tokio_tungstenite::connect_async(format!("ws://{address}/")).await.expect("echo connects");
        sockets.push(socket);
    }
    // Paced round trips: each frame carries its send time's offset.
    let started = Instant::now();
    let samples = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut senders = Vec::with_capacity(clients);
    for socket in sockets {
        let (sink, mut stream) = socket.split();
        let samples = samples.clone();
        tokio::spawn(async move {
            while let Some(Ok(Message::Text(text))) = stream.next().await {
                if let Ok(nanos) = text.as_str().parse::<u64>() {
                    let sent = started + Duration::from_nanos(nanos);
                    samples.lock().unwrap().push(sent.elapsed());
                }
            }
        });
        senders.push(sink);
    }
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
    for n in 0..rate * secs {
        ticker.tick().await;
        let at = started.elapsed().as_nanos() as u64;
        let sink = &mut senders[n as usize % clients];
        sink.send(Message::Text(at.to_string().into())).await.expect("echo send");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut sorted = samples.lock().unwrap().clone();
    sorted.sort();
    let percentile = |p: f64| sorted.get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1))).map(|d| d.as_secs_f64() * 1e3).unwrap_or(0.0);
    let (p50_ms, p99_ms, p999_ms) = (percentile(0.5), percentile(0.99), percentile(0.999));
    drop(senders);
    // The peak: 64 fresh sockets each keep one frame in flight for a second.
    let answered = Arc::new(AtomicU64::new(0));
    let peak_started = Instant::now();
    let until = peak_started + Duration::from_secs(1);
    let mut pingers = Vec::new();
    for _ in 0..64 {
        let (mut socket, _) = tokio_tungstenite::connect_async(format!("ws://{address}/")).await.expect("echo connects");
        let answered = answered.clone();
        pingers.push(tokio::spawn(async move {
            while Instant::now() < until {
                if socket.send(Message::Text("ping".into())).await.is_err() {
                    break;
                }
                match socket.next().await {
                    Some(Ok(_)) => answered.fetch_add(1, Ordering::Relaxed),
                    _ => break,
                };
            }
        }));
    }
    for pinger in pingers {
        let _ = pinger.await;
    }
    let peak_per_sec = answered.load(Ordering::Relaxed) as f64 / peak_started.elapsed().as_secs_f64();
    Echo { rate, p50_ms, p99_ms, p999_ms, peak_per_sec }
}
