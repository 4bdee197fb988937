//! Internal rooms (R2, W12) over SurrealDB `mem://`: personal and group chats,
//! the existing chat with the same people offered instead of a twin, a retried
//! «Создать» making one chat, and refusals that leave nothing behind.

#![cfg(feature = "server")]

mod common;

use common::{signed_in, sees, problem};
use chats::model::problem::{Problem, Thing};
use chats::model::internal_chat::NewInternalChat;
use chats::server::chats::events::history;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use chats::server::chats::internal;

fn new(key: &str, group: bool, others: &[&str], topic: &str) -> NewInternalChat {
    NewInternalChat { room: "staff".into(), key: key.into(), group, others: others.iter().map(|s| s.to_string()).collect(), topic: topic.into() }
}

async fn chat_count(state: &AppState) -> usize {
    let mut response = state.db.query("SELECT VALUE id FROM chat").await.unwrap();
    let ids: Vec<serde_json::Value> = response.take(0).unwrap();
    ids.len()
}

#[tokio::test]
async fn the_chat_with_the_same_people_is_offered_and_a_group_needs_a_topic() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris, vera) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "vera").await);

    // The demo's personal chat of Anna and Boris is offered; with Vera there is none.
    let offered = internal::same_people(&state, &anna, "staff", &["boris".into()]).await.unwrap();
    assert_eq!(offered.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["staff_anna_boris"]);
    assert!(internal::same_people(&state, &anna, "staff", &["vera".into()]).await.unwrap().is_empty());
    assert!(internal::same_people(&state, &anna, "staff", &["boris".into(), "vera".into()]).await.unwrap().is_empty());

    // Refusals: nothing is created.
    let before = chat_count(&state).await;
    let refused = [
        (new("g-0001", true, &["boris", "vera"], " "), Problem::GroupChatTopicMissing),
        (new("g-0001", true, &["boris"], "План"), Problem::GroupChatTooFew),
        (new("g-0001", false, &["boris", "vera"], ""), Problem::PersonalChatOnePerson),
        (new("g-0001", false, &[], ""), Problem::NobodyChosen),
        (new("g-0001", false, &["anna"], ""), Problem::NobodyChosen),
    ];
    for (bad, expected) in refused {
        assert_eq!(problem(internal::create(&state, &anna, bad.clone()).await), Some(expected), "{bad:?}");
    }
    assert_eq!(problem(internal::create(&state, &anna, new("g-0001", false, &["nosuch"], "")).await), Some(Problem::NotFound { thing: Thing::Employee }));
    assert_eq!(problem(internal::create(&state, &anna, NewInternalChat { room: "support".into(), ..new("g-0001", false, &["boris"], "") }).await), Some(Problem::InternalRoomRequired));
    assert_eq!(problem(internal::create(&state, &anna, NewInternalChat { room: "nosuch".into(), ..new("g-0001", false, &["boris"], "") }).await), Some(Problem::NotFound { thing: Thing::Room }));
    assert_eq!(chat_count(&state).await, before);
    // Someone else's chat id as the key is only a token: a new chat with a
    // key of the server's, and Anna and Boris's chat is not touched.
    let boris_vera = internal::create(&state, &boris, new("staff_anna_boris", false, &["vera"], "")).await.unwrap();
    assert_ne!(boris_vera.id, "staff_anna_boris");
    assert!(!sees(&state, &vera, "staff_anna_boris").await);
    let before = chat_count(&state).await;

    // A group chat; the retry with the same key is the same chat.
    let made = internal::create(&state, &anna, new("g-0001", true, &["vera", "boris", "boris"], " План отпусков ")).await.unwrap();
    let again = internal::create(&state, &anna, new("g-0001", true, &["vera", "boris"], "План отпусков")).await.unwrap();
    assert_eq!(made.id, again.id);
    assert_ne!(made.id, "g-0001", "the key is the server's, not the browser's");
    // The same token from another employee is their own request.
    let other = internal::create(&state, &boris, new("g-0001", true, &["vera", "anna"], "План отпусков")).await.unwrap();
    assert_ne!(other.id, made.id);
    let before = before + 1;
    assert_eq!(chat_count(&state).await, before + 1);
    assert_eq!(made.topic.as_deref(), Some("План отпусков"));
    assert_eq!(made.participants.len(), 3);
    assert!(sees(&state, &boris, &made.id).await && sees(&state, &vera, &made.id).await);
    let admin = signed_in(&state, "admin").await;
    assert!(!sees(&state, &admin, &made.id).await, "internal chats are private to their participants");

    // Now it is offered to anyone of the three, with the other two.
    let offered = internal::same_people(&state, &boris, "staff", &["anna".into(), "vera".into()]).await.unwrap();
    assert!(offered.iter().any(|c| c.id == made.id), "{offered:?}");
    let events = history(&state, &anna, &made.id).await.unwrap();
    assert!(events.iter().any(|e| e.action == chats::model::history::HistoryAction::ChatCreated && e.detail.as_deref().is_some_and(|d| d.contains("Вера"))), "{events:?}");
}
