//! The chat menu's actions over SurrealDB `mem://`: each checked by the one
//! rights function, refused with nothing changed, written to the history.

#![cfg(feature = "server")]

mod common;

use common::{signed_in, problem};
use chats::model::problem::{Problem, Thing};
use chats::model::employee::Assignee;
use chats::server::chats::actions;
use chats::server::chats::summary::{summary, visible_chats};
use chats::server::admin::directory::statuses as status_directory;
use chats::server::rights::Actor;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use chats::server::people::visitors;

use chats::model::history::HistoryAction::{self, *};

async fn history(state: &AppState, who: &Actor, chat: &str) -> Vec<HistoryAction> {
    chats::server::chats::events::history(state, who, chat).await.unwrap().into_iter().map(|e| e.action).collect()
}

#[tokio::test]
async fn delete_restore_and_delete_forever_need_the_right() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
    // Boris sees the chat but lacks the right: as if it did not exist, nothing changes.
    assert_eq!(problem(actions::delete(&state, &boris, "vivan").await), Some(Problem::NotFound { thing: Thing::Chat }));
    assert!(!summary(&state, "vivan").await.unwrap().unwrap().deleted);
    assert_eq!(problem(actions::erase(&state, &anna, "vivan").await), Some(Problem::EraseOnlyDeleted));

    actions::delete(&state, &anna, "vivan").await.unwrap();
    assert!(summary(&state, "vivan").await.unwrap().unwrap().deleted);
    assert!(visible_chats(&state, &boris).await.unwrap().iter().all(|r| r.chat.id != "vivan"), "gone from Boris's lists");
    assert!(visible_chats(&state, &anna).await.unwrap().iter().any(|r| r.chat.id == "vivan" && r.chat.deleted), "in Anna's «Удаленные»");
    // Nobody writes into a deleted chat.
    let write = chats::model::message::NewMessage { chat: "vivan".into(), client_id: "deleted-0001".into(), text: "x".into(), note: false, files: vec![] };
    assert!(chats::server::chats::messages::send_as_employee(&state, &anna, write).await.is_err());

    actions::restore(&state, &anna, "vivan").await.unwrap();
    assert!(visible_chats(&state, &boris).await.unwrap().iter().any(|r| r.chat.id == "vivan" && !r.chat.deleted), "back where it was");

    actions::delete(&state, &anna, "vivan").await.unwrap();
    actions::erase(&state, &anna, "vivan").await.unwrap();
    assert!(summary(&state, "vivan").await.unwrap().is_none());
    let left: Vec<serde_json::Value> = state.db.query("SELECT * FROM message WHERE chat = chat:vivan").await.unwrap().take(0).unwrap();
    assert!(left.is_empty(), "its messages are erased too");
    let events: Vec<String> = state.db.query("SELECT VALUE action FROM chat_event WHERE chat = 'vivan' ORDER BY at_ms").await.unwrap().take(0).unwrap();
    let mut events = events;
    events.sort();
    assert_eq!(events, ["chat_deleted", "chat_deleted", "chat_erased", "chat_restored"], "stored as codes");
    let events: Vec<HistoryAction> = events.iter().filter_map(|code| HistoryAction::from_code(code)).collect();
    assert_eq!(events, [ChatDeleted, ChatDeleted, ChatErased, ChatRestored]);
}

#[tokio::test]
async fn a_status_runs_its_actions_and_a_closed_one_blocks_assigning() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris, admin) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "admin").await);
    actions::assign_responsible(&state, &boris, "vmaria", "boris").await.unwrap();
    assert_eq!(summary(&state, "vmaria").await.unwrap().unwrap().responsible.unwrap().id, "boris");

    // «Спам»: closed, removes the responsible person, moves to «Продажи», tells the client.
    let spam = status_directory::save(&state, &admin, chats::model::directory::Status {
        name: "Спам".into(), color: "#aa0000".into(), closed: true, remove_responsible: true,
        message: Some("Обращение закрыто".into()), move_to_room: Some("sales".into()), ..Default::default()
    }).await.unwrap();
    let before = summary(&state, "vmaria").await.unwrap().unwrap().last_seq;
    actions::set_status(&state, &boris, "vmaria", &spam.id).await.unwrap();
    let after = summary(&state, "vmaria").await.unwrap().unwrap();
    assert_eq!((after.status.id.as_str(), after.status.closed, after.room.as_str()), (spam.id.as_str(), true, "sales"));
    assert!(after.responsible.is_none() && after.waiting_since_ms.is_none());
    assert_eq!(after.last_seq, before + 1);
    assert_eq!(after.last.unwrap().text, "Обращение закрыто");

    // C6: closed → no new responsible until «Активный».
    assert_eq!(problem(actions::assign_responsible(&state, &anna, "vmaria", "anna").await), Some(Problem::ChatClosed));
    actions::set_status(&state, &anna, "vmaria", "active").await.unwrap();
    // Vera (sales) may see «Продажи» now; Boris's groups grant it too. A stranger to the room is refused.
    actions::assign_responsible(&state, &anna, "vmaria", "vera").await.unwrap();
    assert_eq!(problem(actions::set_status(&state, &anna, "vmaria", "nosuch").await), Some(Problem::NotFound { thing: Thing::Status }));
    let mut events = history(&state, &anna, "vmaria").await;
    events.sort_by_key(|a| a.as_code());
    assert_eq!(events, [ResponsibleAssigned, ResponsibleAssigned, StatusChanged, StatusChanged]);
}

#[tokio::test]
async fn assignees_are_those_who_may_see_the_chat_with_bots_last() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, admin, vera) = (signed_in(&state, "anna").await, signed_in(&state, "admin").await, signed_in(&state, "vera").await);
    chats::server::people::staff::set_bot(&state, &admin, "admin", true).await.unwrap();
    let names: Vec<Assignee> = actions::candidates(&state, &anna, "vivan").await.unwrap();
    let ids: Vec<&str> = names.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.last(), Some(&"admin"), "bots last: {ids:?}");
    assert!(!ids.contains(&"vera"), "Vera has no access to «Поддержка»");
    assert_eq!(problem(actions::assign_responsible(&state, &anna, "vivan", "vera").await), Some(Problem::NoAccessToChat { employee: "Вера Петрова".into() }));
    assert_eq!(problem(actions::candidates(&state, &vera, "vivan").await), Some(Problem::NotFound { thing: Thing::Chat }));
    // Internal chats have no responsible person.
    assert_eq!(problem(actions::assign_responsible(&state, &anna, "staff_anna_boris", "anna").await), Some(Problem::ResponsibleOnlyInClientChats));
}

#[tokio::test]
async fn a_participant_leaves_but_the_responsible_person_stays() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
    actions::leave(&state, &boris, "staff_anna_boris").await.unwrap();
    assert!(visible_chats(&state, &boris).await.unwrap().iter().all(|r| r.chat.id != "staff_anna_boris"), "an internal chat leaves his lists");
    assert_eq!(problem(actions::leave(&state, &boris, "staff_anna_boris").await), Some(Problem::NotFound { thing: Thing::Chat }));
    // A visitor's chat Anna answered: she is responsible, not a participant.
    let visitor = visitors::start(&state, "support", "Гость").await.unwrap();
    let message = visitors::send(&state, &visitor.token, "guest-0001", "Здравствуйте").await.unwrap();
    assert_eq!(problem(actions::leave(&state, &anna, &message.chat).await), Some(Problem::NotAParticipant));
}
