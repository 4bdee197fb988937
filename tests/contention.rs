//! #18: a busy chat never refuses a message for contention. Sixteen senders
//! write into one chat at once, on worker threads, on an embedded SurrealKV
//! store: every send is stored once, with gapless numbers, and none had to be
//! retried for a write conflict (one writer task writes every send, many to
//! a transaction: group commit). Alone in its test binary, so the process's
//! counters are its own.

#![cfg(feature = "server")]

use chats::model::message::{HistoryWindow, NewMessage};
use chats::server::chats::{messages, summary};
use chats::server::people::auth;
use chats::server::startup::open_state;
use chats::server::chats::group_commit::batches_written;
use chats::server::store::db::conflicts_retried;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_concurrent_senders_into_one_chat_lose_nothing() {
    let dir = std::env::temp_dir().join(format!("chats-contention-{}", std::process::id()));
    let state = open_state(&format!("surrealkv://{}", dir.display()), true).await.unwrap();
    let token = auth::login(&state, "anna@demo.local", "demo1234").await.unwrap();
    let anna = auth::actor_for_session(&state, &token).await.unwrap();
    let chat = "staff_anna_boris";
    let before = summary::summary(&state, chat).await.unwrap().unwrap().last_seq;
    let (conflicts, batches) = (conflicts_retried(), batches_written());
    let mut tasks = Vec::new();
    for sender in 0..16 {
        let (state, anna) = (state.clone(), anna.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let key = format!("busy-{sender:02}-{i:03}");
                let new = NewMessage { chat: chat.into(), client_id: key.clone(), text: key, note: false, files: vec![] };
                messages::send_as_employee(&state, &anna, new).await.expect("no send is refused for contention");
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let after = summary::summary(&state, chat).await.unwrap().unwrap().last_seq;
    assert_eq!(after - before, 160, "every send stored exactly once");
    assert_eq!(conflicts_retried() - conflicts, 0, "one writer: no write conflict");
    let batches = batches_written() - batches;
    println!("160 sends in {batches} batches");
    assert!(batches < 160, "concurrent sends share transactions ({batches} batches for 160 sends)");
    let mut seqs = Vec::new();
    let mut window = HistoryWindow::After(0);
    loop {
        let page = messages::history(&state, &anna, chat, window).await.unwrap();
        seqs.extend(page.messages.iter().map(|m| m.seq));
        match page.messages.last() {
            Some(last) if page.has_newer => window = HistoryWindow::After(last.seq),
            _ => break,
        }
    }
    assert_eq!(seqs, (1..=after).collect::<Vec<_>>(), "gapless");
    drop(state);
    let _ = std::fs::remove_dir_all(&dir);
}
