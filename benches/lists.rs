//! Benchmark: the chat lists over 100,000 chats (#12) on an embedded SurrealKV
//! store: what a workspace's first screen costs (the counters and one page)
//! against the whole list it loaded before, the counters a chat change
//! costs per employee, and how long the index takes to read every chat.
//! Run: `make bench-lists` (CHATS=100000 by default; see docs/performance.md).

use std::time::{Duration, Instant};

use chats::model::lists::ChatList;
use chats::server::chats::{lists, summary::visible_chats};
use chats::server::live::counts;
use chats::server::people::auth;
use chats::server::startup::open_state;

/// This process's resident memory, in MB (Linux).
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    kb / 1024.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median and the slowest of `rounds` runs of `work`, in ms.
async fn timed<F, Fut, T>(rounds: usize, mut work: F) -> (f64, f64, T)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut times = Vec::with_capacity(rounds);
    let mut last = None;
    for _ in 0..rounds {
        let started = Instant::now();
        last = Some(work().await);
        times.push(ms(started.elapsed()));
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[times.len() / 2], times[times.len() - 1], last.unwrap())
}

#[tokio::main]
async fn main() {
    let count: i64 = std::env::var("CHATS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("chats-lists-bench-{}", std::process::id()));
    let url = format!("surrealkv://{}", dir.display());
    let state = open_state(&url, true).await.expect("store opens");
    let token = auth::login(&state, "anna@demo.local", "demo1234").await.unwrap();
    let anna = auth::actor_for_session(&state, &token).await.unwrap();

    let started = Instant::now();
    let now = chats::server::clock::now_ms();
    for batch in (0..count).collect::<Vec<_>>().chunks(1000) {
        state
            .db
            .query(
                "BEGIN;
                 FOR $i IN $batch {
                    LET $room = IF $i % 2 = 0 { room:support } ELSE { room:sales };
                    LET $at = $now - $i * 60000;
                    LET $user = CREATE ONLY user SET name = 'Клиент ' + <string>$i, token_hash = <string>rand::uuid(),
                        room = $room, source = source:support_widget, created_ms = $at RETURN VALUE id;
                    CREATE chat SET room = $room, source = source:support_widget,
                        status = IF $i % 3 = 0 { chat_status:closed } ELSE { chat_status:active },
                        responsible = IF $i % 5 = 0 { NONE } ELSE { employee:anna },
                        user = $user, created_ms = $at, last_seq = 2, last_at_ms = $at + 1000,
                        last_author = 'Клиент', last_text = 'Здравствуйте, вопрос по заказу ' + <string>$i;
                 };
                 COMMIT;",
            )
            .bind(("batch", batch.to_vec()))
            .bind(("now", now))
            .await
            .and_then(|r| r.check())
            .expect("seed");
    }
    println!("seeded {count} chats in {:.1} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    while counts::all(&state, &anna).await.unwrap().rooms.values().map(|r| r.all.total as i64).sum::<i64>() < count {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("the live stream brought them all into the index {:.1} s after the last write; the process holds {:.0} MB", started.elapsed().as_secs_f64(), rss_mb());
    // What a restart costs: the fan-out reads every chat once before the
    // lists answer (the same query, timed here).
    let (median, slowest, all) = timed(3, || chats::server::chats::summary::all_summaries(&state)).await;
    println!("reading every chat's summary at start (the index's load): median {:.2} s, slowest {:.2} s, {} chats", median / 1000.0, slowest / 1000.0, all.unwrap().len());

    println!("\n| what one workspace asks for ({count} chats) | median ms | slowest ms | JSON |");
    println!("|---|---:|---:|---:|");
    let (median, slowest, all) = timed(5, || visible_chats(&state, &anna)).await;
    let bytes = serde_json::to_vec(&all.unwrap()).unwrap().len();
    println!("| before #12: every visible chat (`visible_chats`) | {median:.0} | {slowest:.0} | {:.1} MB |", bytes as f64 / 1e6);
    let (median, slowest, loaded) = timed(20, || counts::all(&state, &anna)).await;
    let bytes = serde_json::to_vec(&loaded.unwrap()).unwrap().len();
    println!("| every room's counters (`/api/chats/counts`) | {median:.1} | {slowest:.1} | {bytes} B |");
    let mut loaded_first = String::new();
    for list in [ChatList::New, ChatList::Mine, ChatList::All] {
        let (median, slowest, page) = timed(20, || lists::page(&state, &anna, "support", list, None, 50)).await;
        let page = page.unwrap();
        loaded_first = page.rows[0].chat.id.clone();
        let bytes = serde_json::to_vec(&page).unwrap().len();
        println!("| first page of «{list:?}» in one room (50 chats) | {median:.1} | {slowest:.1} | {:.1} kB |", bytes as f64 / 1e3);
    }
    let (median, slowest, _) = timed(50, || async { state.chat_index.room_counts(&anna, "support") }).await;
    println!("| one room's counters counted afresh (a tab's first change after it connects) | {median:.2} | {slowest:.2} | |");
    // A chat changing while Анна's tab is connected with her counters held:
    // the index takes the copy and her counters move by the difference.
    let (_tab, _events) = state.hub.register(chats::server::live::Audience::Employee { actor: anna.clone(), session_hash: "bench".into() });
    counts::all(&state, &anna).await.unwrap();
    let mut chat = state.chat_index.get(&loaded_first).expect("a chat");
    let (median, slowest, _) = timed(1000, || {
        chat.rev += 1;
        chat.last_seq += 1;
        let copy = chat.clone();
        let state = &state;
        async move { counts::chat_updated(state, copy).unwrap() }
    })
    .await;
    println!("| a chat changed: index and counters of 1 connected employee (by difference) | {median:.3} | {slowest:.3} | |");

    let _ = std::fs::remove_dir_all(&dir);
}
