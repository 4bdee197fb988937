//! Cold start (#18 item 5): a SurrealKV store with 100,000 client chats and
//! 1,000,000 messages, opened by a fresh process as the server opens it.
//! Prints how long until the server is ready (schema checked, the chat
//! index loaded from every chat, the live subscriptions running), then how
//! long an operator who may see every chat waits for the counters and the
//! first page of a list, and checks the counters against a count in the
//! database.
//!
//! `make cold-start` (`CHATS=N`, `MESSAGES=N` per chat, `SEED_DIR=…`; the
//! store is seeded once into `SEED_DIR`, default `~/.cache/chats-seed`, and
//! reused by later runs). The seeded messages are not in the words index
//! (the filter's full-text search), which a real store would have built as
//! they arrived.

use std::time::Instant;

use chats::model::lists::ChatList;
use chats::server::chats::lists;
use chats::server::live::counts;
use chats::server::people::auth;
use chats::server::startup::open_state;

fn env(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let chats = env("CHATS", 100_000);
    let per_chat = env("MESSAGES", 10);
    let dir = std::env::var("SEED_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| {
        std::path::PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/chats-seed").join(format!("{chats}-{per_chat}"))
    });
    let url = format!("surrealkv://{}", dir.join("db").display());
    match std::env::var("COLD_ROLE").as_deref() {
        Ok("measure") => return measure(&url, chats).await,
        Ok("seed") => return seed(&url, chats, per_chat).await,
        _ => {}
    }
    // Each step in a process of its own: a store stays locked while any of
    // the server's background tasks holds it.
    let run = |role: &str| {
        let status = std::process::Command::new(std::env::current_exe().unwrap()).env("COLD_ROLE", role).status().expect("a child process runs");
        assert!(status.success(), "the {role} step failed");
    };
    if !dir.join("seeded").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the seed folder");
        run("seed");
        std::fs::write(dir.join("seeded"), "").expect("the seed mark");
    } else {
        println!("reusing the store seeded in {}", dir.display());
    }
    // A fresh process, as a restarted server is.
    for round in 1..=3 {
        println!("\nrestart {round}:");
        run("measure");
    }
}

/// `chats` client chats in two rooms, `per_chat` messages each, written in
/// batches of 500 chats (each chat, its user and its messages in one go).
async fn seed(url: &str, chats: i64, per_chat: i64) {
    let state = open_state(url, true).await.expect("store opens");
    let started = Instant::now();
    let now = chats::server::clock::now_ms();
    for batch in (0..chats).collect::<Vec<_>>().chunks(500) {
        state
            .db
            .query(
                "BEGIN;
                 FOR $i IN $batch {
                    LET $room = IF $i % 2 = 0 { room:support } ELSE { room:sales };
                    LET $at = $now - $i * 60000;
                    LET $user = CREATE ONLY user SET name = 'Клиент ' + <string>$i, token_hash = <string>rand::uuid(),
                        room = $room, source = source:support_widget, created_ms = $at RETURN VALUE id;
                    LET $chat = CREATE ONLY chat SET room = $room, source = source:support_widget,
                        status = IF $i % 3 = 0 { chat_status:closed } ELSE { chat_status:active },
                        responsible = IF $i % 5 = 0 { NONE } ELSE { employee:anna },
                        user = $user, created_ms = $at, last_seq = $per_chat, last_at_ms = $at + $per_chat * 1000,
                        waiting_since_ms = IF $i % 5 = 0 { $at } ELSE { NONE },
                        last_author = 'Клиент', last_text = 'Сообщение ' + <string>$per_chat + ' по заказу ' + <string>$i RETURN VALUE id;
                    FOR $seq IN 1..=$per_chat {
                        CREATE message SET chat = $chat, seq = $seq,
                            author_kind = IF $seq % 2 = 1 { 'visitor' } ELSE { 'employee' },
                            author_employee = IF $seq % 2 = 1 { NONE } ELSE { employee:anna },
                            author_name = IF $seq % 2 = 1 { 'Клиент ' + <string>$i } ELSE { 'Анна' },
                            text = 'Сообщение ' + <string>$seq + ' по заказу ' + <string>$i, at_ms = $at + $seq * 1000,
                            client_id = <string>rand::uuid();
                    };
                 };
                 COMMIT;",
            )
            .bind(("batch", batch.to_vec()))
            .bind(("now", now))
            .bind(("per_chat", per_chat))
            .await
            .and_then(|r| r.check())
            .expect("seed");
        let done = batch.last().copied().unwrap_or(0) + 1;
        if done % 10_000 == 0 {
            println!("  {done} chats, {} messages ({:.0} s)", done * per_chat, started.elapsed().as_secs_f64());
        }
    }
    println!("seeded {chats} chats and {} messages in {:.0} s", chats * per_chat, started.elapsed().as_secs_f64());
    std::process::exit(0);
}

/// One restart: open, wait until ready, then Анна's counters and first page.
async fn measure(url: &str, chats: i64) {
    let started = Instant::now();
    let state = open_state(url, false).await.expect("store opens");
    let opened = started.elapsed();
    state.chat_index.ready().await;
    let ready = started.elapsed();
    println!("  store opened and schema checked in {:.0} ms; ready (every chat in the index) {:.0} ms after start", opened.as_secs_f64() * 1e3, ready.as_secs_f64() * 1e3);
    let token = auth::login(&state, "anna@demo.local", "demo1234").await.expect("Анна signs in");
    let anna = auth::actor_for_session(&state, &token).await.unwrap();
    let asked = Instant::now();
    let loaded = counts::all(&state, &anna).await.expect("counters");
    let counted = asked.elapsed();
    let page = lists::page(&state, &anna, "support", ChatList::All, None, 50).await.expect("a page");
    let paged = asked.elapsed();
    println!(
        "  Анна (every room): counters in {:.1} ms, then the first page of «Все» ({} chats) at {:.1} ms",
        counted.as_secs_f64() * 1e3,
        page.rows.len(),
        paged.as_secs_f64() * 1e3
    );
    // The counters against a count in the database.
    let mut response = state
        .db
        .query("RETURN (SELECT count() AS n FROM chat WHERE room = room:support AND deleted != true GROUP ALL)[0].n")
        .await
        .unwrap();
    let in_db: Option<i64> = response.take(0).unwrap();
    let served = loaded.rooms.get("support").map(|r| r.all.total as i64).unwrap_or(0);
    println!("  «Поддержка» «Все»: served {served}, counted in the database {}", in_db.unwrap_or(0));
    assert_eq!(Some(served), in_db, "the counters are exact");
    let mut response = state
        .db
        .query("RETURN [(SELECT count() AS n FROM chat GROUP ALL)[0].n, (SELECT count() AS n FROM message GROUP ALL)[0].n, (SELECT count() AS n FROM chat WHERE room = room:support GROUP ALL)[0].n]")
        .await
        .unwrap();
    let totals: Vec<Option<i64>> = response.take(0).unwrap();
    println!("  in the store: {:?} chats, {:?} messages, {:?} chats in «Поддержка»", totals[0], totals[1], totals[2]);
    // The demo has 5 chats besides the seeded ones.
    if totals[0].unwrap_or(0) < chats + 5 {
        println!("  MISSING: {} of the {chats} seeded chats were acknowledged but are not in the store (see docs/performance.md, «Cold start»)", chats + 5 - totals[0].unwrap_or(0));
    }
    std::process::exit(0);
}
