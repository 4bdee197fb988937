//! The Telegram source (#16) against an in-process stand-in for the Bot
//! API: text and a photo both ways, a 429 with `retry_after` waited out, a
//! long answer cut into Telegram's pieces, and the update offset stored.

#![cfg(feature = "server")]

mod common;

use std::time::Instant;

use chats::model::channel::{Delivery, SourceHealth, TelegramSource};
use chats::model::chat::{ChatSummary, Source};
use chats::model::message::{HistoryWindow, Message, NewMessage};
use chats::server::channels::telegram;
use chats::server::chats::{attachments, messages, summary::visible_chats};
use chats::server::rights::Actor;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use common::{signed_in, wait_for};
use common::telegram::{Sent, StandIn};

const TOKEN: &str = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

async fn telegram_chats(state: &AppState, who: &Actor) -> Vec<ChatSummary> {
    visible_chats(state, who).await.unwrap().into_iter().map(|r| r.chat).filter(|c| c.source == Source::Messenger).collect()
}

async fn messages_of(state: &AppState, who: &Actor, chat: &str) -> Vec<Message> {
    messages::history(state, who, chat, HistoryWindow::Latest).await.unwrap().messages
}

async fn answer(state: &AppState, who: &Actor, chat: &str, id: &str, text: &str, files: Vec<String>) -> Message {
    messages::send_as_employee(state, who, NewMessage { chat: chat.into(), client_id: id.into(), text: text.into(), note: false, files }).await.unwrap()
}

async fn wait_sent(state: &AppState, who: &Actor, chat: &str, seq: i64) {
    wait_for("the answer to be sent", || async { messages_of(state, who, chat).await.iter().any(|m| m.seq == seq && m.delivery == Some(Delivery::Sent)) }).await;
}

#[tokio::test]
async fn telegram_text_and_photos_go_both_ways_and_a_429_is_waited_out() {
    let api = StandIn::start(TOKEN).await;
    let state = open_state("mem://", true).await.unwrap();
    state.channels.set_telegram_api(&api.url);
    let admin = signed_in(&state, "admin").await;
    let boris = signed_in(&state, "boris").await;

    // Settings: a malformed token is refused; the real one is stored
    // encrypted, and «Проверить подключение» names the bot.
    let bad = telegram::save_telegram_source(&state, &admin, TelegramSource { room: "support".into(), token: "not a token".into(), enabled: true, ..Default::default() }).await;
    assert_eq!(common::problem(bad), Some(chats::model::problem::Problem::BadBotToken));
    telegram::save_telegram_source(&state, &admin, TelegramSource { room: "support".into(), token: TOKEN.into(), enabled: true, ..Default::default() }).await.unwrap();
    let stored: Vec<String> = state.db.query("SELECT VALUE token FROM telegram_source").await.unwrap().take(0).unwrap();
    assert!(stored[0].starts_with("enc1:") && !stored[0].contains("AAEhBOweik6ad9r"));
    assert_eq!(telegram::check_connection(&state, &admin, "support").await.unwrap(), Ok("support_test_bot".to_string()));
    let listed = telegram::telegram_sources(&state, &admin).await.unwrap();
    assert!(listed[0].token.is_empty() && listed[0].has_token && listed[0].bot_username.as_deref() == Some("support_test_bot"));
    wait_for("the bot to poll", || async { matches!(state.channels.health(&telegram::health_key("support")), SourceHealth::Connected { .. }) }).await;

    // A user writes: a new inquiry in «Новые».
    let written = Instant::now();
    api.user_writes(5001, "Ольга", "Привет из Telegram");
    wait_for("the inquiry", || async { !telegram_chats(&state, &boris).await.is_empty() }).await;
    println!("Telegram message to the operator's list: {} ms", written.elapsed().as_millis());
    let chat = telegram_chats(&state, &boris).await.remove(0);
    assert_eq!(chat.client_name.as_deref(), Some("Ольга"));
    assert!(chat.waiting_since_ms.is_some());
    assert_eq!(messages_of(&state, &boris, &chat.id).await[0].text, "Привет из Telegram");

    // A photo with a caption: the same chat, the picture as an attachment.
    api.user_sends_photo(5001, "Ольга", PNG, "Вот фото");
    wait_for("the photo", || async { messages_of(&state, &boris, &chat.id).await.len() == 2 }).await;
    let photo = messages_of(&state, &boris, &chat.id).await.remove(1);
    assert_eq!(photo.text, "Вот фото");
    assert_eq!(photo.files.len(), 1);
    assert_eq!(photo.files[0].mime, "image/png");
    assert_eq!(photo.files[0].size as usize, PNG.len(), "the largest size, not the thumbnail");

    // The operator answers with text and a picture.
    let file = attachments::upload_as_employee(&state, &boris, &chat.id, "схема.png", futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(PNG))])).await.unwrap();
    let sent = answer(&state, &boris, &chat.id, "tg-answer-1", "Спасибо, смотрим", vec![file.id]).await;
    assert!(matches!(sent.delivery, Some(Delivery::Queued { .. })));
    wait_sent(&state, &boris, &chat.id, sent.seq).await;
    println!("answer with a picture to the stand-in: {} ms", written.elapsed().as_millis());
    assert_eq!(
        api.sent(),
        vec![
            Sent::Text { chat_id: 5001, text: "Спасибо, смотрим".into() },
            Sent::File { chat_id: 5001, method: "sendPhoto".into(), name: "схема.png".into(), bytes: PNG.to_vec() },
        ]
    );

    // Telegram says 429: the answer waits `retry_after` and goes once.
    api.throttle_next(1);
    let throttled = answer(&state, &boris, &chat.id, "tg-answer-2", "Уточните номер заказа", vec![]).await;
    wait_sent(&state, &boris, &chat.id, throttled.seq).await;
    println!("throttled answer sent: {} ms", written.elapsed().as_millis());
    assert_eq!(api.throttled(), 1);
    let texts: Vec<Sent> = api.sent().into_iter().filter(|s| matches!(s, Sent::Text { text, .. } if text == "Уточните номер заказа")).collect();
    assert_eq!(texts.len(), 1, "sent once");
    let attempts: Vec<Option<i64>> = state.db.query("SELECT VALUE delivery_attempts FROM message WHERE client_id = 'tg-answer-2'").await.unwrap().take(0).unwrap();
    assert_eq!(attempts, vec![Some(2)]);

    // A long answer goes in Telegram's pieces.
    let long = ["а".repeat(4000), "б".repeat(2000)].join("\n");
    let long_answer = answer(&state, &boris, &chat.id, "tg-answer-3", &long, vec![]).await;
    wait_sent(&state, &boris, &chat.id, long_answer.seq).await;
    let pieces: Vec<String> = api.sent().into_iter().filter_map(|s| match s { Sent::Text { text, .. } if text.starts_with('а') || text.starts_with('б') => Some(text), _ => None }).collect();
    assert_eq!(pieces, vec!["а".repeat(4000), "б".repeat(2000)]);

    // The offset is stored: a restart reads nothing twice.
    let offsets: Vec<Option<i64>> = state.db.query("SELECT VALUE update_offset FROM telegram_source").await.unwrap().take(0).unwrap();
    assert_eq!(offsets, vec![Some(3)]);
}
