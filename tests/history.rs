//! History without a cap (#13): pages by `seq` for the workspace and the
//! widget, exact read positions, and the inquiry lifecycle (a visitor who
//! writes after a closed status or a deletion opens a new inquiry).

mod common;

use chats::model::lists::ChatList;
use chats::model::message::{HistoryWindow, NewMessage, HISTORY_PAGE};
use chats::model::problem::{Problem, Thing};
use chats::server::chats::{actions, messages};
use chats::server::chats::summary::{summary, visible_chats};
use chats::server::people::visitors;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use common::{problem, signed_in};

async fn demo() -> AppState {
    open_state("mem://", true).await.expect("in-memory database opens")
}

/// A visitor's chat in «Поддержка» with `count` messages.
async fn chat_with(state: &AppState, count: usize) -> (String, String) {
    let session = visitors::start(state, "support", "Долгий").await.unwrap();
    for i in 0..count {
        visitors::send(state, &session.token, &format!("long-{i:06}"), &format!("Сообщение {}", i + 1)).await.unwrap();
    }
    let chat = visitors::resume(state, &session.token, 0).await.unwrap().chat.unwrap();
    (session.token, chat)
}

fn seqs(page: &chats::model::message::HistoryPage) -> (i64, i64, usize) {
    (page.messages.first().map_or(0, |m| m.seq), page.messages.last().map_or(0, |m| m.seq), page.messages.len())
}

#[tokio::test]
async fn a_long_history_reads_page_by_page_to_the_first_message() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    let (_, chat) = chat_with(&state, 250).await;

    let latest = messages::history(&state, &anna, &chat, HistoryWindow::Latest).await.unwrap();
    assert_eq!(seqs(&latest), (151, 250, HISTORY_PAGE as usize));
    assert!(latest.has_older && !latest.has_newer);
    assert_eq!(latest.last_seq, 250);

    let middle = messages::history(&state, &anna, &chat, HistoryWindow::Before(151)).await.unwrap();
    assert_eq!(seqs(&middle), (51, 150, 100));
    assert!(middle.has_older && middle.has_newer);

    let first = messages::history(&state, &anna, &chat, HistoryWindow::Before(51)).await.unwrap();
    assert_eq!(seqs(&first), (1, 50, 50));
    assert!(!first.has_older);
    assert_eq!(first.messages[0].text, "Сообщение 1");

    let empty = messages::history(&state, &anna, &chat, HistoryWindow::Before(1)).await.unwrap();
    assert!(empty.messages.is_empty() && !empty.has_older);

    // Catching up: what followed a message held, a page at a time.
    let after = messages::history(&state, &anna, &chat, HistoryWindow::After(120)).await.unwrap();
    assert_eq!(seqs(&after), (121, 220, 100));
    assert!(after.has_newer);
    let tail = messages::history(&state, &anna, &chat, HistoryWindow::After(250)).await.unwrap();
    assert!(tail.messages.is_empty() && !tail.has_newer);

    assert_eq!(problem(messages::history(&state, &anna, &chat, HistoryWindow::Before(-3)).await), Some(Problem::BadMessageNumber));
    let vera = signed_in(&state, "vera").await;
    assert_eq!(problem(messages::history(&state, &vera, &chat, HistoryWindow::Latest).await), Some(Problem::NotFound { thing: Thing::Chat }));
}

#[tokio::test]
async fn an_empty_chat_has_an_empty_first_page() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    let page = messages::history(&state, &anna, "staff_anna_boris", HistoryWindow::Before(1)).await.unwrap();
    assert!(page.messages.is_empty() && !page.has_older && !page.has_newer);
}

#[tokio::test]
async fn reading_the_end_of_a_long_chat_clears_its_unread_mark() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    let (_, chat) = chat_with(&state, 620).await;
    let unread = |rows: Vec<chats::model::chat::ChatRow>| rows.into_iter().find(|r| r.chat.id == chat).unwrap().unread();
    assert_eq!(unread(visible_chats(&state, &anna).await.unwrap()), 620);
    let latest = messages::history(&state, &anna, &chat, HistoryWindow::Latest).await.unwrap();
    messages::mark_read(&state, &anna, &chat, latest.messages.last().unwrap().seq).await.unwrap();
    assert_eq!(unread(visible_chats(&state, &anna).await.unwrap()), 0);
}

#[tokio::test]
async fn the_widget_reads_its_history_in_pages_too() {
    let state = demo().await;
    let (token, chat) = chat_with(&state, 130).await;
    let session = visitors::resume(&state, &token, 0).await.unwrap();
    assert_eq!(session.messages.len(), 100);
    assert_eq!(session.messages[0].seq, 31);
    assert!(session.has_older);
    let visitor = visitors::authenticate(&state, &token).await.unwrap();
    let earlier = visitors::history(&state, &visitor, &chat, HistoryWindow::Before(31)).await.unwrap();
    assert_eq!(seqs(&earlier), (1, 30, 30));
    // Another visitor's chat is unknown to this one.
    let (_, other) = chat_with(&state, 1).await;
    assert_eq!(problem(visitors::history(&state, &visitor, &other, HistoryWindow::Latest).await), Some(Problem::NotFound { thing: Thing::Chat }));
}

#[tokio::test]
async fn writing_after_a_closed_status_opens_a_new_inquiry_in_new() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    let boris = signed_in(&state, "boris").await;
    let (token, first) = chat_with(&state, 2).await;
    messages::send_as_employee(&state, &anna, NewMessage { chat: first.clone(), client_id: "answer-0001".into(), text: "Готово".into(), note: false, files: vec![] })
        .await
        .unwrap();
    actions::set_status(&state, &anna, &first, "closed").await.unwrap();
    assert_eq!(visitors::resume(&state, &token, 0).await.unwrap().chat, None);

    let again = visitors::send(&state, &token, "again-00001", "Снова вопрос").await.unwrap();
    assert_ne!(again.chat, first);
    assert_eq!(again.seq, 1);
    let inquiry = summary(&state, &again.chat).await.unwrap().unwrap();
    let earlier = summary(&state, &first).await.unwrap().unwrap();
    assert!(inquiry.is_new(), "the new inquiry waits in «Новые»");
    assert!(inquiry.waiting_since_ms.is_some());
    assert_eq!(inquiry.user, earlier.user);
    let rows = visible_chats(&state, &boris).await.unwrap();
    assert!(rows.iter().any(|r| r.chat.id == again.chat && ChatList::New.contains(r, &boris.id)));
    assert_eq!(earlier.last_seq, 3, "nothing more lands in the closed chat");

    // The same send again is the same message; the next goes to the same inquiry.
    assert_eq!(visitors::send(&state, &token, "again-00001", "Снова вопрос").await.unwrap().id, again.id);
    assert_eq!(visitors::send(&state, &token, "again-00002", "И ещё").await.unwrap().chat, again.chat);

    let session = visitors::resume(&state, &token, 0).await.unwrap();
    assert_eq!(session.chat.as_deref(), Some(again.chat.as_str()));
    assert_eq!(session.chats, vec![first.clone(), again.chat.clone()]);
    assert_eq!(session.messages.len(), 2);
}

#[tokio::test]
async fn a_deleted_chat_never_receives_messages() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    let (token, first) = chat_with(&state, 1).await;
    actions::delete(&state, &anna, &first).await.unwrap();
    // The visitor still sees their conversation.
    let session = visitors::resume(&state, &token, 0).await.unwrap();
    assert_eq!(session.messages.len(), 1);
    assert_eq!(session.chat, None);

    let next = visitors::send(&state, &token, "after-del-1", "Вы тут?").await.unwrap();
    assert_ne!(next.chat, first);
    assert_eq!(summary(&state, &first).await.unwrap().unwrap().last_seq, 1);
    assert!(summary(&state, &next.chat).await.unwrap().unwrap().is_new());

    // Closed again, then a third inquiry: keys keep counting.
    actions::set_status(&state, &anna, &next.chat, "closed").await.unwrap();
    let third = visitors::send(&state, &token, "after-del-2", "Ещё раз").await.unwrap();
    assert!(third.chat != next.chat && third.chat != first);
    assert_eq!(visitors::resume(&state, &token, 0).await.unwrap().chats.len(), 3);
}

#[tokio::test]
async fn two_first_messages_after_closing_open_one_inquiry() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    let (token, first) = chat_with(&state, 1).await;
    actions::set_status(&state, &anna, &first, "closed").await.unwrap();
    let (a, b) = tokio::join!(
        visitors::send(&state, &token, "twin-000001", "Раз"),
        visitors::send(&state, &token, "twin-000002", "Два"),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.chat, b.chat);
    assert_ne!(a.chat, first);
    assert_eq!(visitors::resume(&state, &token, 0).await.unwrap().chats.len(), 2);
}
