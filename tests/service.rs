//! Service-level tests over an in-memory SurrealDB with the demo workspace.

#![cfg(feature = "server")]

mod common;

use common::problem;
use chats::model::problem::{Problem, Thing};
use chats::model::lists::{count_list, ChatList};
use chats::model::live::LiveEvent;
use chats::model::message::{HistoryWindow, NewMessage, MAX_MESSAGE_CHARS};
use chats::server::people::auth;
use chats::server::people::address_limit;
use chats::server::people::sign_in_limit::FREE_ATTEMPTS;
use chats::server::chats::summary::visible_chats;
use chats::server::live::{decode, Audience, Frame};
use chats::server::chats::messages;
use chats::server::rights::Actor;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use chats::server::people::visitors;

async fn demo() -> AppState {
    open_state("mem://", true).await.expect("in-memory database opens")
}

async fn sign_in(state: &AppState, email: &str) -> Actor {
    let token = auth::login(state, email, "demo1234").await.expect("demo login");
    auth::actor_for_session(state, &token).await.expect("session resolves")
}

fn new_message(chat: &str, client_id: &str, text: &str) -> NewMessage {
    NewMessage { chat: chat.into(), client_id: client_id.into(), text: text.into(), note: false, files: vec![] }
}

#[tokio::test]
async fn demo_login_and_wrong_password() {
    let state = demo().await;
    let anna = sign_in(&state, "Anna@Demo.Local ").await;
    assert_eq!(anna.id, "anna");
    assert!(anna.rooms.contains("support"));
    assert!(anna.rights.contains("chats.delete"));
    let wrong = auth::login(&state, "anna@demo.local", "nope").await;
    assert_eq!(problem(wrong), Some(Problem::WrongCredentials));
    let unknown = auth::login(&state, "nobody@demo.local", "demo1234").await;
    assert_eq!(problem(unknown), Some(Problem::WrongCredentials));
}

fn address(text: &str) -> Option<std::net::IpAddr> {
    Some(text.parse().unwrap())
}

fn throttled(answer: &Option<Problem>) -> bool {
    matches!(answer, Some(Problem::TooManyAttempts { retry_secs }) if (1..=30).contains(retry_secs))
}

#[tokio::test]
async fn wrong_passwords_from_one_address_slow_down_only_that_address_on_that_account() {
    let state = demo().await;
    let (guesser, owner) = (address("203.0.113.7"), address("198.51.100.2"));
    for _ in 0..FREE_ATTEMPTS {
        assert_eq!(problem(auth::login_from(&state, guesser, "boris@demo.local", "bad").await), Some(Problem::WrongCredentials));
    }
    // From the guesser's address even the right password must now wait…
    let locked = problem(auth::login_from(&state, guesser, "boris@demo.local", "demo1234").await);
    assert!(throttled(&locked), "{locked:?}");
    // …while the owner, from their own address, gets in,
    auth::login_from(&state, owner, "boris@demo.local", "demo1234").await.expect("the owner is not locked out");
    // the guesser's address may still try other accounts (within its own limit),
    auth::login_from(&state, guesser, "anna@demo.local", "demo1234").await.unwrap();
    // and the owner's success does not lift the guesser's wait.
    assert!(throttled(&problem(auth::login_from(&state, guesser, "boris@demo.local", "demo1234").await)));
}

#[tokio::test]
async fn the_right_password_from_a_clean_address_gets_in_after_many_failures_elsewhere() {
    let state = demo().await;
    // Guessers on eight addresses (IPv4 and IPv6) and one unknown address,
    // each until it is slowed down.
    let guessers: Vec<String> = (1..=4).map(|i| format!("203.0.113.{i}")).chain((1..=4).map(|i| format!("2001:db8:0:{i}::1"))).collect();
    for guesser in &guessers {
        for _ in 0..FREE_ATTEMPTS {
            assert_eq!(problem(auth::login_from(&state, address(guesser), "anna@demo.local", "guess").await), Some(Problem::WrongCredentials));
        }
        assert!(throttled(&problem(auth::login_from(&state, address(guesser), "anna@demo.local", "guess").await)));
    }
    for _ in 0..FREE_ATTEMPTS {
        assert_eq!(problem(auth::login(&state, "anna@demo.local", "guess").await), Some(Problem::WrongCredentials));
    }
    assert!(throttled(&problem(auth::login(&state, "anna@demo.local", "demo1234").await)), "callers with no known address are one address");
    // A clean address, even the next /64 of a guesser's, signs in at once.
    auth::login_from(&state, address("198.51.100.2"), "anna@demo.local", "demo1234").await.expect("a clean IPv4 address gets in");
    auth::login_from(&state, address("2001:db8:0:5::1"), "anna@demo.local", "demo1234").await.expect("a clean /64 gets in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_wrong_guesses_from_one_pair_get_at_most_five_password_checks() {
    let state = demo().await;
    let guesser = address("203.0.113.9");
    let parallel = |emails: Vec<String>| {
        let mut guesses = tokio::task::JoinSet::new();
        for (i, email) in emails.into_iter().enumerate() {
            let state = state.clone();
            guesses.spawn(async move { problem(auth::login_from(&state, guesser, &email, &format!("guess-{i}")).await) });
        }
        guesses.join_all()
    };
    let before = state.passwords.checks();
    let answers = parallel(vec!["anna@demo.local".to_string(); 40]).await;
    let wrong = answers.iter().filter(|a| **a == Some(Problem::WrongCredentials)).count();
    let slowed = answers.iter().filter(|a| matches!(a, Some(Problem::TooManyAttempts { .. }))).count();
    assert_eq!((wrong, slowed), (FREE_ATTEMPTS as usize, 40 - FREE_ATTEMPTS as usize), "{answers:?}");
    assert_eq!(state.passwords.checks() - before, wrong as u64, "only the reserved attempts ran argon2");
    assert_eq!(state.sign_in_pairs.state_of("anna@demo.local", guesser), (0, FREE_ATTEMPTS), "nothing left in flight");
    // Another address's parallel guesses over forty e-mails stop at its limit.
    let sprayer = address("203.0.113.10");
    let before = state.passwords.checks();
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..40 {
        let state = state.clone();
        guesses.spawn(async move { problem(auth::login_from(&state, sprayer, &format!("user{i}@demo.local"), "guess").await) });
    }
    let answers = guesses.join_all().await;
    let checked = state.passwords.checks() - before;
    assert!(checked <= address_limit::MAX_FAILURES as u64, "{checked} checks");
    assert_eq!(answers.iter().filter(|a| **a == Some(Problem::WrongCredentials)).count() as u64, checked);
    assert!(answers.iter().all(|a| matches!(a, Some(Problem::WrongCredentials | Problem::TooManyAttempts { .. }))), "{answers:?}");
    // The owner, elsewhere, is unaffected.
    auth::login_from(&state, address("198.51.100.2"), "anna@demo.local", "demo1234").await.unwrap();
}

#[tokio::test]
async fn unknown_disabled_and_real_accounts_get_the_same_answers() {
    let state = demo().await;
    let admin = sign_in(&state, "admin@demo.local").await;
    chats::server::people::staff::set_disabled(&state, &admin, "vera", true).await.unwrap();
    let accounts = [("boris@demo.local", "203.0.113.21"), ("nobody@demo.local", "203.0.113.22"), ("vera@demo.local", "203.0.113.23")];
    for (email, from) in accounts {
        let before = state.passwords.checks();
        for _ in 0..FREE_ATTEMPTS {
            assert_eq!(problem(auth::login_from(&state, address(from), email, "bad").await), Some(Problem::WrongCredentials), "{email}");
        }
        assert_eq!(state.passwords.checks() - before, FREE_ATTEMPTS as u64, "{email}: every refusal ran argon2");
        let sixth = problem(auth::login_from(&state, address(from), email, "demo1234").await);
        assert!(throttled(&sixth), "{email}: {sixth:?}");
    }
    // The disabled account's right password, from a clean address: the same
    // refusal as a wrong one, after the same work.
    let before = state.passwords.checks();
    assert_eq!(problem(auth::login_from(&state, address("198.51.100.3"), "vera@demo.local", "demo1234").await), Some(Problem::WrongCredentials));
    assert_eq!(state.passwords.checks() - before, 1);
    // One address trying all three: the same answers, and the same wait once
    // the address reaches its limit.
    let shared = address("203.0.113.30");
    let mut answers = Vec::new();
    for round in 0..4 {
        for (email, _) in accounts {
            let answer = problem(auth::login_from(&state, shared, email, "bad").await);
            answers.push((round, email, answer));
        }
    }
    for (round, email, answer) in &answers {
        let expected_wrong = round * 3 + accounts.iter().position(|(e, _)| e == email).unwrap() < address_limit::MAX_FAILURES;
        if expected_wrong {
            assert_eq!(answer, &Some(Problem::WrongCredentials), "{round} {email}");
        } else {
            assert!(matches!(answer, Some(Problem::TooManyAttempts { .. })), "{round} {email}: {answer:?}");
        }
    }
}

#[tokio::test]
async fn logout_ends_the_session() {
    let state = demo().await;
    let token = auth::login(&state, "anna@demo.local", "demo1234").await.unwrap();
    auth::logout(&state, &token).await.unwrap();
    assert_eq!(problem(auth::actor_for_session(&state, &token).await), Some(Problem::SignInRequired));
}

#[tokio::test]
async fn visitor_first_message_lands_in_new_for_room_operators_only() {
    let state = demo().await;
    let session = visitors::start(&state, "support", "Пётр").await.unwrap();
    visitors::send(&state, &session.token, "client-0001", "Здравствуйте").await.unwrap();
    let chat = format!("v{}", visitors::authenticate(&state, &session.token).await.unwrap().user);

    let boris = sign_in(&state, "boris@demo.local").await;
    let rows = visible_chats(&state, &boris).await.unwrap();
    let row = rows.iter().find(|r| r.chat.id == chat).expect("boris sees the new chat");
    assert!(ChatList::New.contains(row, &boris.id));
    assert_eq!(row.unread(), 1);
    assert!(row.chat.waiting_since_ms.is_some());

    // Vera's group has only the sales room.
    let vera = sign_in(&state, "vera@demo.local").await;
    assert!(visible_chats(&state, &vera).await.unwrap().iter().all(|r| r.chat.id != chat));
    let denied = messages::history(&state, &vera, &chat, HistoryWindow::Latest).await;
    assert_eq!(problem(denied), Some(Problem::NotFound { thing: Thing::Chat }));
    let denied = messages::send_as_employee(&state, &vera, new_message(&chat, "vera-0001", "hi")).await;
    assert_eq!(problem(denied), Some(Problem::NotFound { thing: Thing::Chat }));
}

#[tokio::test]
async fn operator_answer_takes_responsibility_and_stops_the_timer() {
    let state = demo().await;
    let session = visitors::start(&state, "support", "Пётр").await.unwrap();
    visitors::send(&state, &session.token, "client-0001", "Вопрос").await.unwrap();
    let chat = format!("v{}", visitors::authenticate(&state, &session.token).await.unwrap().user);
    let anna = sign_in(&state, "anna@demo.local").await;
    let answer = messages::send_as_employee(&state, &anna, new_message(&chat, "anna-00001", "Ответ")).await.unwrap();
    assert_eq!(answer.seq, 2);

    let rows = visible_chats(&state, &anna).await.unwrap();
    let row = rows.iter().find(|r| r.chat.id == chat).unwrap();
    assert_eq!(row.chat.responsible.as_ref().map(|r| r.id.as_str()), Some("anna"));
    assert!(row.chat.waiting_since_ms.is_none());
    assert!(!ChatList::New.contains(row, "anna"));
    assert!(ChatList::Mine.contains(row, "anna"));
    assert_eq!(row.unread(), 0, "answering marks the chat read");

    let boris = sign_in(&state, "boris@demo.local").await;
    let rows = visible_chats(&state, &boris).await.unwrap();
    assert_eq!(count_list(&rows, "support", ChatList::New, "boris").total, 1, "only Ivan's demo chat is still new");
}

#[tokio::test]
async fn a_retried_send_is_stored_once() {
    let state = demo().await;
    let anna = sign_in(&state, "anna@demo.local").await;
    let first = messages::send_as_employee(&state, &anna, new_message("vivan", "retry-key-1", "Один раз")).await.unwrap();
    let again = messages::send_as_employee(&state, &anna, new_message("vivan", "retry-key-1", "Один раз")).await.unwrap();
    assert_eq!(first, again);
    let history = messages::history(&state, &anna, "vivan", HistoryWindow::Latest).await.unwrap().messages;
    assert_eq!(history.iter().filter(|m| m.client_id == "retry-key-1").count(), 1);
}

#[tokio::test]
async fn bad_messages_are_refused_and_nothing_is_stored() {
    let state = demo().await;
    let anna = sign_in(&state, "anna@demo.local").await;
    let before = messages::history(&state, &anna, "vivan", HistoryWindow::Latest).await.unwrap().messages.len();
    let empty = messages::send_as_employee(&state, &anna, new_message("vivan", "bad-key-01", "   ")).await;
    assert_eq!(problem(empty), Some(Problem::MessageEmpty));
    let long = "x".repeat(MAX_MESSAGE_CHARS + 1);
    let too_long = messages::send_as_employee(&state, &anna, new_message("vivan", "bad-key-02", &long)).await;
    assert_eq!(problem(too_long), Some(Problem::MessageTooLong { chars: MAX_MESSAGE_CHARS + 1, max: MAX_MESSAGE_CHARS }));
    let unknown = messages::send_as_employee(&state, &anna, new_message("nosuchchat", "bad-key-03", "hi")).await;
    assert_eq!(problem(unknown), Some(Problem::NotFound { thing: Thing::Chat }));
    let malicious = messages::send_as_employee(&state, &anna, new_message("x; DELETE message", "bad-key-04", "hi")).await;
    assert_eq!(problem(malicious), Some(Problem::NotFound { thing: Thing::Chat }));
    assert_eq!(messages::history(&state, &anna, "vivan", HistoryWindow::Latest).await.unwrap().messages.len(), before);
}

#[tokio::test]
async fn concurrent_sends_get_gapless_sequence_numbers() {
    let state = demo().await;
    let anna = sign_in(&state, "anna@demo.local").await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let (state, anna) = (state.clone(), anna.clone());
        tasks.push(tokio::spawn(async move {
            messages::send_as_employee(&state, &anna, new_message("staff_anna_boris", &format!("parallel-{i:04}"), &format!("#{i}"))).await
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("every concurrent send is stored");
    }
    let history = messages::history(&state, &anna, "staff_anna_boris", HistoryWindow::Latest).await.unwrap().messages;
    let seqs: Vec<i64> = history.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, (1..=history.len() as i64).collect::<Vec<_>>());
    assert_eq!(history.len(), 18);
}

#[tokio::test]
async fn internal_chats_are_private_to_participants() {
    let state = demo().await;
    let admin = sign_in(&state, "admin@demo.local").await;
    assert!(visible_chats(&state, &admin).await.unwrap().iter().all(|r| r.chat.id != "staff_anna_boris"));
    let boris = sign_in(&state, "boris@demo.local").await;
    assert!(visible_chats(&state, &boris).await.unwrap().iter().any(|r| r.chat.id == "staff_anna_boris"));
}

#[tokio::test]
async fn reading_clears_unread_and_never_moves_back() {
    let state = demo().await;
    let boris = sign_in(&state, "boris@demo.local").await;
    let unread = |rows: Vec<chats::model::chat::ChatRow>| rows.into_iter().find(|r| r.chat.id == "vivan").unwrap().unread();
    assert_eq!(unread(visible_chats(&state, &boris).await.unwrap()), 2);
    messages::mark_read(&state, &boris, "vivan", 2).await.unwrap();
    messages::mark_read(&state, &boris, "vivan", 1).await.unwrap();
    assert_eq!(unread(visible_chats(&state, &boris).await.unwrap()), 0);
}

async fn next_event(events: &mut tokio::sync::mpsc::Receiver<Frame>, want: impl Fn(&LiveEvent) -> bool) -> LiveEvent {
    let deadline = std::time::Duration::from_secs(10);
    tokio::time::timeout(deadline, async {
        loop {
            let event = decode(&events.recv().await.expect("connection stays open")).expect("a valid event");
            if want(&event) {
                return event;
            }
        }
    })
    .await
    .expect("the live event arrives")
}

#[tokio::test]
async fn live_fan_out_respects_rights_and_watching() {
    let state = demo().await;
    let boris = sign_in(&state, "boris@demo.local").await;
    let vera = sign_in(&state, "vera@demo.local").await;
    let session = visitors::start(&state, "support", "Live").await.unwrap();
    let visitor = visitors::authenticate(&state, &session.token).await.unwrap();
    let chat = visitor.chat_key();

    let (boris_id, mut boris_events) = state.hub.register(Audience::Employee { actor: boris.clone(), session_hash: "b".into() });
    let (_vera_id, mut vera_events) = state.hub.register(Audience::Employee { actor: vera, session_hash: "v".into() });
    let (_visitor_id, mut visitor_events) = state.hub.register(Audience::Visitor(visitor));
    state.hub.watch(boris_id, Some(chat.clone()));

    visitors::send(&state, &session.token, "client-live-1", "Есть кто?").await.unwrap();
    // The chat's new summary and the message itself, in either order.
    let (mut saw_chat, mut saw_message) = (false, false);
    while !(saw_chat && saw_message) {
        match next_event(&mut boris_events, |e| matches!(e, LiveEvent::Chat { .. } | LiveEvent::Message { .. })).await {
            LiveEvent::Chat { chat: summary, .. } if summary.id == chat && summary.last_seq == 1 => {
                assert!(summary.is_new());
                assert_eq!(summary.last.as_ref().map(|l| l.text.as_str()), Some("Есть кто?"));
                saw_chat = true;
            }
            LiveEvent::Message { message } if message.chat == chat => saw_message = true,
            _ => {}
        }
    }

    let answer = messages::send_as_employee(&state, &boris, new_message(&chat, "boris-live-1", "Да!")).await.unwrap();
    next_event(&mut visitor_events, |e| matches!(e, LiveEvent::Message { message } if message.id == answer.id)).await;

    // Vera (no access to the room) got nothing about this chat.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    while let Ok(frame) = vera_events.try_recv() {
        match decode(&frame).unwrap() {
            LiveEvent::Chat { chat: c, .. } => assert_ne!(c.id, chat),
            LiveEvent::Message { message } => assert_ne!(message.chat, chat),
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_stalled_reader_is_dropped() {
    let state = demo().await;
    let anna = sign_in(&state, "anna@demo.local").await;
    let (_id, events) = state.hub.register(Audience::Employee { actor: anna.clone(), session_hash: "a".into() });
    for i in 0..600 {
        state.hub.publish_read(&anna.id, "vivan", i);
    }
    assert_eq!(state.hub.connection_count(), 0, "the full queue dropped the connection");
    drop(events);
}

#[tokio::test]
async fn visitor_tokens_are_checked() {
    let state = demo().await;
    assert_eq!(problem(visitors::resume(&state, &"0".repeat(64), 0).await), Some(Problem::SignInRequired));
    assert_eq!(problem(visitors::resume(&state, "short", 0).await), Some(Problem::SignInRequired));
    assert_eq!(problem(visitors::start(&state, "support", "   ").await), Some(Problem::NameMissing));
    assert_eq!(problem(visitors::start(&state, "staff", "Имя").await), Some(Problem::NotFound { thing: Thing::Room }), "internal rooms have no widget");
}

#[tokio::test]
async fn a_visitors_simultaneous_first_messages_open_one_chat_and_all_succeed() {
    let state = demo().await;
    let session = visitors::start(&state, "support", "Торопыга").await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..6 {
        let (state, token) = (state.clone(), session.token.clone());
        tasks.push(tokio::spawn(async move { visitors::send(&state, &token, &format!("first-{i:05}"), "Алло?").await }));
    }
    for task in tasks {
        task.await.unwrap().expect("no send fails because of the race");
    }
    let resumed = visitors::resume(&state, &session.token, 0).await.unwrap();
    assert_eq!(resumed.messages.len(), 6);
    assert_eq!(resumed.messages.iter().map(|m| m.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
}
