//! The client panel (C1) and blocks (C14, C15) over SurrealDB `mem://`: the
//! widget's page reports with UTM tags, the room deciding what shows, a block
//! that needs the right, a reason and a future end, refusing the visitor's
//! sends until «Разблокировать» or its end.

#![cfg(feature = "server")]

mod common;

use common::{signed_in, problem};
use chats::model::problem::{Problem, Thing};
use chats::model::block::NewBlock;
use chats::model::client_panel::PageReport;
use chats::server::chats::events::{history, HistoryAction};
use chats::server::chats::summary::summary;
use chats::server::clock::now_ms;
use chats::server::startup::open_state;
use chats::server::{people::blocks, people::client_panel, people::visitors};
use chats::server::admin::directory::fields;

async fn panel_fields(state: &chats::server::state::AppState, who: &chats::server::rights::Actor, chat: &str) -> Vec<chats::model::client_panel::FieldValue> {
    client_panel::panel(state, who, chat).await.unwrap().fields
}

fn page(url: &str) -> PageReport {
    PageReport { url: url.into(), title: "Цены".into(), timezone: "Europe/Moscow".into(), language: "ru-RU".into() }
}

#[tokio::test]
async fn the_panel_follows_the_visitors_page_and_the_room_decides_what_shows() {
    let state = open_state("mem://", true).await.unwrap();
    let anna = signed_in(&state, "anna").await;
    let visitor = visitors::start(&state, "support", "Пётр").await.unwrap();
    visitors::send(&state, &visitor.token, "panel-0001", "Здравствуйте").await.unwrap();
    let chat = visitors::resume(&state, &visitor.token, 0).await.unwrap().chat.unwrap();

    client_panel::report_page(&state, &visitor.token, page("https://shop.example/pricing?utm_source=google&utm_campaign=spring")).await.unwrap();
    let rev = summary(&state, &chat).await.unwrap().unwrap().rev;
    let panel = client_panel::panel(&state, &anna, &chat).await.unwrap();
    assert_eq!(panel.page.as_ref().map(|p| p.url.as_str()), Some("https://shop.example/pricing?utm_source=google&utm_campaign=spring"));
    assert_eq!(panel.utm, vec![("utm_source".into(), "google".into()), ("utm_campaign".into(), "spring".into())]);
    assert_eq!(panel.location.as_deref(), Some("Europe/Moscow · ru-RU"));
    assert_eq!(panel.shown, vec!["fields", "responsible", "location", "page", "utm"]);

    // A new page: the page changes, the visit's tags stay, the chat is bumped (live).
    client_panel::report_page(&state, &visitor.token, page("https://shop.example/delivery")).await.unwrap();
    let panel = client_panel::panel(&state, &anna, &chat).await.unwrap();
    assert_eq!(panel.page.unwrap().url, "https://shop.example/delivery");
    assert_eq!(panel.utm.len(), 2);
    assert!(summary(&state, &chat).await.unwrap().unwrap().rev > rev);
    // The same page again wakes nobody.
    let rev = summary(&state, &chat).await.unwrap().unwrap().rev;
    client_panel::report_page(&state, &visitor.token, page("https://shop.example/delivery")).await.unwrap();
    assert_eq!(summary(&state, &chat).await.unwrap().unwrap().rev, rev);

    // Bad reports and strangers.
    assert_eq!(problem(client_panel::report_page(&state, &visitor.token, page("javascript:alert(1)")).await), Some(Problem::PageUrlScheme));
    assert_eq!(problem(client_panel::report_page(&state, &"0".repeat(64), page("https://x.example/")).await), Some(Problem::SignInRequired));
    let vera = signed_in(&state, "vera").await;
    assert_eq!(problem(client_panel::panel(&state, &vera, &chat).await), Some(Problem::NotFound { thing: Thing::Chat }));

    // Each custom field says whether it shows on the panel («Показывать на
    // панели»); the user-info card still has them all.
    let names = |fields: &[chats::model::client_panel::FieldValue]| fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    assert!(names(&panel_fields(&state, &anna, &chat).await).contains(&"Сегмент".to_string()));
    let admin = signed_in(&state, "admin").await;
    let mut segment = fields::list(&state, &admin).await.unwrap().into_iter().find(|f| f.id == "segment").unwrap();
    assert!(segment.on_panel, "a field shows on the panel unless told otherwise");
    segment.on_panel = false;
    fields::save(&state, &admin, segment).await.unwrap();
    assert!(!fields::list(&state, &admin).await.unwrap().into_iter().find(|f| f.id == "segment").unwrap().on_panel);
    assert!(!names(&panel_fields(&state, &anna, &chat).await).contains(&"Сегмент".to_string()), "hidden from the panel");
    let user = summary(&state, &chat).await.unwrap().unwrap().user.unwrap();
    let all = chats::server::people::users::field_entries(&state, chats::model::directory::FieldOwner::User, &user).await.unwrap();
    assert!(all.iter().any(|f| f.name == "Сегмент"), "still in the user's card");

    // The room shows only the page.
    state.db.query("UPDATE room:support SET panel_fields = ['page']").await.unwrap().check().unwrap();
    let narrow = client_panel::panel(&state, &anna, &chat).await.unwrap();
    assert_eq!(narrow.shown, vec!["page"]);
    // What the room hides does not leave the server.
    assert!(narrow.page.is_some());
    assert!(narrow.utm.is_empty() && narrow.location.is_none() && narrow.responsible.is_none() && narrow.fields.is_empty());
}

#[tokio::test]
async fn a_block_refuses_the_visitor_until_unblocked_or_its_end() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
    let visitor = visitors::start(&state, "support", "Спамер").await.unwrap();
    visitors::send(&state, &visitor.token, "block-0001", "Купите").await.unwrap();
    let chat = visitors::resume(&state, &visitor.token, 0).await.unwrap().chat.unwrap();
    let hour = now_ms() + 3_600_000;
    let block = |until_ms: i64, reason: &str| NewBlock { chat: chat.clone(), until_ms, reason: reason.into(), client: false };

    assert_eq!(problem(blocks::block(&state, &boris, block(hour, "Спам")).await), Some(Problem::Forbidden), "Boris lacks the right");
    assert_eq!(problem(blocks::block(&state, &anna, block(hour, "  ")).await), Some(Problem::BlockReasonMissing));
    assert_eq!(problem(blocks::block(&state, &anna, block(now_ms() - 1000, "Спам")).await), Some(Problem::BlockEndPassed));
    assert_eq!(problem(blocks::block(&state, &anna, NewBlock { chat: "staff_anna_boris".into(), ..block(hour, "Спам") }).await), Some(Problem::Forbidden));
    assert_eq!(problem(blocks::unblock(&state, &anna, &chat).await), Some(Problem::NotBlocked), "not blocked yet");
    visitors::send(&state, &visitor.token, "block-0002", "Ещё можно").await.unwrap();

    blocks::block(&state, &anna, block(hour, "Спам")).await.unwrap();
    assert_eq!(problem(visitors::send(&state, &visitor.token, "block-0003", "Купите!").await), Some(Problem::Blocked));
    assert_eq!(visitors::resume(&state, &visitor.token, 0).await.unwrap().blocked_until_ms, Some(hour));
    assert_eq!(client_panel::panel(&state, &anna, &chat).await.unwrap().block.map(|b| b.reason), Some("Спам".into()));

    blocks::unblock(&state, &anna, &chat).await.unwrap();
    visitors::send(&state, &visitor.token, "block-0003", "Извините").await.unwrap();
    assert_eq!(visitors::resume(&state, &visitor.token, 0).await.unwrap().blocked_until_ms, None);

    // A short block ends by itself. (Long enough that a busy machine still
    // sends the first message inside it; its end is then waited for.)
    let end = now_ms() + 3_000;
    blocks::block(&state, &anna, block(end, "Пауза")).await.unwrap();
    assert_eq!(problem(visitors::send(&state, &visitor.token, "block-0004", "…").await), Some(Problem::Blocked));
    tokio::time::sleep(std::time::Duration::from_millis((end - now_ms() + 100).max(0) as u64)).await;
    visitors::send(&state, &visitor.token, "block-0004", "Снова пишу").await.unwrap();

    let events = history(&state, &anna, &chat).await.unwrap();
    let actions: Vec<HistoryAction> = events.iter().map(|e| e.action).collect();
    assert_eq!(actions.iter().filter(|a| **a == HistoryAction::UserBlocked).count(), 2, "{actions:?}");
    assert!(actions.contains(&HistoryAction::UserUnblocked));
    let blocked = events.iter().find(|e| e.action == HistoryAction::UserBlocked).and_then(|e| e.detail.as_deref()).unwrap_or_default();
    assert!(blocked.ends_with(" UTC · Пауза") && blocked.chars().next().is_some_and(|c| c.is_ascii_digit()), "data only, no wording: {blocked:?}");

    // The whole client (C14): refused until merged; then every merged user is
    // blocked, and «Разблокировать» in any of their chats frees them all.
    let client_block = NewBlock { client: true, ..block(hour, "Мошенничество") };
    assert_eq!(problem(blocks::block(&state, &anna, client_block.clone()).await), Some(Problem::BlockClientNotMerged));
    let twin = visitors::start(&state, "support", "Спамер 2").await.unwrap();
    visitors::send(&state, &twin.token, "block-twin-1", "Это снова я").await.unwrap();
    let twin_chat = visitors::resume(&state, &twin.token, 0).await.unwrap().chat.unwrap();
    let twin_user = chats::server::people::users::user_info(&state, &anna, &twin_chat).await.unwrap().user.id;
    chats::server::people::clients::merge(&state, &anna, &chat, &twin_user).await.unwrap();
    blocks::block(&state, &anna, client_block).await.unwrap();
    assert_eq!(problem(visitors::send(&state, &twin.token, "block-twin-2", "…").await), Some(Problem::Blocked));
    assert!(summary(&state, &twin_chat).await.unwrap().unwrap().blocked_until_ms.is_some());
    blocks::unblock(&state, &anna, &twin_chat).await.unwrap();
    visitors::send(&state, &visitor.token, "block-0005", "Свободен").await.unwrap();
    visitors::send(&state, &twin.token, "block-twin-2", "И я").await.unwrap();
    let actions: Vec<HistoryAction> = history(&state, &anna, &twin_chat).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&HistoryAction::ClientUnblocked), "{actions:?}");
}

/// #12: a blocked visitor who starts a new widget session from the same
/// address (an IPv6 /64 counts as one) is still blocked; another address is
/// not; «Разблокировать» frees both sessions.
#[tokio::test]
async fn a_block_is_not_dodged_by_a_new_widget_session() {
    let state = open_state("mem://", true).await.unwrap();
    let anna = signed_in(&state, "anna").await;
    let at = |text: &str| Some(text.parse::<std::net::IpAddr>().unwrap());
    let first = visitors::start_from(&state, at("2001:db8:1:2::10"), "support", "Спамер").await.unwrap();
    visitors::send(&state, &first.token, "dodge-0001", "Купите").await.unwrap();
    let chat = visitors::resume(&state, &first.token, 0).await.unwrap().chat.unwrap();
    let until = now_ms() + 3_600_000;
    blocks::block(&state, &anna, NewBlock { chat: chat.clone(), until_ms: until, reason: "Спам".into(), client: false }).await.unwrap();

    // A new session from the same /64: blocked from the start, until the same time.
    let again = visitors::start_from(&state, at("2001:db8:1:2::99"), "support", "Новое имя").await.unwrap();
    assert_eq!(again.blocked_until_ms, Some(until));
    assert_eq!(problem(visitors::send(&state, &again.token, "dodge-0002", "Это снова я").await), Some(Problem::Blocked));
    // Another address is not.
    let stranger = visitors::start_from(&state, at("198.51.100.7"), "support", "Другой").await.unwrap();
    assert_eq!(stranger.blocked_until_ms, None);
    visitors::send(&state, &stranger.token, "dodge-0003", "Здравствуйте").await.unwrap();

    // A private address is every visitor's behind an untrusted proxy: it carries no block.
    let lan = visitors::start_from(&state, at("10.0.0.5"), "support", "Из офиса").await.unwrap();
    visitors::send(&state, &lan.token, "dodge-lan-1", "Спам из офиса").await.unwrap();
    let lan_chat = visitors::resume(&state, &lan.token, 0).await.unwrap().chat.unwrap();
    blocks::block(&state, &anna, NewBlock { chat: lan_chat, until_ms: until, reason: "Спам".into(), client: false }).await.unwrap();
    let neighbour = visitors::start_from(&state, at("10.0.0.5"), "support", "Сосед").await.unwrap();
    assert_eq!(neighbour.blocked_until_ms, None);

    // Unblocking the original frees the session that inherited the block.
    blocks::unblock(&state, &anna, &chat).await.unwrap();
    visitors::send(&state, &again.token, "dodge-0004", "Можно?").await.unwrap();
    visitors::send(&state, &first.token, "dodge-0005", "И мне").await.unwrap();
    // With the block over, a new session from that address is free too.
    let later = visitors::start_from(&state, at("2001:db8:1:2::5"), "support", "Позже").await.unwrap();
    assert_eq!(later.blocked_until_ms, None);
}
