//! History actions as codes over SurrealDB `mem://`: the migration rewrites
//! the Russian phrases older versions stored (and the fixed wording in their
//! details), an unknown action still loads as `Other`, and new events store
//! data-only details.

#![cfg(feature = "server")]

mod common;

use common::signed_in;
use chats::model::directory::FieldOwner;
use chats::model::history::HistoryAction;
use chats::model::user_info::{FieldEdit, HistoryQuery};
use chats::server::chats::{events, histories};
use chats::server::people::users;
use chats::server::startup::open_state;
use chats::server::state::AppState;

const MIGRATION: &str = include_str!("../src/server/store/schema/0011_history_actions.surql");

async fn old_event(state: &AppState, action: &str, detail: Option<&str>, at_ms: i64) {
    state
        .db
        .query("CREATE chat_event SET chat = 'vivan', user = user:ivan, actor = employee:anna, actor_name = 'Анна', action = $action, detail = $detail, at_ms = $at")
        .bind(("action", action.to_string()))
        .bind(("detail", detail.map(String::from)))
        .bind(("at", at_ms))
        .await
        .unwrap()
        .check()
        .unwrap();
}

async fn stored(state: &AppState) -> Vec<(String, Option<String>)> {
    #[derive(serde::Deserialize)]
    struct Row {
        action: String,
        detail: Option<String>,
    }
    let rows: Vec<serde_json::Value> = state.db.query("SELECT action, detail, at_ms FROM chat_event WHERE at_ms < 100 ORDER BY at_ms").await.unwrap().take(0).unwrap();
    rows.into_iter().map(|v| serde_json::from_value::<Row>(v).unwrap()).map(|r| (r.action, r.detail)).collect()
}

#[tokio::test]
async fn the_migration_turns_russian_actions_into_codes_and_unknown_ones_still_load() {
    let state = open_state("mem://", true).await.unwrap();
    let anna = signed_in(&state, "anna").await;
    let old: &[(&str, Option<&str>, &str, Option<&str>)] = &[
        ("Создание чата", Some("Вера, Борис"), "chat_created", Some("Вера, Борис")),
        ("Удаление чата", None, "chat_deleted", None),
        ("Восстановление чата", None, "chat_restored", None),
        ("Удаление чата насовсем", Some("Иван"), "chat_erased", Some("Иван")),
        ("Выход из чата", None, "chat_left", None),
        ("Изменение статуса", Some("Новый → Закрыт"), "status_changed", Some("Новый → Закрыт")),
        ("Назначение ответственного", Some("— → Анна"), "responsible_assigned", Some("— → Анна")),
        ("Изменение темы", Some("— → Возврат"), "topic_changed", Some("— → Возврат")),
        ("Добавление участников", Some("Вера"), "participants_added", Some("Вера")),
        ("Удаление участника", Some("Вера"), "participant_removed", Some("Вера")),
        ("Создание конференции", Some("План"), "conference_created", Some("План")),
        ("Создание вебинара", Some("Обучение"), "webinar_created", Some("Обучение")),
        ("Настройки встречи", None, "meeting_settings_changed", None),
        ("Объединение в клиента", Some("Мария"), "merged_into_client", Some("Мария")),
        ("Отмена объединения", Some("Мария"), "merge_undone", Some("Мария")),
        ("Блокировка пользователя", Some("до 25.11.2025 12:00 UTC · Спам"), "user_blocked", Some("25.11.2025 12:00 UTC · Спам")),
        ("Блокировка клиента", Some("до 01.01.2026 00:00 UTC · до свидания"), "client_blocked", Some("01.01.2026 00:00 UTC · до свидания")),
        ("Разблокировка пользователя", None, "user_unblocked", None),
        ("Разблокировка клиента", None, "client_unblocked", None),
        ("Изменение имени пользователя", Some("Иван → Иван К."), "user_renamed", Some("Иван → Иван К.")),
        ("Изменение поля", Some("Сегмент: Опт"), "field_changed", Some("Сегмент: Опт")),
        ("Изменение поля", Some("Сегмент: очищено"), "field_cleared", Some("Сегмент")),
        ("Что-то из будущего", Some("x"), "Что-то из будущего", Some("x")),
    ];
    for (i, (action, detail, _, _)) in old.iter().enumerate() {
        old_event(&state, action, *detail, i as i64 + 1).await;
    }
    // Applied twice (as a crash mid-way and a restart would): the same result.
    for _ in 0..2 {
        state.db.query(MIGRATION).await.unwrap().check().unwrap();
    }
    let expected: Vec<(String, Option<String>)> = old.iter().map(|(_, _, code, detail)| (code.to_string(), detail.map(String::from))).collect();
    assert_eq!(stored(&state).await, expected);
    // Every code is one the model knows (all but the unknown row).
    for (code, _) in &expected[..expected.len() - 1] {
        assert!(HistoryAction::from_code(code).is_some(), "{code}");
    }

    // The chat's history loads whole, the unknown action as `Other`.
    let events = events::history(&state, &anna, "vivan").await.unwrap();
    let old_ones: Vec<HistoryAction> = events.iter().filter(|e| e.at_ms < 100).map(|e| e.action).collect();
    assert_eq!(old_ones.len(), old.len());
    assert_eq!(old_ones[0], HistoryAction::Other, "newest first");
    assert_eq!(old_ones[old.len() - 1], HistoryAction::ChatCreated);

    // The user's history: its filter's list, filtering by a code and by `Other`.
    let query = |action| HistoryQuery { chat: "vivan".into(), action, ..Default::default() };
    let all = histories::history(&state, &anna, query(None)).await.unwrap();
    assert!(all.actions.contains(&HistoryAction::Other) && all.actions.contains(&HistoryAction::FieldCleared), "{:?}", all.actions);
    assert_eq!(all.actions.iter().filter(|a| **a == HistoryAction::FieldChanged).count(), 1, "each kind once");
    let cleared = histories::history(&state, &anna, query(Some(HistoryAction::FieldCleared))).await.unwrap();
    assert_eq!(cleared.events.iter().map(|e| e.detail.as_deref()).collect::<Vec<_>>(), vec![Some("Сегмент")]);
    let other = histories::history(&state, &anna, query(Some(HistoryAction::Other))).await.unwrap();
    assert_eq!(other.events.iter().map(|e| (e.action, e.detail.as_deref())).collect::<Vec<_>>(), vec![(HistoryAction::Other, Some("x"))]);
}

#[tokio::test]
async fn a_cleared_field_is_its_own_action_with_the_field_name_as_detail() {
    let state = open_state("mem://", true).await.unwrap();
    let anna = signed_in(&state, "anna").await;
    let edit = |value: &str| FieldEdit { chat: "vivan".into(), owner: FieldOwner::User, field: "segment".into(), value: value.into() };
    users::set_field(&state, &anna, edit("Опт")).await.unwrap();
    users::set_field(&state, &anna, edit("")).await.unwrap();
    let events = events::history(&state, &anna, "vivan").await.unwrap();
    let fields: Vec<(HistoryAction, Option<&str>)> = events
        .iter()
        .filter(|e| matches!(e.action, HistoryAction::FieldChanged | HistoryAction::FieldCleared))
        .map(|e| (e.action, e.detail.as_deref()))
        .collect();
    let segment = users::user_info(&state, &anna, "vivan").await.unwrap().user.fields.into_iter().find(|f| f.id == "segment").unwrap();
    assert_eq!(segment.value, None);
    assert_eq!(fields[0].0, HistoryAction::FieldCleared, "{fields:?}");
    assert!(fields[0].1.is_some_and(|name| !name.contains(':')), "{fields:?}");
    assert!(fields[1].0 == HistoryAction::FieldChanged && fields[1].1.is_some_and(|d| d.ends_with(": Опт")), "{fields:?}");
}

#[tokio::test]
async fn the_users_own_activity_is_in_their_history_and_filterable() {
    use chats::model::block::NewBlock;
    use chats::model::client_panel::PageReport;
    use chats::server::people::{blocks, client_panel, visitors};
    let state = open_state("mem://", true).await.unwrap();
    let anna = signed_in(&state, "anna").await;
    let session = visitors::start(&state, "support", "Активный Гость").await.unwrap();
    let page = PageReport { url: "https://shop.example/pricing".into(), title: "Цены".into(), timezone: "Europe/Moscow".into(), language: "ru-RU".into() };
    client_panel::report_page(&state, &session.token, page).await.unwrap();
    visitors::send(&state, &session.token, "own-act-001", "Первый вопрос").await.unwrap();
    visitors::send(&state, &session.token, "own-act-002", "Второй вопрос").await.unwrap();
    let chat = visitors::resume(&state, &session.token, 0).await.unwrap().chat.unwrap();
    let until = chats::server::clock::now_ms() + 3_600_000;
    blocks::block(&state, &anna, NewBlock { chat: chat.clone(), until_ms: until, reason: "Спам".into(), client: false }).await.unwrap();

    let query = |action| HistoryQuery { chat: chat.clone(), action, ..Default::default() };
    let all = histories::history(&state, &anna, query(None)).await.unwrap();
    let seen: Vec<(HistoryAction, Option<&str>)> = all.events.iter().map(|e| (e.action, e.detail.as_deref())).collect();
    for wanted in [HistoryAction::InquiryStarted, HistoryAction::PageVisited, HistoryAction::MessageSent, HistoryAction::UserBlocked] {
        assert!(all.actions.contains(&wanted), "{wanted:?} in the filter's list: {:?}", all.actions);
        assert!(seen.iter().any(|(a, _)| *a == wanted), "{wanted:?} in {seen:?}");
    }
    assert!(seen.contains(&(HistoryAction::PageVisited, Some("https://shop.example/pricing"))));
    assert!(all.events.windows(2).all(|w| w[0].at_ms >= w[1].at_ms), "newest first");
    assert!(all.events.iter().filter(|e| e.action == HistoryAction::MessageSent).all(|e| e.actor_name == "Активный Гость"));

    let messages = histories::history(&state, &anna, query(Some(HistoryAction::MessageSent))).await.unwrap();
    let texts: Vec<&str> = messages.events.iter().filter_map(|e| e.detail.as_deref()).collect();
    assert_eq!(texts, vec!["Второй вопрос", "Первый вопрос"]);
    let pages = histories::history(&state, &anna, query(Some(HistoryAction::PageVisited))).await.unwrap();
    assert_eq!(pages.events.len(), 1);
}
