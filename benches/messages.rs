//! Benchmark: message writes, chat-list reads and live delivery through the
//! service layer on an embedded SurrealKV store (sync on every commit).
//! Run: `make bench` (see docs/performance.md for recorded figures).

use std::time::{Duration, Instant};

use chats::model::live::LiveEvent;
use chats::model::message::NewMessage;
use chats::server::people::auth;
use chats::server::chats::summary::visible_chats;
use chats::server::live::{decode, Audience};
use chats::server::chats::messages;
use chats::server::startup::open_state;
use chats::server::people::visitors;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut samples: Vec<Duration>, total: Duration) {
    samples.sort();
    println!(
        "{name:<38} n={:<6} {:>8.0}/s  p50={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms",
        samples.len(),
        samples.len() as f64 / total.as_secs_f64(),
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3,
    );
}

#[tokio::main]
async fn main() {
    let chats_count: usize = std::env::var("CHATS").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let sends: usize = std::env::var("SENDS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let dir = std::env::temp_dir().join(format!("chats-bench-{}", std::process::id()));
    let mut state = open_state(&format!("surrealkv://{}", dir.display()), true).await.expect("store opens");
    // The benchmark opens more chats a minute than the widget's rate limits allow: off.
    state.limits = std::sync::Arc::new(chats::server::limits::Limits::new(chats::server::limits::LimitConfig::off()));
    let token = auth::login(&state, "boris@demo.local", "demo1234").await.unwrap();
    let boris = auth::actor_for_session(&state, &token).await.unwrap();

    // Visitors open chats: each first message creates a chat.
    let mut chat_ids = Vec::with_capacity(chats_count);
    let mut samples = Vec::with_capacity(chats_count);
    let started = Instant::now();
    for i in 0..chats_count {
        let t = Instant::now();
        let session = visitors::start(&state, "support", &format!("Посетитель {i}")).await.unwrap();
        visitors::send(&state, &session.token, &format!("first-{i:06}"), "Здравствуйте!").await.unwrap();
        samples.push(t.elapsed());
        chat_ids.push(visitors::authenticate(&state, &session.token).await.unwrap().chat_key());
    }
    report("visitor start + first message", samples, started.elapsed());

    // One operator answering, sequentially.
    let mut samples = Vec::with_capacity(sends);
    let started = Instant::now();
    for i in 0..sends {
        let chat = chat_ids[i % chat_ids.len()].clone();
        let t = Instant::now();
        messages::send_as_employee(&state, &boris, NewMessage { chat, client_id: format!("seq-{i:07}"), text: "Ответ оператора".into(), note: false, files: vec![] })
            .await
            .unwrap();
        samples.push(t.elapsed());
    }
    report("operator send (1 writer)", samples, started.elapsed());

    // Eight operators at once, each on its own chats.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (state, boris, ids) = (state.clone(), boris.clone(), chat_ids.clone());
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            for i in 0..sends / 8 {
                let chat = ids[(w + i * 8) % ids.len()].clone();
                let t = Instant::now();
                messages::send_as_employee(&state, &boris, NewMessage { chat, client_id: format!("par-{w}-{i:06}"), text: "Параллельно".into(), note: false, files: vec![] })
                    .await
                    .unwrap();
                samples.push(t.elapsed());
            }
            samples
        }));
    }
    let mut samples = Vec::new();
    for task in tasks {
        samples.extend(task.await.unwrap());
    }
    report("operator send (8 writers)", samples, started.elapsed());

    // The whole chat list of an operator (what a workspace loads on connect).
    let mut samples = Vec::new();
    let started = Instant::now();
    for _ in 0..20 {
        let t = Instant::now();
        let rows = visible_chats(&state, &boris).await.unwrap();
        assert!(rows.len() >= chats_count);
        samples.push(t.elapsed());
    }
    report(&format!("chat list load ({} chats)", chats_count + 3), samples, started.elapsed());

    // Send → live event at a watching connection.
    let (id, mut events) = state.hub.register(Audience::Employee { actor: boris.clone(), session_hash: "bench".into() });
    let chat = chat_ids[0].clone();
    state.hub.watch(id, Some(chat.clone()));
    let mut samples = Vec::new();
    let started = Instant::now();
    for i in 0..200 {
        let t = Instant::now();
        let sent = messages::send_as_employee(&state, &boris, NewMessage { chat: chat.clone(), client_id: format!("live-{i:06}"), text: "live".into(), note: false, files: vec![] })
            .await
            .unwrap();
        loop {
            match tokio::time::timeout(Duration::from_secs(5), events.recv()).await.map(|f| f.and_then(|f| decode(&f))) {
                Ok(Some(LiveEvent::Message { message })) if message.id == sent.id => break,
                Ok(Some(_)) => continue,
                other => panic!("live event missing: {other:?}"),
            }
        }
        samples.push(t.elapsed());
    }
    report("send → live event (1 watcher)", samples, started.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}
