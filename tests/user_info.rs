//! The user-info window (C7) over SurrealDB `mem://`: the card and its
//! source, renaming, typed custom field values, merging users into a client
//! and undoing it (never into two clients), and the filtered histories.

#![cfg(feature = "server")]

mod common;

use common::{signed_in, problem};
use chats::model::problem::{Problem, Thing};
use chats::model::directory::FieldOwner;
use chats::model::history::HistoryAction;
use chats::model::user_info::{FieldEdit, HistoryQuery};
use chats::server::startup::open_state;
use chats::server::{chats::summary::summary, people::client_panel, people::clients, chats::histories, people::users, people::visitors};

fn edit(chat: &str, owner: FieldOwner, field: &str, value: &str) -> FieldEdit {
    FieldEdit { chat: chat.into(), owner, field: field.into(), value: value.into() }
}

#[tokio::test]
async fn users_are_edited_merged_into_clients_and_their_histories_filtered() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);

    let info = users::user_info(&state, &anna, "vivan").await.unwrap();
    assert_eq!((info.user.name.as_str(), info.user.source_name.as_str()), ("Иван Кузнецов", "Виджет сайта"));
    assert!(info.may_edit_user && info.may_merge && info.client.is_none());
    assert!(!users::user_info(&state, &boris, "vivan").await.unwrap().may_merge, "Boris lacks the rights");
    assert_eq!(problem(users::user_info(&state, &anna, "staff_anna_boris").await), Some(Problem::NoUserInChat), "no user in an internal chat");

    // Rename: with the right only; the list shows the new name.
    assert_eq!(problem(users::rename(&state, &boris, "vivan", "Взлом").await), Some(Problem::Forbidden));
    assert_eq!(problem(users::rename(&state, &anna, "vivan", "  ").await), Some(Problem::NameLength { max: 100 }));
    users::rename(&state, &anna, "vivan", "Иван Петрович Кузнецов").await.unwrap();
    assert_eq!(summary(&state, "vivan").await.unwrap().unwrap().client_name.as_deref(), Some("Иван Петрович Кузнецов"));

    // Typed values: a choice from its list; client fields need a client.
    assert_eq!(problem(users::set_field(&state, &anna, edit("vivan", FieldOwner::User, "segment", "Мелкий опт")).await), Some(Problem::ChoiceExpected));
    users::set_field(&state, &anna, edit("vivan", FieldOwner::User, "segment", "Опт")).await.unwrap();
    assert_eq!(problem(users::set_field(&state, &anna, edit("vivan", FieldOwner::Client, "contract", "Д-1")).await), Some(Problem::NotMerged));
    assert_eq!(problem(users::set_field(&state, &anna, edit("vivan", FieldOwner::User, "contract", "Д-1")).await), Some(Problem::NotFound { thing: Thing::Field }), "a client field is not a user field");
    assert_eq!(problem(users::set_field(&state, &boris, edit("vivan", FieldOwner::User, "segment", "Розница")).await), Some(Problem::Forbidden));
    let segment = users::user_info(&state, &anna, "vivan").await.unwrap().user.fields.into_iter().find(|f| f.id == "segment").unwrap();
    assert_eq!(segment.value.as_deref(), Some("Опт"));

    // Merge Ivan and Maria into one client; the client's fields open up.
    let found = clients::candidates(&state, &anna, "vivan", "мар").await.unwrap();
    assert_eq!(found.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(), vec!["maria"]);
    assert!(clients::candidates(&state, &anna, "vivan", "ром").await.unwrap().iter().any(|u| u.id == "romashka"));
    assert_eq!(problem(clients::merge(&state, &boris, "vivan", "maria").await), Some(Problem::Forbidden));
    assert_eq!(problem(clients::merge(&state, &anna, "vivan", "ivan").await), Some(Problem::MergeWithSelf));
    clients::merge(&state, &anna, "vivan", "maria").await.unwrap();
    let client = users::user_info(&state, &anna, "vmaria").await.unwrap().client.expect("Maria is in Ivan's client");
    assert_eq!(client.users.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(), vec!["ivan", "maria"]);
    users::set_field(&state, &anna, edit("vmaria", FieldOwner::Client, "contract", "Д-42")).await.unwrap();
    // C16: related chats span every user of the client.
    let related = chats::server::chats::filter::filter_chats(&state, &anna, chats::model::filter::ChatFilter { user: Some("ivan".into()), ..Default::default() }).await.unwrap();
    let mut related: Vec<String> = related.rows.into_iter().map(|r| r.chat.id).collect();
    related.sort();
    assert_eq!(related, vec!["vivan", "vmaria"]);
    // The client panel shows the client's fields after the user's own.
    let panel = client_panel::panel(&state, &anna, "vivan").await.unwrap();
    assert!(panel.fields.iter().any(|f| f.name == "Номер договора" && f.value.as_deref() == Some("Д-42")), "{:?}", panel.fields.iter().map(|f| &f.name).collect::<Vec<_>>());
    assert_eq!(problem(clients::merge(&state, &anna, "vmaria", "ivan").await), Some(Problem::AlreadyMerged));

    // Never into two clients: Romashka with a third visitor, then with Ivan.
    let other = visitors::start(&state, "sales", "Роман").await.unwrap();
    visitors::send(&state, &other.token, "merge-0001", "Вопрос").await.unwrap();
    let other_chat = visitors::resume(&state, &other.token, 0).await.unwrap().chat.unwrap();
    let other_user = users::user_info(&state, &anna, &other_chat).await.unwrap().user.id;
    clients::merge(&state, &anna, "vromashka", &other_user).await.unwrap();
    assert!(matches!(problem(clients::merge(&state, &anna, "vromashka", "ivan").await), Some(Problem::InAnotherClient { .. })));

    // Histories: the user's own; the client's spans both; filtered by action and period.
    let query = |client: bool, action: Option<HistoryAction>| HistoryQuery { chat: "vivan".into(), client, action, ..Default::default() };
    let own = histories::history(&state, &anna, query(false, None)).await.unwrap();
    assert!(own.actions.contains(&HistoryAction::UserRenamed));
    assert!(!own.events.iter().any(|e| e.detail.as_deref() == Some("Номер договора: Д-42")), "Maria's chat's event is not Ivan's");
    let whole = histories::history(&state, &anna, query(true, None)).await.unwrap();
    assert!(whole.events.iter().any(|e| e.detail.as_deref() == Some("Номер договора: Д-42")));
    let renames = histories::history(&state, &anna, query(true, Some(HistoryAction::UserRenamed))).await.unwrap();
    assert_eq!(renames.events.len(), 1);
    let future = histories::history(&state, &anna, HistoryQuery { from_ms: Some(i64::MAX / 2), ..query(true, None) }).await.unwrap();
    assert!(future.events.is_empty());

    // Undo: two users → the client is dissolved with its values.
    assert_eq!(problem(clients::unmerge(&state, &anna, "vivan", "romashka").await), Some(Problem::NotInClient));
    clients::unmerge(&state, &anna, "vivan", "maria").await.unwrap();
    assert!(users::user_info(&state, &anna, "vivan").await.unwrap().client.is_none());
    assert!(users::user_info(&state, &anna, "vmaria").await.unwrap().client.is_none());
    let mut response = state.db.query("SELECT VALUE id FROM field_value WHERE owner CONTAINS 'client:'").await.unwrap();
    let left: Vec<serde_json::Value> = response.take(0).unwrap();
    assert!(left.is_empty(), "the dissolved client's values are gone: {left:?}");

    // A client history shows only the chats the reader may see: Ivan's
    // support chat stays out of it for Vera, who has «Продажи» only.
    clients::merge(&state, &anna, "vromashka", "ivan").await.unwrap();
    let vera = signed_in(&state, "vera").await;
    let client_history = |who| histories::history(&state, who, HistoryQuery { chat: "vromashka".into(), client: true, ..Default::default() });
    let for_anna = client_history(&anna).await.unwrap();
    assert!(for_anna.events.iter().any(|e| e.detail.as_deref().is_some_and(|d| d.ends_with("→ Иван Петрович Кузнецов"))), "{:?}", for_anna.events);
    let for_vera = client_history(&vera).await.unwrap();
    assert!(!for_vera.events.is_empty(), "the sales chat's own events are there");
    assert!(!for_vera.events.iter().any(|e| e.detail.as_deref().is_some_and(|d| d.ends_with("→ Иван Петрович Кузнецов"))), "{:?}", for_vera.events);
    assert!(!for_vera.actions.contains(&HistoryAction::UserRenamed));

    // The client card, «Отменить объединение» and a client's block reach only
    // users in rooms the caller has: Vera (sales, now with the rights) sees
    // Romashka and Roman, not Ivan from support.
    state.db.query("UPDATE staff_group:sales SET rights = ['block', 'clients.merge']").await.unwrap().check().unwrap();
    let vera = signed_in(&state, "vera").await;
    let card = users::user_info(&state, &vera, "vromashka").await.unwrap().client.expect("Romashka is in a client");
    assert!(!card.users.iter().any(|u| u.id == "ivan"), "{:?}", card.users.iter().map(|u| &u.id).collect::<Vec<_>>());
    assert!(card.users.iter().any(|u| u.id == other_user));
    assert_eq!(problem(clients::unmerge(&state, &vera, "vromashka", "ivan").await), Some(Problem::NotInClient));
    let until = chats::server::clock::now_ms() + 3_600_000;
    let block = chats::model::block::NewBlock { chat: "vromashka".into(), until_ms: until, reason: "Спам".into(), client: true };
    chats::server::people::blocks::block(&state, &vera, block).await.unwrap();
    assert!(chats::server::people::blocks::active_block(&state, &other_user).await.unwrap().is_some());
    assert!(chats::server::people::blocks::active_block(&state, "ivan").await.unwrap().is_none(), "Ivan's room is not Vera's");
    // Anna, with both rooms, still sees the whole client.
    let card = users::user_info(&state, &anna, "vromashka").await.unwrap().client.unwrap();
    assert!(card.users.iter().any(|u| u.id == "ivan"));
}
