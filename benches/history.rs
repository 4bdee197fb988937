//! Benchmark: reading a page of a 100,000-message chat (#13) through the
//! service layer on an embedded SurrealKV store: the newest page (opening
//! the chat), pages before random points (scrolling up) and the widget's
//! resume. Run: `make bench-history` (MESSAGES=N); figures in docs/performance.md.

use std::time::{Duration, Instant};

use chats::model::message::HistoryWindow;
use chats::server::chats::messages;
use chats::server::people::{auth, visitors};
use chats::server::startup::open_state;

/// How many random pages to read (`PAGES`, 500 by default).
fn samples_n() -> usize {
    std::env::var("PAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(500)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<42} n={:<5} p50={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms",
        samples.len(),
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3,
    );
}

#[tokio::main]
async fn main() {
    let total: i64 = std::env::var("MESSAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("chats-bench-history-{}", std::process::id()));
    let state = open_state(&format!("surrealkv://{}", dir.display()), true).await.expect("store opens");
    let token = auth::login(&state, "anna@demo.local", "demo1234").await.unwrap();
    let anna = auth::actor_for_session(&state, &token).await.unwrap();

    // One visitor chat, its first message sent normally, the rest written in bulk.
    let session = visitors::start(&state, "support", "Долгий Разговор").await.unwrap();
    let first = visitors::send(&state, &session.token, "bulk-0000001", "Сообщение 1").await.unwrap();
    let chat = surrealdb::types::RecordId::new("chat", first.chat.as_str());
    let started = Instant::now();
    for from in (2..=total).step_by(10_000) {
        let seqs: Vec<i64> = (from..(from + 10_000).min(total + 1)).collect();
        state
            .db
            .query(
                "FOR $seq IN $seqs {
                    CREATE message SET chat = $chat, seq = $seq, author_kind = 'visitor', author_name = 'Долгий Разговор',
                        text = 'Сообщение ' + <string>$seq, at_ms = $now + $seq, client_id = 'bulk-' + <string>$seq;
                 };
                 UPDATE $chat SET last_seq = math::max([last_seq, array::max($seqs)]);",
            )
            .bind(("seqs", seqs))
            .bind(("chat", chat.clone()))
            .bind(("now", first.at_ms))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    println!("wrote {total} messages in {:.1} s", started.elapsed().as_secs_f64());

    let mut samples = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let page = messages::history(&state, &anna, &first.chat, HistoryWindow::Latest).await.unwrap();
        samples.push(t.elapsed());
        assert_eq!(page.messages.last().map(|m| m.seq), Some(total));
    }
    report("newest page (opening the chat)", samples);

    // How the store plans a page's query (printed once, for docs/performance.md).
    for (name, sql) in [
        ("range", "SELECT id, seq FROM message WHERE chat = $chat AND seq >= $from AND seq <= $to LIMIT 100 EXPLAIN"),
    ] {
        let mut response = state
            .db
            .query(sql)
            .bind(("chat", chat.clone()))
            .bind(("from", total / 2))
            .bind(("to", total / 2 + 99))
            .await
            .unwrap();
        let plan: surrealdb::types::Value = response.take(0).unwrap();
        println!("plan ({name}): {}", serde_json::to_string(&plan.into_json_value()).unwrap_or_default());
    }

    // Scrolling up from random points: a cheap LCG keeps the run reproducible.
    let mut x: u64 = 12345;
    let mut samples = Vec::new();
    for _ in 0..samples_n() {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let before = 2 + (x >> 33) as i64 % (total - 1);
        let t = Instant::now();
        let page = messages::history(&state, &anna, &first.chat, HistoryWindow::Before(before)).await.unwrap();
        samples.push(t.elapsed());
        assert_eq!(page.messages.last().map(|m| m.seq), Some(before - 1));
    }
    report("page before a random point (scrolling up)", samples);

    let mut samples = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let resumed = visitors::resume(&state, &session.token, 0).await.unwrap();
        samples.push(t.elapsed());
        assert_eq!(resumed.messages.len(), 100);
    }
    report("widget resume (newest page)", samples);
    let _ = std::fs::remove_dir_all(&dir);
}
