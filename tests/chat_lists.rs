//! The chat lists a page at a time, with exact counters (#12), over SurrealDB
//! `mem://` with the demo workspace: pages cut a list without gaps or
//! repeats; the server's counters equal a count over every visible chat; a
//! new inquiry and a read move them live, to those who see the chat only.

#![cfg(feature = "server")]

mod common;

use std::collections::HashSet;

use chats::model::chat::ChatRow;
use chats::model::lists::{count_list, list_rows, ChatList, RoomCounts};
use chats::model::live::LiveEvent;
use chats::server::chats::{lists, messages, summary::visible_chats};
use chats::server::live::{counts, decode, Audience, Frame};
use chats::server::people::visitors;
use chats::server::rights::Actor;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use common::{signed_in, wait_for};

async fn demo() -> AppState {
    open_state("mem://", true).await.expect("in-memory database opens")
}

/// A visitor writes in `room`: a new inquiry. Its chat key.
async fn inquiry(state: &AppState, room: &str, name: &str) -> String {
    inquiry_by(state, room, name).await.1
}

/// A new inquiry: the visitor's token and the chat key.
async fn inquiry_by(state: &AppState, room: &str, name: &str) -> (String, String) {
    let session = visitors::start(state, room, name).await.unwrap();
    visitors::send(state, &session.token, &format!("first-{}", session.token.chars().take(12).collect::<String>()), "Здравствуйте").await.unwrap();
    let chat = visitors::authenticate(state, &session.token).await.unwrap().chat_key();
    (session.token, chat)
}

/// Every room's counters counted the old way: over every chat the actor may
/// see, read from the database.
async fn counted_from_the_database(state: &AppState, actor: &Actor, room: &str) -> RoomCounts {
    let rows = visible_chats(state, actor).await.unwrap();
    let list = |list| count_list(&rows, room, list, &actor.id);
    let waiting = rows.iter().filter(|r| r.chat.room == room && r.unread() > 0 && r.chat.notifies(&actor.id)).count();
    RoomCounts { new: list(ChatList::New), mine: list(ChatList::Mine), all: list(ChatList::All), deleted: list(ChatList::Deleted), waiting }
}

async fn served_counts(state: &AppState, actor: &Actor, room: &str) -> RoomCounts {
    counts::all(state, actor).await.unwrap().rooms.get(room).copied().unwrap_or_default()
}

/// Every page of a list, in order.
async fn all_pages(state: &AppState, actor: &Actor, room: &str, list: ChatList, size: usize) -> Vec<Vec<ChatRow>> {
    let mut pages = Vec::new();
    let mut after = None;
    loop {
        let page = lists::page(state, actor, room, list, after, size).await.unwrap();
        assert!(page.rows.len() <= size, "a page holds at most its size");
        pages.push(page.rows);
        match page.next {
            Some(next) => after = Some(next),
            None => return pages,
        }
    }
}

#[tokio::test]
async fn pages_cut_each_list_without_gaps_or_repeats_and_the_counters_count_every_chat() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    for i in 0..23 {
        inquiry(&state, "support", &format!("Клиент {i:02}")).await;
    }
    // The index follows the database's live stream.
    wait_for("the index to hold every chat", || async {
        served_counts(&state, &anna, "support").await == counted_from_the_database(&state, &anna, "support").await
    })
    .await;

    let rows = visible_chats(&state, &anna).await.unwrap();
    for list in [ChatList::New, ChatList::Mine, ChatList::All, ChatList::Deleted] {
        let pages = all_pages(&state, &anna, "support", list, 10).await;
        let paged: Vec<String> = pages.iter().flatten().map(|r| r.chat.id.clone()).collect();
        let unique: HashSet<&String> = paged.iter().collect();
        assert_eq!(unique.len(), paged.len(), "{list:?}: no chat on two pages");
        let expected: Vec<String> = list_rows(&rows, "support", list, &anna.id).iter().map(|r| r.chat.id.clone()).collect();
        assert_eq!(paged, expected, "{list:?}: the pages, in order, are the whole list");
        if list == ChatList::All {
            assert!(pages.len() >= 3, "23 inquiries and more make three pages of ten");
            assert_eq!(pages[0].len(), 10);
        }
    }
    let before = served_counts(&state, &anna, "support").await;
    assert!(before.new.total >= 23 && before.new.unread >= 23, "{before:?}");
    assert_eq!(before, counted_from_the_database(&state, &anna, "support").await);

    // Reading one moves only its unread mark; the total stays.
    let first = &all_pages(&state, &anna, "support", ChatList::New, 5).await[0][0];
    assert!(first.unread() > 0);
    messages::mark_read(&state, &anna, &first.chat.id, first.chat.last_seq).await.unwrap();
    let after = served_counts(&state, &anna, "support").await;
    assert_eq!(after.new.unread, before.new.unread - 1);
    assert_eq!(after.new.total, before.new.total);
    assert_eq!(after, counted_from_the_database(&state, &anna, "support").await);
}

#[tokio::test]
async fn a_room_page_holds_only_chats_the_caller_may_see() {
    let state = demo().await;
    let vera = signed_in(&state, "vera").await;
    let chat = inquiry(&state, "support", "Чужой Клиент").await;
    wait_for("the index to hold the chat", || async { state.chat_index.get(&chat).is_some() }).await;
    let visible: HashSet<String> = visible_chats(&state, &vera).await.unwrap().into_iter().map(|r| r.chat.id).collect();
    for list in [ChatList::New, ChatList::All] {
        for row in all_pages(&state, &vera, "support", list, 50).await.into_iter().flatten() {
            assert!(visible.contains(&row.chat.id), "{} is not Vera's to see", row.chat.id);
        }
    }
    assert!(lists::row(&state, &vera, &chat).await.is_err() || visible.contains(&chat), "one chat by id: the same rule");
}

/// The counters of `room` sent to a connection within a short while, last first.
async fn counts_sent(events: &mut tokio::sync::mpsc::Receiver<Frame>, room: &str) -> Vec<RoomCounts> {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let mut seen = Vec::new();
    while let Ok(frame) = events.try_recv() {
        if let Some(LiveEvent::Counts { room: r, counts, .. }) = decode(&frame) {
            if r == room {
                seen.push(counts);
            }
        }
    }
    seen.reverse();
    seen
}

#[tokio::test]
async fn counters_move_live_for_those_who_see_the_chat_and_only_when_they_change() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    counts::ensure_reads(&state, &anna).await.unwrap();
    state.chat_index.ready().await;
    let before = served_counts(&state, &anna, "support").await;
    let (_id, mut events) = state.hub.register(Audience::Employee { actor: anna.clone(), session_hash: "a".into() });

    let (token, chat) = inquiry_by(&state, "support", "Живой Клиент").await;
    let mut latest: Option<RoomCounts> = None;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while latest.is_none_or(|c| c.new.total != before.new.total + 1) {
        assert!(std::time::Instant::now() < deadline, "the new inquiry was not counted live: {latest:?}");
        if let Some(counts) = counts_sent(&mut events, "support").await.first() {
            latest = Some(*counts);
        }
    }
    let live = latest.unwrap();
    assert_eq!(live.new.unread, before.new.unread + 1);
    assert_eq!(live, counted_from_the_database(&state, &anna, "support").await, "live counters are exact");

    // Her read: one count, with the inquiry read; the chat's next copy says how far she read.
    let last_seq = state.chat_index.get(&chat).unwrap().last_seq;
    messages::mark_read(&state, &anna, &chat, last_seq).await.unwrap();
    let sent = counts_sent(&mut events, "support").await;
    assert_eq!(sent.first().map(|c| c.new.unread), Some(before.new.unread), "{sent:?}");
    // A read of the same position again changes nothing, and sends nothing.
    messages::mark_read(&state, &anna, &chat, last_seq).await.unwrap();
    assert!(counts_sent(&mut events, "support").await.is_empty(), "an unchanged count is not sent again");

    // The chat changes again: the copy sent to her says how far she read,
    // for a tab that holds no page with this chat.
    visitors::send(&state, &token, "second-message-1", "Ещё вопрос").await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    'copy: loop {
        assert!(std::time::Instant::now() < deadline, "the chat's new copy did not come");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        while let Ok(frame) = events.try_recv() {
            if let Some(LiveEvent::Chat { chat: copy, read_seq }) = decode(&frame) {
                if copy.id == chat && copy.last_seq == last_seq + 1 {
                    assert_eq!(read_seq, last_seq, "her read position comes with the chat");
                    break 'copy;
                }
            }
        }
    }

    let reader = signed_in(&state, "boris").await;
    let (_b, mut boris_events) = state.hub.register(Audience::Employee { actor: reader, session_hash: "b".into() });
    let _ = counts_sent(&mut boris_events, "support").await;
    messages::mark_read(&state, &anna, &chat, last_seq).await.unwrap();
    assert!(counts_sent(&mut boris_events, "support").await.is_empty(), "Anna's read is hers alone");
}

/// The last counters of `room` sent to a connection, waiting until the
/// live stream has settled and they equal the database's count for `actor`.
async fn settled_counts(state: &AppState, actor: &Actor, events: &mut tokio::sync::mpsc::Receiver<Frame>, room: &str, held: &mut RoomCounts) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(latest) = counts_sent(events, room).await.first() {
            *held = *latest;
        }
        let expected = counted_from_the_database(state, actor, room).await;
        if *held == expected {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "live counters {held:?} never reached the database's {expected:?}");
    }
}

#[tokio::test]
async fn counters_moved_change_by_change_stay_equal_to_a_full_count() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    let boris = signed_in(&state, "boris").await;
    // Anna's tab loaded her counters; from now on they only move by differences.
    let mut held = served_counts(&state, &anna, "support").await;
    let (_id, mut events) = state.hub.register(Audience::Employee { actor: anna.clone(), session_hash: "a".into() });

    let first = inquiry(&state, "support", "Первый").await;
    settled_counts(&state, &anna, &mut events, "support", &mut held).await;
    let second = inquiry(&state, "support", "Второй").await;
    settled_counts(&state, &anna, &mut events, "support", &mut held).await;
    let new_before = held.new.total;

    // Борис takes one: it leaves «Новые».
    chats::server::chats::actions::assign_responsible(&state, &boris, &first, &boris.id).await.unwrap();
    settled_counts(&state, &anna, &mut events, "support", &mut held).await;
    assert_eq!(held.new.total, new_before - 1);
    // Анна takes the other: it enters «Мои».
    chats::server::chats::actions::assign_responsible(&state, &anna, &second, &anna.id).await.unwrap();
    settled_counts(&state, &anna, &mut events, "support", &mut held).await;
    assert!(held.mine.total >= 1);
    // Deleted, then restored.
    chats::server::chats::actions::delete(&state, &anna, &first).await.unwrap();
    settled_counts(&state, &anna, &mut events, "support", &mut held).await;
    assert!(held.deleted.total >= 1);
    chats::server::chats::actions::restore(&state, &anna, &first).await.unwrap();
    settled_counts(&state, &anna, &mut events, "support", &mut held).await;
    // Read, then a new message from the client makes it unread again.
    let last = state.chat_index.get(&second).unwrap().last_seq;
    messages::mark_read(&state, &anna, &second, last).await.unwrap();
    settled_counts(&state, &anna, &mut events, "support", &mut held).await;
    // Erased for good: it leaves every list.
    chats::server::chats::actions::delete(&state, &anna, &first).await.unwrap();
    chats::server::chats::actions::erase(&state, &anna, &first).await.unwrap();
    settled_counts(&state, &anna, &mut events, "support", &mut held).await;
}

#[tokio::test]
async fn the_index_load_reads_the_same_summaries_as_one_chat_at_a_time() {
    let state = demo().await;
    inquiry(&state, "support", "Проверка Загрузки").await;
    let mut loaded = chats::server::chats::summary::all_summaries(&state).await.unwrap();
    let ids: Vec<String> = loaded.iter().map(|c| c.id.clone()).collect();
    let mut one_by_one = chats::server::chats::summary::summaries(&state, &ids).await.unwrap();
    loaded.sort_by(|a, b| a.id.cmp(&b.id));
    one_by_one.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(loaded.iter().any(|c| !c.participants.is_empty() && c.client_name.is_none()), "an internal chat with named participants is among them");
    assert!(loaded.iter().any(|c| c.client_name.is_some() && c.responsible.is_some()), "a client's chat with a responsible is among them");
    assert_eq!(loaded, one_by_one);
}
