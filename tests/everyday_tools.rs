//! The everyday tools of a support desk (#14), over SurrealDB `mem://` with
//! the demo workspace: private notes stay with staff, typing reaches only
//! those who may see the chat.

#![cfg(feature = "server")]

mod common;

use chats::model::live::LiveEvent;
use chats::model::message::{HistoryWindow, NewMessage};
use chats::model::problem::Problem;
use chats::server::chats::{messages, summary};
use chats::server::live::{decode, Audience, Frame};
use chats::server::people::visitors;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use common::{problem, signed_in};

async fn demo() -> AppState {
    open_state("mem://", true).await.expect("in-memory database opens")
}

fn note(chat: &str, client_id: &str, text: &str) -> NewMessage {
    NewMessage { chat: chat.into(), client_id: client_id.into(), text: text.into(), note: true, files: vec![] }
}

/// Everything queued for a connection within a short while.
async fn drain(events: &mut tokio::sync::mpsc::Receiver<Frame>) -> Vec<LiveEvent> {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let mut seen = Vec::new();
    while let Ok(frame) = events.try_recv() {
        seen.push(decode(&frame).expect("a valid event"));
    }
    seen
}

fn typing_in(events: &[LiveEvent], chat: &str) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            LiveEvent::Typing { chat: c, name } if c == chat => Some(name.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_private_note_stays_with_staff_and_changes_nothing_for_the_client() {
    let state = demo().await;
    let boris = signed_in(&state, "boris").await;
    let session = visitors::start(&state, "support", "Клиент С Заметкой").await.unwrap();
    visitors::send(&state, &session.token, "visitor-0001", "Помогите, пожалуйста").await.unwrap();
    let visitor = visitors::authenticate(&state, &session.token).await.unwrap();
    let chat = visitor.chat_key();
    let waiting = summary::summary(&state, &chat).await.unwrap().unwrap().waiting_since_ms;
    assert!(waiting.is_some(), "the client waits");

    let (boris_id, mut boris_events) = state.hub.register(Audience::Employee { actor: boris.clone(), session_hash: "b".into() });
    state.hub.watch(boris_id, Some(chat.clone()));
    let (_visitor_id, mut visitor_events) = state.hub.register(Audience::Visitor(visitor.clone()));

    let stored = messages::send_as_employee(&state, &boris, note(&chat, "note-00001", "Похоже на ошибку 500, проверю логи")).await.unwrap();
    assert!(stored.note);
    // A note takes nobody's place: the chat stays in «Новые» and the client still waits.
    let after = summary::summary(&state, &chat).await.unwrap().unwrap();
    assert!(after.is_new(), "a note does not make Boris responsible");
    assert_eq!(after.waiting_since_ms, waiting, "a note does not stop the wait timer");
    // Staff get it live; the visitor's socket never does.
    assert!(drain(&mut boris_events).await.iter().any(|e| matches!(e, LiveEvent::Message { message } if message.id == stored.id && message.note)));
    assert!(!drain(&mut visitor_events).await.iter().any(|e| matches!(e, LiveEvent::Message { .. })), "no note through the visitor's socket");
    // Staff read it in the history; the visitor's resume and history skip it.
    let staff_page = messages::history(&state, &boris, &chat, HistoryWindow::Latest).await.unwrap();
    assert!(staff_page.messages.iter().any(|m| m.id == stored.id && m.note));
    let resumed = visitors::resume(&state, &session.token, 0).await.unwrap();
    assert_eq!(resumed.messages.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["Помогите, пожалуйста"]);
    let page = visitors::history(&state, &visitor, &chat, HistoryWindow::Latest).await.unwrap();
    assert!(page.messages.iter().all(|m| !m.note));
    // A retried note is stored once.
    let again = messages::send_as_employee(&state, &boris, note(&chat, "note-00001", "Похоже на ошибку 500, проверю логи")).await.unwrap();
    assert_eq!(again.id, stored.id);
    // The answer itself reaches the visitor, and makes Boris responsible.
    let answer = NewMessage { chat: chat.clone(), client_id: "answer-0001".into(), text: "Уже смотрим".into(), note: false, files: vec![] };
    messages::send_as_employee(&state, &boris, answer).await.unwrap();
    assert!(drain(&mut visitor_events).await.iter().any(|e| matches!(e, LiveEvent::Message { message } if message.text == "Уже смотрим")));
    assert!(!summary::summary(&state, &chat).await.unwrap().unwrap().is_new());
}

#[tokio::test]
async fn a_visitor_page_of_only_notes_is_skipped_not_returned_empty() {
    let state = demo().await;
    let boris = signed_in(&state, "boris").await;
    let session = visitors::start(&state, "support", "Много Заметок").await.unwrap();
    visitors::send(&state, &session.token, "visitor-0001", "Первый вопрос").await.unwrap();
    let visitor = visitors::authenticate(&state, &session.token).await.unwrap();
    let chat = visitor.chat_key();
    // More notes than a page holds, then the visitor again.
    for i in 0..250 {
        messages::send_as_employee(&state, &boris, note(&chat, &format!("note-{i:05}"), "заметка")).await.unwrap();
    }
    visitors::send(&state, &session.token, "visitor-0002", "Второй вопрос").await.unwrap();

    let resumed = visitors::resume(&state, &session.token, 0).await.unwrap();
    assert_eq!(resumed.messages.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["Второй вопрос"]);
    assert!(resumed.has_older);
    // Scrolling up passes over the pages of notes to the first question.
    let before = resumed.messages[0].seq;
    let older = visitors::history(&state, &visitor, &chat, HistoryWindow::Before(before)).await.unwrap();
    assert_eq!(older.messages.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["Первый вопрос"]);
    assert!(!older.has_older);
    // Catching up after the first question passes over them too.
    let newer = visitors::history(&state, &visitor, &chat, HistoryWindow::After(1)).await.unwrap();
    assert_eq!(newer.messages.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["Второй вопрос"]);
}

#[tokio::test]
async fn a_note_outside_a_client_chat_and_a_note_without_access_are_refused() {
    let state = demo().await;
    let anna = signed_in(&state, "anna").await;
    let vera = signed_in(&state, "vera").await;
    // An internal chat has no client to keep a note from.
    assert_eq!(problem(messages::send_as_employee(&state, &anna, note("staff_anna_boris", "note-00002", "x")).await), Some(Problem::NoteOutsideClientChat));
    // Vera has no access to «Поддержка»: the note is refused like any message.
    let refused = problem(messages::send_as_employee(&state, &vera, note("vivan", "note-00003", "x")).await);
    assert!(matches!(refused, Some(Problem::NotFound { .. } | Problem::Forbidden)), "{refused:?}");
}

#[tokio::test]
async fn typing_reaches_those_who_see_the_chat_and_a_note_s_typing_never_reaches_the_client() {
    let state = demo().await;
    let (anna, boris, vera) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "vera").await);
    let session = visitors::start(&state, "support", "Печатающий Клиент").await.unwrap();
    visitors::send(&state, &session.token, "visitor-0001", "Здравствуйте").await.unwrap();
    let visitor = visitors::authenticate(&state, &session.token).await.unwrap();
    let chat = visitor.chat_key();
    let summary = summary::summary(&state, &chat).await.unwrap().unwrap();

    let (boris_id, mut boris_events) = state.hub.register(Audience::Employee { actor: boris.clone(), session_hash: "b".into() });
    let (anna_id, mut anna_events) = state.hub.register(Audience::Employee { actor: anna.clone(), session_hash: "a".into() });
    let (vera_id, mut vera_events) = state.hub.register(Audience::Employee { actor: vera.clone(), session_hash: "v".into() });
    let (visitor_id, mut visitor_events) = state.hub.register(Audience::Visitor(visitor.clone()));
    state.hub.watch(boris_id, Some(chat.clone()));
    state.hub.watch(vera_id, Some(chat.clone()));
    // Anna may see the chat but shows another one: typing is for those who show it.
    state.hub.watch(anna_id, Some("vivan".into()));

    state.hub.publish_typing(visitor_id, &summary, false);
    assert_eq!(typing_in(&drain(&mut boris_events).await, &chat), ["Печатающий Клиент"]);
    assert!(typing_in(&drain(&mut anna_events).await, &chat).is_empty(), "not shown in another chat");
    assert!(typing_in(&drain(&mut vera_events).await, &chat).is_empty(), "Vera may not see the chat");
    assert!(typing_in(&drain(&mut visitor_events).await, &chat).is_empty(), "nobody is told of their own typing");

    state.hub.publish_typing(boris_id, &summary, false);
    assert_eq!(typing_in(&drain(&mut visitor_events).await, &chat), [boris.name.clone()]);
    assert!(typing_in(&drain(&mut boris_events).await, &chat).is_empty());

    // Writing a note: colleagues showing the chat see it, the client does not.
    state.hub.watch(anna_id, Some(chat.clone()));
    state.hub.publish_typing(boris_id, &summary, true);
    assert_eq!(typing_in(&drain(&mut anna_events).await, &chat), [boris.name.clone()]);
    assert!(typing_in(&drain(&mut visitor_events).await, &chat).is_empty(), "a note's typing stays with staff");

    // Someone without access who claims to type is passed on to nobody.
    state.hub.publish_typing(vera_id, &summary, false);
    assert!(typing_in(&drain(&mut anna_events).await, &chat).is_empty());
    assert!(typing_in(&drain(&mut visitor_events).await, &chat).is_empty());
    // Another visitor cannot type into this chat either.
    let other = visitors::start(&state, "support", "Чужой").await.unwrap();
    let other = visitors::authenticate(&state, &other.token).await.unwrap();
    let (other_id, _other_events) = state.hub.register(Audience::Visitor(other));
    state.hub.publish_typing(other_id, &summary, false);
    assert!(typing_in(&drain(&mut boris_events).await, &chat).is_empty());
}

mod saved_replies {
    use super::*;
    use chats::model::problem::Thing;
    use chats::model::saved_reply::SavedReplyDraft;
    use chats::server::chats::saved_replies;

    fn draft(title: &str, room: Option<&str>) -> SavedReplyDraft {
        SavedReplyDraft { id: String::new(), title: title.into(), text: "Здравствуйте, {client}!".into(), room: room.map(String::from) }
    }

    #[tokio::test]
    async fn personal_replies_are_their_owner_s_alone() {
        let state = demo().await;
        let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
        let mine = saved_replies::save(&state, &boris, draft("Мой ответ", None)).await.unwrap();
        assert!(mine.editable && mine.room.is_none());
        assert!(saved_replies::list(&state, &boris).await.unwrap().iter().any(|r| r.id == mine.id));
        // Anna neither sees, changes nor deletes it: to her it does not exist.
        assert!(!saved_replies::list(&state, &anna).await.unwrap().iter().any(|r| r.id == mine.id));
        let takeover = SavedReplyDraft { id: mine.id.clone(), ..draft("Чужой", None) };
        assert_eq!(problem(saved_replies::save(&state, &anna, takeover).await), Some(Problem::NotFound { thing: Thing::SavedReply }));
        assert_eq!(problem(saved_replies::delete(&state, &anna, &mine.id).await), Some(Problem::NotFound { thing: Thing::SavedReply }));
        // Boris changes and deletes his own.
        let changed = saved_replies::save(&state, &boris, SavedReplyDraft { id: mine.id.clone(), ..draft("Мой новый ответ", None) }).await.unwrap();
        assert_eq!((changed.id.as_str(), changed.title.as_str()), (mine.id.as_str(), "Мой новый ответ"));
        saved_replies::delete(&state, &boris, &mine.id).await.unwrap();
        assert!(!saved_replies::list(&state, &boris).await.unwrap().iter().any(|r| r.id == mine.id));
        assert_eq!(problem(saved_replies::delete(&state, &boris, "no-such-reply").await), Some(Problem::NotFound { thing: Thing::SavedReply }));
    }

    #[tokio::test]
    async fn a_room_s_replies_are_used_by_its_employees_and_managed_with_the_right() {
        let state = demo().await;
        let (anna, boris, vera) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "vera").await);
        // The demo's «Поддержка» replies: Boris uses them but may not change them.
        let seen = saved_replies::list(&state, &boris).await.unwrap();
        let greeting = seen.iter().find(|r| r.id == "greeting").expect("the room's reply").clone();
        assert_eq!(greeting.room.as_deref(), Some("support"));
        assert!(!greeting.editable);
        assert_eq!(problem(saved_replies::save(&state, &boris, draft("Общий", Some("support"))).await), Some(Problem::Forbidden));
        let edit = SavedReplyDraft { id: "greeting".into(), ..draft("Подмена", None) };
        assert_eq!(problem(saved_replies::save(&state, &boris, edit).await), Some(Problem::Forbidden));
        assert_eq!(problem(saved_replies::delete(&state, &boris, "greeting").await), Some(Problem::Forbidden));
        // Vera has no «Поддержка»: its replies are not hers to see or touch.
        assert!(!saved_replies::list(&state, &vera).await.unwrap().iter().any(|r| r.room.as_deref() == Some("support")));
        assert_eq!(problem(saved_replies::delete(&state, &vera, "greeting").await), Some(Problem::NotFound { thing: Thing::SavedReply }));
        // Anna (a supervisor, with the right) shares one; Boris sees it, Vera does not.
        let shared = saved_replies::save(&state, &anna, draft("Доставка", Some("support"))).await.unwrap();
        assert!(shared.editable);
        assert!(saved_replies::list(&state, &boris).await.unwrap().iter().any(|r| r.id == shared.id && !r.editable));
        assert!(!saved_replies::list(&state, &vera).await.unwrap().iter().any(|r| r.id == shared.id));
        // A room she has no access to, and one that does not exist, are refused.
        assert_eq!(problem(saved_replies::save(&state, &vera, draft("Чужая комната", Some("support"))).await), Some(Problem::Forbidden));
        assert_eq!(problem(saved_replies::save(&state, &anna, draft("Нет комнаты", Some("nowhere"))).await), Some(Problem::Forbidden));
        // Bad drafts say what is wrong.
        assert_eq!(problem(saved_replies::save(&state, &anna, draft(" ", None)).await), Some(Problem::EntryNameMissing));
        let empty = SavedReplyDraft { text: String::new(), ..draft("Пустой", None) };
        assert_eq!(problem(saved_replies::save(&state, &anna, empty).await), Some(Problem::MessageEmpty));
    }
}

mod mentions {
    use super::*;
    use chats::server::chats::summary::visible_chats;

    async fn row_of(state: &AppState, who: &chats::server::rights::Actor, chat: &str) -> Option<chats::model::chat::ChatRow> {
        visible_chats(state, who).await.unwrap().into_iter().find(|r| r.chat.id == chat)
    }

    fn message(chat: &str, client_id: &str, text: &str, note: bool) -> NewMessage {
        NewMessage { chat: chat.into(), client_id: client_id.into(), text: text.into(), note, files: vec![] }
    }

    #[tokio::test]
    async fn a_mention_in_a_staff_chat_marks_it_for_the_colleague_until_read() {
        let state = demo().await;
        let (anna, boris, vera) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "vera").await);
        let (_id, mut boris_events) = state.hub.register(Audience::Employee { actor: boris.clone(), session_hash: "b".into() });
        let (_id, mut vera_events) = state.hub.register(Audience::Employee { actor: vera.clone(), session_hash: "v".into() });
        // Vera is not in Anna and Boris's chat: naming her there tells her nothing.
        let sent = messages::send_as_employee(&state, &anna, message("staff_anna_boris", "mention-001", "@Борис Иванов и @Вера Петрова, гляньте", false)).await.unwrap();
        let events = drain(&mut boris_events).await;
        assert!(events.iter().any(|e| matches!(e, LiveEvent::Mention { chat, seq, by } if chat == "staff_anna_boris" && *seq == sent.seq && by == "Анна Смирнова")));
        assert!(!drain(&mut vera_events).await.iter().any(|e| matches!(e, LiveEvent::Mention { .. })));
        let row = row_of(&state, &boris, "staff_anna_boris").await.unwrap();
        assert_eq!(row.mentioned_seq, sent.seq);
        assert!(row.mentions_me());
        // Reading the chat clears the mark.
        messages::mark_read(&state, &boris, "staff_anna_boris", sent.seq).await.unwrap();
        assert!(!row_of(&state, &boris, "staff_anna_boris").await.unwrap().mentions_me());
        // Nobody mentions themselves.
        messages::send_as_employee(&state, &anna, message("staff_anna_boris", "mention-002", "@Анна Смирнова", false)).await.unwrap();
        assert_eq!(row_of(&state, &anna, "staff_anna_boris").await.unwrap().mentioned_seq, 0);
    }

    #[tokio::test]
    async fn in_a_client_chat_only_a_private_note_mentions() {
        let state = demo().await;
        let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
        // An answer the client reads does not call a colleague in.
        messages::send_as_employee(&state, &anna, message("vivan", "mention-003", "@Борис, помоги", false)).await.unwrap();
        assert_eq!(row_of(&state, &boris, "vivan").await.unwrap().mentioned_seq, 0);
        let sent = messages::send_as_employee(&state, &anna, message("vivan", "mention-004", "@Борис, помоги с этим клиентом", true)).await.unwrap();
        assert_eq!(row_of(&state, &boris, "vivan").await.unwrap().mentioned_seq, sent.seq);
    }
}

mod ratings {
    use super::*;
    use chats::model::history::HistoryAction;
    use chats::model::problem::Thing;
    use chats::model::rating::NewRating;
    use chats::model::user_info::HistoryQuery;
    use chats::server::admin::ratings;
    use chats::server::chats::{actions, histories};

    fn rating(chat: &str, score: u8, comment: &str) -> NewRating {
        NewRating { chat: chat.into(), score, comment: comment.into() }
    }

    #[tokio::test]
    async fn a_closed_inquiry_is_rated_once_by_its_client_and_the_report_counts_it() {
        let state = demo().await;
        let (admin, boris) = (signed_in(&state, "admin").await, signed_in(&state, "boris").await);
        let session = visitors::start(&state, "support", "Оценивающий Клиент").await.unwrap();
        visitors::send(&state, &session.token, "visitor-0001", "Вопрос").await.unwrap();
        let visitor = visitors::authenticate(&state, &session.token).await.unwrap();
        let chat = visitor.chat_key();
        let answer = NewMessage { chat: chat.clone(), client_id: "answer-0001".into(), text: "Ответ".into(), note: false, files: vec![] };
        messages::send_as_employee(&state, &boris, answer).await.unwrap();

        // Not while the inquiry is open.
        assert_eq!(visitors::resume(&state, &session.token, 0).await.unwrap().to_rate, None);
        assert_eq!(problem(visitors::rate(&state, &visitor, rating(&chat, 5, "")).await), Some(Problem::RatingNotOpen));

        // Closed: the widget asks, live (its socket is told to look again).
        let (_id, mut visitor_events) = state.hub.register(Audience::Visitor(visitor.clone()));
        actions::set_status(&state, &boris, &chat, "closed").await.unwrap();
        assert!(drain(&mut visitor_events).await.iter().any(|e| matches!(e, LiveEvent::Refresh)));
        assert_eq!(visitors::resume(&state, &session.token, 0).await.unwrap().to_rate.as_deref(), Some(chat.as_str()));

        // Bad ratings and someone else's are refused; nothing is stored.
        assert_eq!(problem(visitors::rate(&state, &visitor, rating(&chat, 6, "")).await), Some(Problem::RatingOutOfRange));
        let other = visitors::start(&state, "support", "Чужой").await.unwrap();
        let other = visitors::authenticate(&state, &other.token).await.unwrap();
        assert_eq!(problem(visitors::rate(&state, &other, rating(&chat, 1, "")).await), Some(Problem::NotFound { thing: Thing::Chat }));

        visitors::rate(&state, &visitor, rating(&chat, 4, "  Быстро ответили  ")).await.unwrap();
        assert_eq!(problem(visitors::rate(&state, &visitor, rating(&chat, 1, "")).await), Some(Problem::AlreadyRated));
        assert_eq!(visitors::resume(&state, &session.token, 0).await.unwrap().to_rate, None);
        let rated = summary::summary(&state, &chat).await.unwrap().unwrap().rating.unwrap();
        assert_eq!((rated.score, rated.comment.as_deref()), (4, Some("Быстро ответили")));

        // The client's history shows it.
        let query = HistoryQuery { chat: chat.clone(), client: false, from_ms: None, to_ms: None, action: Some(HistoryAction::Rated) };
        let history = histories::history(&state, &boris, query).await.unwrap();
        assert_eq!(history.events.iter().map(|e| e.detail.clone().unwrap_or_default()).collect::<Vec<_>>(), ["4/5 — Быстро ответили"]);

        // The report: «Поддержка» and Boris (responsible when it was closed), for the administrator only.
        let report = ratings::report(&state, &admin, 0, i64::MAX).await.unwrap();
        let room = report.rooms.iter().find(|l| l.name == "Поддержка").expect("the room's line");
        assert_eq!((room.count, room.average), (1, 4.0));
        let operator = report.operators.iter().find(|l| l.name == "Борис Иванов").expect("Boris's line");
        assert_eq!((operator.count, operator.average), (1, 4.0));
        assert!(ratings::report(&state, &admin, 0, 1).await.unwrap().rooms.is_empty(), "outside the period: nothing");
        assert_eq!(problem(ratings::report(&state, &boris, 0, i64::MAX).await), Some(Problem::Forbidden));
    }
}

mod working_hours {
    use super::*;
    use chats::model::hours::{DayHours, Welcome, WorkingHours};
    use chats::model::problem::Thing;
    use chats::model::visitor::OfflineForm;
    use chats::server::admin::room_hours;
    use chats::server::people::client_panel;

    fn closed_all_week(accept_outside: bool) -> WorkingHours {
        WorkingHours { enabled: true, timezone: "Europe/Moscow".into(), days: vec![None; 7], accept_outside, offline_when_nobody: false }
    }

    #[tokio::test]
    async fn the_hours_are_checked_saved_by_an_administrator_and_decide_the_welcome() {
        let state = demo().await;
        let (admin, boris) = (signed_in(&state, "admin").await, signed_in(&state, "boris").await);
        assert_eq!(room_hours::welcome(&state, "support").await.unwrap(), Welcome::Chat, "no hours: always a chat");
        // Refusals: not an administrator, a bad day, an unknown zone, a room that is not a client's.
        assert_eq!(problem(room_hours::save(&state, &boris, "support", closed_all_week(true)).await), Some(Problem::Forbidden));
        let mut reversed = WorkingHours::default();
        reversed.days[2] = Some(DayHours { from_min: 18 * 60, to_min: 9 * 60 });
        assert_eq!(problem(room_hours::save(&state, &admin, "support", reversed).await), Some(Problem::BadWorkingHours));
        let nowhere = WorkingHours { timezone: "Mars/Olympus".into(), ..WorkingHours::default() };
        assert_eq!(problem(room_hours::save(&state, &admin, "support", nowhere).await), Some(Problem::UnknownTimezone));
        assert_eq!(problem(room_hours::save(&state, &admin, "staff", WorkingHours::default()).await), Some(Problem::NotFound { thing: Thing::Room }));

        // Closed all week: a chat with a notice, or the offline form.
        room_hours::save(&state, &admin, "support", closed_all_week(true)).await.unwrap();
        assert_eq!(room_hours::room_hours(&state, &admin, "support").await.unwrap(), closed_all_week(true));
        assert_eq!(visitors::widget_room(&state, "support").await.unwrap().welcome, Welcome::ChatOutsideHours);
        room_hours::save(&state, &admin, "support", closed_all_week(false)).await.unwrap();
        assert_eq!(visitors::widget_room(&state, "support").await.unwrap().welcome, Welcome::OfflineForm);

        // Around the clock, but the offline form while nobody of the room is at work.
        let always = WorkingHours { enabled: false, offline_when_nobody: true, ..WorkingHours::default() };
        room_hours::save(&state, &admin, "support", always).await.unwrap();
        assert_eq!(room_hours::welcome(&state, "support").await.unwrap(), Welcome::OfflineForm);
        let (_id, _events) = state.hub.register(Audience::Employee { actor: boris.clone(), session_hash: "b".into() });
        assert_eq!(room_hours::welcome(&state, "support").await.unwrap(), Welcome::Chat, "Boris has a tab open and is at work");
        chats::server::people::profile::set_activity(&state, &boris, false).await.unwrap();
        assert_eq!(room_hours::welcome(&state, "support").await.unwrap(), Welcome::OfflineForm, "on a break he is not at work");
    }

    #[test]
    fn the_hours_are_read_in_the_room_s_time_zone() {
        let hours = WorkingHours { enabled: true, ..WorkingHours::default() };
        // Wednesday 2026-12-02: 06:30 UTC is 09:30 in Moscow (open), 15:30 UTC is 18:30 (closed).
        assert!(room_hours::open_now(&hours, 1_796_193_000_000));
        assert!(!room_hours::open_now(&hours, 1_796_225_400_000));
        let london = WorkingHours { timezone: "Europe/London".into(), ..hours };
        assert!(room_hours::open_now(&london, 1_796_225_400_000 - 3 * 3_600_000), "12:30 in London");
    }

    #[tokio::test]
    async fn the_offline_form_leaves_an_inquiry_with_the_e_mail_in_new() {
        let state = demo().await;
        let boris = signed_in(&state, "boris").await;
        let form = |email: &str| OfflineForm { name: "Ночной Клиент".into(), email: email.into(), text: "Перезвоните утром".into(), client_id: "offline-0001".into() };
        for bad in ["", "no-at-sign", "a@b", "a b@example.com", "@example.com"] {
            assert_eq!(problem(visitors::start_offline(&state, None, "support", form(bad)).await), Some(Problem::EmailInvalid), "{bad:?}");
        }
        let session = visitors::start_offline(&state, None, "support", form("night@example.com")).await.unwrap();
        assert_eq!(session.messages.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["Перезвоните утром"]);
        let chat = session.chat.clone().expect("the inquiry");
        let summary = summary::summary(&state, &chat).await.unwrap().unwrap();
        assert!(summary.left_offline && summary.is_new());
        let panel = client_panel::panel(&state, &boris, &chat).await.unwrap();
        assert_eq!(panel.email.as_deref(), Some("night@example.com"));
        // Only one visitor was made: the bad addresses were refused before anything was stored.
        let rows = chats::server::chats::summary::visible_chats(&state, &boris).await.unwrap();
        assert_eq!(rows.iter().filter(|r| r.chat.client_name.as_deref() == Some("Ночной Клиент")).count(), 1);
    }
}
