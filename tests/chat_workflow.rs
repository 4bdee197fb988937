//! Topics (C12), participants (C5, C8, C9) and the filter (W9, C16) over
//! SurrealDB `mem://`: each checked by the one rights function, refused with
//! nothing changed, written to the history.

#![cfg(feature = "server")]

mod common;

use common::{signed_in, sees, problem};
use chats::model::problem::{Problem, Thing};
use chats::model::chat::TopicChoice;
use chats::model::filter::ChatFilter;
use chats::model::lists::ChatList;
use chats::server::chats::events::{history, HistoryAction};
use chats::server::chats::search_index;
use chats::server::chats::summary::summary;
use chats::server::startup::open_state;
use chats::server::{people::auth, chats::actions, chats::topics, chats::filter, chats::participants, people::visitors};

#[tokio::test]
async fn a_topic_decides_who_sees_the_chat_and_a_closed_status_blocks_it() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
    // Boris's group grants «Доставка» only.
    topics::set_topic(&state, &anna, "vmaria", TopicChoice::Directory("delivery".into())).await.unwrap();
    assert!(sees(&state, &boris, "vmaria").await);
    topics::set_topic(&state, &anna, "vmaria", TopicChoice::Directory("billing".into())).await.unwrap();
    let chat = summary(&state, "vmaria").await.unwrap().unwrap();
    assert_eq!((chat.topic.as_deref(), chat.topic_id.as_deref()), (Some("Оплата"), Some("billing")));
    assert!(!sees(&state, &boris, "vmaria").await, "no right to «Оплата»");
    assert_eq!(problem(topics::set_topic(&state, &boris, "vmaria", TopicChoice::None).await), Some(Problem::NotFound { thing: Thing::Chat }));
    // Taking part brings it back.
    participants::add(&state, &anna, "vmaria", &["boris".into()]).await.unwrap();
    assert!(sees(&state, &boris, "vmaria").await, "a participant sees it whatever the topic");
    // «Другая»: typed text restricts nobody; blank or too long is refused.
    topics::set_topic(&state, &anna, "vmaria", TopicChoice::Other("  Возврат  ".into())).await.unwrap();
    assert_eq!(summary(&state, "vmaria").await.unwrap().unwrap().topic.as_deref(), Some("Возврат"));
    assert_eq!(problem(topics::set_topic(&state, &anna, "vmaria", TopicChoice::Other(" ".into())).await), Some(Problem::TopicMissing));
    assert_eq!(problem(topics::set_topic(&state, &anna, "vmaria", TopicChoice::Other("я".repeat(121))).await), Some(Problem::TopicTooLong { max: 120 }));
    assert_eq!(problem(topics::set_topic(&state, &anna, "vmaria", TopicChoice::Directory("nosuch".into())).await), Some(Problem::NotFound { thing: Thing::Topic }));
    // A directory topic's name typed under «Другая» is that topic, restrictions
    // included (Boris has no «Оплата», and is not a participant in «vivan»).
    topics::set_topic(&state, &anna, "vivan", TopicChoice::Other(" оплата ".into())).await.unwrap();
    let typed = summary(&state, "vivan").await.unwrap().unwrap();
    assert_eq!((typed.topic.as_deref(), typed.topic_id.as_deref()), (Some("Оплата"), Some("billing")));
    assert!(!sees(&state, &boris, "vivan").await, "typing the name does not bypass topic rights");
    // C6: closed → no topic change until «Активный».
    actions::set_status(&state, &anna, "vmaria", "closed").await.unwrap();
    assert_eq!(problem(topics::set_topic(&state, &anna, "vmaria", TopicChoice::None).await), Some(Problem::ChatClosed));
    assert_eq!(summary(&state, "vmaria").await.unwrap().unwrap().topic.as_deref(), Some("Возврат"));
    let events: Vec<HistoryAction> = history(&state, &anna, "vmaria").await.unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(events.iter().filter(|a| **a == HistoryAction::TopicChanged).count(), 3, "in «vmaria»");
}

#[tokio::test]
async fn operators_are_added_several_at_once_and_removed() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, vera) = (signed_in(&state, "anna").await, signed_in(&state, "vera").await);
    assert!(!sees(&state, &vera, "vivan").await, "Vera has no access to «Поддержка»");
    let candidates: Vec<String> = participants::operator_candidates(&state, &anna, "vivan").await.unwrap().into_iter().map(|a| a.id).collect();
    assert!(candidates.contains(&"vera".to_string()) && candidates.contains(&"boris".to_string()));
    participants::add(&state, &anna, "vivan", &["vera".into(), "boris".into(), "vera".into()]).await.unwrap();
    let now: Vec<String> = participants::participants(&state, &anna, "vivan").await.unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(now.len(), 2, "added once each: {now:?}");
    assert!(sees(&state, &vera, "vivan").await, "a participant sees the chat beyond her rooms");
    // Bad input: nobody, an unknown one (nothing added), too many, no access.
    assert_eq!(problem(participants::add(&state, &anna, "vivan", &[]).await), Some(Problem::NobodyChosen));
    assert_eq!(problem(participants::add(&state, &anna, "vivan", &["admin".into(), "ghost".into()]).await), Some(Problem::NotFound { thing: Thing::Employee }));
    assert_eq!(participants::participants(&state, &anna, "vivan").await.unwrap().len(), 2);
    let many: Vec<String> = (0..51).map(|i| format!("e{i}")).collect();
    assert_eq!(problem(participants::add(&state, &anna, "vivan", &many).await), Some(Problem::TooManyAtOnce { max: 50 }));
    participants::add(&state, &vera, "vromashka", &["admin".into()]).await.expect("Vera works in «Продажи»");
    participants::remove(&state, &anna, "vivan", "vera").await.unwrap();
    assert!(!sees(&state, &vera, "vivan").await);
    assert_eq!(problem(participants::remove(&state, &anna, "vivan", "vera").await), Some(Problem::NotInChat));
    assert_eq!(problem(participants::remove(&state, &vera, "vivan", "boris").await), Some(Problem::NotFound { thing: Thing::Chat }));
    let events: Vec<HistoryAction> = history(&state, &anna, "vivan").await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(events.contains(&HistoryAction::ParticipantsAdded) && events.contains(&HistoryAction::ParticipantRemoved));
}

#[tokio::test]
async fn the_filter_covers_all_rooms_words_in_history_and_rights() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, vera) = (signed_in(&state, "anna").await, signed_in(&state, "vera").await);
    let ids = |found: chats::model::filter::FilterResult| {
        let mut ids: Vec<String> = found.rows.into_iter().map(|r| r.chat.id).collect();
        ids.sort();
        ids
    };
    // Words anywhere in a chat's history, in another form (stemmed), once
    // the indexer has taken the demo's messages (it runs off the send path).
    search_index::catch_up(&state).await.unwrap();
    let words = ChatFilter { words: "заказы".into(), ..Default::default() };
    assert_eq!(ids(filter::filter_chats(&state, &anna, words.clone()).await.unwrap()), ["vmaria"]);
    assert!(ids(filter::filter_chats(&state, &vera, words).await.unwrap()).is_empty(), "Vera may not see «Поддержка»");
    let pass = ChatFilter { words: "пароль".into(), ..Default::default() };
    assert_eq!(ids(filter::filter_chats(&state, &anna, pass).await.unwrap()), ["vivan"]);
    // Two rooms at once by the client's name; one room.
    let named = ChatFilter { client: "ром".into(), ..Default::default() };
    assert_eq!(ids(filter::filter_chats(&state, &anna, named).await.unwrap()), ["vromashka"]);
    let support = ChatFilter { room: Some("support".into()), ..Default::default() };
    assert_eq!(ids(filter::filter_chats(&state, &anna, support).await.unwrap()), ["vivan", "vmaria"]);
    let new = ChatFilter { list: Some(ChatList::New), ..Default::default() };
    assert_eq!(ids(filter::filter_chats(&state, &anna, new).await.unwrap()), ["vivan", "vromashka"]);
    let mail = ChatFilter { source: Some(chats::model::chat::Source::Email), ..Default::default() };
    assert_eq!(ids(filter::filter_chats(&state, &anna, mail).await.unwrap()), ["vromashka"]);
    // Lists: «Новые» and «Удаленные» (the latter with the right only).
    actions::delete(&state, &anna, "vivan").await.unwrap();
    let deleted = ChatFilter { list: Some(ChatList::Deleted), ..Default::default() };
    assert_eq!(ids(filter::filter_chats(&state, &anna, deleted.clone()).await.unwrap()), ["vivan"]);
    let boris = signed_in(&state, "boris").await;
    assert!(ids(filter::filter_chats(&state, &boris, deleted).await.unwrap()).is_empty());
    // C16: one client's chats.
    let visitor = visitors::start(&state, "sales", "Пётр").await.unwrap();
    let first = visitors::send(&state, &visitor.token, "petr-00000001", "Нужен счёт").await.unwrap();
    let user = summary(&state, &first.chat).await.unwrap().unwrap().user.unwrap();
    let related = ChatFilter { user: Some(user), ..Default::default() };
    assert_eq!(ids(filter::filter_chats(&state, &anna, related).await.unwrap()), [first.chat.clone()]);
    // Bad input is named.
    let long = ChatFilter { words: "x".repeat(201), ..Default::default() };
    assert_eq!(problem(filter::filter_chats(&state, &anna, long).await), Some(Problem::FilterTextTooLong));
    let unknown = ChatFilter { room: Some("no such room".into()), ..Default::default() };
    assert_eq!(problem(filter::filter_chats(&state, &anna, unknown).await), Some(Problem::NotFound { thing: Thing::Room }));
}

#[tokio::test]
async fn activity_orders_the_pickers_and_sounds_are_kept() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
    let me = auth::me(&state, &boris).await.unwrap();
    assert!(me.active && me.sound_messages && me.sound_calls, "signing in means at work; sounds on by default");
    let order = |list: Vec<chats::model::employee::Assignee>| list.into_iter().map(|a| (a.id, a.active)).collect::<Vec<_>>();
    let before = order(actions::candidates(&state, &anna, "vivan").await.unwrap());
    assert_eq!(&before[..2], &[("anna".to_string(), true), ("boris".to_string(), true)]);
    chats::server::people::profile::set_activity(&state, &anna, false).await.unwrap();
    let after = order(actions::candidates(&state, &anna, "vivan").await.unwrap());
    assert_eq!(after[0], ("boris".to_string(), true), "at work first: {after:?}");
    assert!(after.contains(&("anna".to_string(), false)));
    chats::server::people::profile::set_sounds(&state, &boris, false, true).await.unwrap();
    let me = auth::me(&state, &boris).await.unwrap();
    assert!(!me.sound_messages && me.sound_calls);
}

#[tokio::test]
async fn closing_the_last_tab_means_away_and_opening_one_means_back() {
    let state = open_state("mem://", true).await.unwrap();
    let boris = signed_in(&state, "boris").await;
    // No tab open: after the grace period Boris is away, by himself.
    chats::server::people::profile::tab_closed(state.clone(), "boris".into());
    tokio::time::sleep(std::time::Duration::from_millis(chats::server::people::profile::AWAY_AFTER_MS + 1_000)).await;
    let mut response = state.db.query("SELECT VALUE [active, away_auto] FROM employee:boris").await.unwrap();
    let flags: Vec<Vec<bool>> = response.take(0).unwrap();
    assert_eq!(flags, vec![vec![false, true]], "away because the tabs closed");
    // A tab opens: back at work.
    chats::server::people::profile::tab_opened(&state, "boris").await.unwrap();
    let mut response = state.db.query("SELECT VALUE active FROM employee:boris").await.unwrap();
    assert_eq!(response.take::<Vec<bool>>(0).unwrap(), vec![true]);
    // A break chosen with the switch stays when a tab opens.
    chats::server::people::profile::set_activity(&state, &boris, false).await.unwrap();
    chats::server::people::profile::tab_opened(&state, "boris").await.unwrap();
    let mut response = state.db.query("SELECT VALUE active FROM employee:boris").await.unwrap();
    assert_eq!(response.take::<Vec<bool>>(0).unwrap(), vec![false]);
}

/// #18: the full-text index is kept off the send path. A message is found by
/// its words once the background indexer has taken it (well within a second
/// on an idle machine; the wait here only bounds a stuck indexer), and the
/// queue it went through is empty again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sent_message_is_found_by_its_words_soon_after() {
    let state = open_state("mem://", true).await.unwrap();
    let anna = signed_in(&state, "anna").await;
    let new = chats::model::message::NewMessage { chat: "vivan".into(), client_id: "search-1".into(), text: "Посылка с велосипедами пришла".into(), note: false, files: vec![] };
    chats::server::chats::messages::send_as_employee(&state, &anna, new).await.unwrap();
    let words = ChatFilter { words: "велосипед".into(), ..Default::default() };
    common::wait_for("the indexer to take the message", || {
        let (state, anna, words) = (state.clone(), anna.clone(), words.clone());
        async move { filter::filter_chats(&state, &anna, words).await.unwrap().rows.iter().any(|r| r.chat.id == "vivan") }
    })
    .await;
    common::wait_for("the queue to empty", || {
        let state = state.clone();
        async move { state.db.query("SELECT VALUE id FROM search_pending").await.unwrap().take::<Vec<surrealdb::types::RecordId>>(0).unwrap().is_empty() }
    })
    .await;
}
