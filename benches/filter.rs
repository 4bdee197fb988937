//! Benchmark: the chat filter (W9) over 10,000 chats and 20,000 messages on
//! an embedded SurrealKV store: words through the full-text index, the
//! client's name, room + status, one client's chats (C16).
//! Run: `make bench-filter` (CHATS=10000 by default; see docs/performance.md).

use std::time::{Duration, Instant};

use chats::model::filter::ChatFilter;
use chats::server::people::auth;
use chats::server::chats::filter::filter_chats;
use chats::server::startup::open_state;

/// What visitors write; every chat gets one of these plus its own number.
const TEXTS: [&str; 6] = [
    "Здравствуйте, не могу оплатить заказ картой",
    "Где посмотреть статус доставки?",
    "Прошу выставить счёт на лицензии",
    "Не приходит письмо для восстановления пароля",
    "Хочу вернуть товар, что нужно сделать?",
    "Подскажите, есть ли скидки для школ",
];

#[tokio::main]
async fn main() {
    let count: i64 = std::env::var("CHATS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("chats-filter-bench-{}", std::process::id()));
    let mut state = open_state(&format!("surrealkv://{}", dir.display()), true).await.expect("store opens");
    // The benchmark opens more chats a minute than the widget's rate limits allow: off.
    state.limits = std::sync::Arc::new(chats::server::limits::Limits::new(chats::server::limits::LimitConfig::off()));
    let token = auth::login(&state, "anna@demo.local", "demo1234").await.unwrap();
    let anna = auth::actor_for_session(&state, &token).await.unwrap();

    let started = Instant::now();
    let now = chats::server::clock::now_ms();
    for batch in (0..count).collect::<Vec<_>>().chunks(500) {
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
                        user = $user, created_ms = $at, last_seq = 2, last_at_ms = $at + 1000 RETURN VALUE id;
                    LET $first = CREATE ONLY message SET chat = $chat, seq = 1, author_kind = 'visitor', author_name = 'Клиент',
                        text = $texts[$i % 6] + ' (обращение ' + <string>$i + ')', at_ms = $at, client_id = <string>rand::uuid() RETURN VALUE id;
                    LET $second = CREATE ONLY message SET chat = $chat, seq = 2, author_kind = 'employee', author_employee = employee:anna,
                        author_name = 'Анна', text = 'Спасибо, проверяю', at_ms = $at + 1000, client_id = <string>rand::uuid() RETURN VALUE id;
                    CREATE type::record('search_pending', record::id($first));
                    CREATE type::record('search_pending', record::id($second));
                 };
                 COMMIT;",
            )
            .bind(("batch", batch.to_vec()))
            .bind(("now", now))
            .bind(("texts", TEXTS.to_vec()))
            .await
            .and_then(|r| r.check())
            .expect("seed");
    }
    println!("seeded {count} chats and {} messages in {:.1} s", count * 2, started.elapsed().as_secs_f64());
    let indexing = std::time::Instant::now();
    let indexed = chats::server::chats::search_index::catch_up(&state).await.expect("index the seeded messages");
    println!("indexed {indexed} messages for words in {:.1} s ({} a transaction)", indexing.elapsed().as_secs_f64(), chats::server::chats::search_index::BATCH);
    let some_user: String = state
        .db
        .query("SELECT VALUE record::id(user) FROM chat WHERE user != NONE LIMIT 1")
        .await
        .unwrap()
        .take::<Vec<String>>(0)
        .unwrap()
        .remove(0);

    let cases: Vec<(&str, ChatFilter)> = vec![
        ("words: one chat's number", ChatFilter { words: "обращение 4242".into(), ..Default::default() }),
        ("words: a sixth of all chats", ChatFilter { words: "доставки".into(), ..Default::default() }),
        ("client name contains", ChatFilter { client: "клиент 99".into(), ..Default::default() }),
        ("room + status", ChatFilter { room: Some("sales".into()), status: Some("closed".into()), ..Default::default() }),
        ("one client's chats (C16)", ChatFilter { user: Some(some_user), ..Default::default() }),
        ("source only (every chat)", ChatFilter { source: Some(chats::model::chat::Source::Widget), ..Default::default() }),
    ];
    for (name, filter) in cases {
        let mut samples: Vec<Duration> = Vec::new();
        let mut found = 0;
        for _ in 0..15 {
            let t = Instant::now();
            let result = filter_chats(&state, &anna, filter.clone()).await.expect("filter runs");
            samples.push(t.elapsed());
            found = result.total;
        }
        samples.sort();
        println!(
            "{name:<30} found={found:<6} p50={:>7.1} ms  max={:>7.1} ms",
            samples[samples.len() / 2].as_secs_f64() * 1e3,
            samples.last().unwrap().as_secs_f64() * 1e3
        );
    }
    drop(state);
    let _ = std::fs::remove_dir_all(&dir);
}
