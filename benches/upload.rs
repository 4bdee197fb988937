//! Benchmark: uploading and downloading a 20 MB file (#14) through the real
//! router over loopback TCP, into the default object store (a folder beside
//! an embedded SurrealKV database). Prints the throughput and how much the
//! process's resident memory grew while the file streamed through: an
//! upload is never held whole. Run: `make bench-upload` (MB=N, ROUNDS=N);
//! figures in docs/performance.md.

use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The process's resident memory now, in KiB (Linux).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

/// Samples the resident memory every 5 ms until stopped; returns the peak.
fn sample_peak() -> (std::sync::Arc<std::sync::atomic::AtomicBool>, std::thread::JoinHandle<u64>) {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let handle = std::thread::spawn(move || {
        let mut peak = 0;
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            peak = peak.max(rss_kib());
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        peak
    });
    (stop, handle)
}

/// One raw HTTP/1.1 request with a body written in 64 KiB chunks; returns the status line and body.
async fn request(address: &str, head: &str, size: usize) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![0x5au8; 64 * 1024];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        stream.write_all(&chunk[..n]).await.unwrap();
        left -= n;
    }
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4).unwrap_or(answer.len());
    let status = String::from_utf8_lossy(&answer[..answer.iter().position(|b| *b == b'\r').unwrap_or(0)]).to_string();
    (status, answer[split..].to_vec())
}

#[tokio::main]
async fn main() {
    let mb: usize = std::env::var("MB").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let size = mb * 1024 * 1024;
    let dir = std::env::temp_dir().join(format!("chats-bench-upload-{}", std::process::id()));
    std::env::set_var("MAX_FILE_MB", (mb + 1).to_string());
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let state = chats::server::startup::open_state(&format!("surrealkv://{}/db", dir.display()), true).await.expect("store opens");
    let router = chats::http::router(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let token = chats::server::people::auth::login(&state, "boris@demo.local", "demo1234").await.unwrap();
    let cookie = format!("{}={token}", chats::server::people::auth::SESSION_COOKIE);
    println!("{mb} MiB per file, {rounds} rounds, files in {}", state.files.describe);

    for round in 1..=rounds {
        let before = rss_kib();
        let (stop, peak) = sample_peak();
        let head = format!(
            "POST /api/files?chat=vivan HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\nx-file-name: bench.bin\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"
        );
        let started = Instant::now();
        let (status, body) = request(&address, &head, size).await;
        let upload = started.elapsed();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let peak = peak.join().unwrap();
        assert!(status.contains("200"), "{status}: {}", String::from_utf8_lossy(&body));
        let file: chats::model::attachment::Attachment = serde_json::from_slice(&body).unwrap();
        assert_eq!(file.size as usize, size);

        let head = format!("GET /api/files/{}?download=1 HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n", file.id);
        let started = Instant::now();
        let (status, body) = request(&address, &head, 0).await;
        let download = started.elapsed();
        assert!(status.contains("200"), "{status}");
        // Not sent in a message, so it is still the uploader's.
        assert_eq!(body.len(), size);
        println!(
            "round {round}: upload {:>7.1} MB/s ({:>6.0} ms)  download {:>7.1} MB/s ({:>5.0} ms)  RSS before {:>6} KiB, peak during upload +{:>6} KiB",
            mb as f64 / upload.as_secs_f64(),
            upload.as_secs_f64() * 1e3,
            mb as f64 / download.as_secs_f64(),
            download.as_secs_f64() * 1e3,
            before,
            peak.saturating_sub(before),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
