//! `model::Problem`: every variant survives serde and the trip through a
//! server function's error to the browser, and has a text in both languages
//! (English without Cyrillic, Russian as the manual words it).

#![cfg(feature = "server")]

use std::collections::BTreeSet;

use chats::api::problem_of;
use chats::model::problem::{Problem, Thing};
use chats::server::error::ServiceError;
use chats::ui::i18n::Lang;
use chats::ui::problem::problem_text;
use dioxus::prelude::ServerFnError;

/// One of each variant.
fn samples() -> Vec<Problem> {
    vec![
        Problem::SignInRequired,
        Problem::Forbidden,
        Problem::NotFound { thing: Thing::Room },
        Problem::WrongCredentials,
        Problem::TooManyAttempts { retry_secs: 30 },
        Problem::TooManyRequests { retry_secs: 20 },
        Problem::TooManyMessages { retry_secs: 1 },
        Problem::Blocked,
        Problem::Internal,
        Problem::MalformedRequest,
        Problem::NoConnection,
        Problem::MessageEmpty,
        Problem::MessageTooLong { chars: 3, max: 3 },
        Problem::BadClientId,
        Problem::BadMessageNumber,
        Problem::NameMissing,
        Problem::NameTooLong { max: 3 },
        Problem::NameLength { max: 3 },
        Problem::EntryNameMissing,
        Problem::TitleTooLong { max: 3 },
        Problem::DuplicateName { thing: Thing::Room },
        Problem::SameReplacement { thing: Thing::Room },
        Problem::InUse { thing: Thing::Room, count: 3 },
        Problem::BadColor,
        Problem::DefaultStatusClosed,
        Problem::StatusMessageTooLong { max: 3 },
        Problem::DefaultStatusRequired,
        Problem::DefaultStatusUndeletable,
        Problem::MoveOnlyToClientRoom,
        Problem::ChoicesMissing,
        Problem::TooManyChoices { max: 3, max_chars: 3 },
        Problem::FieldKindFixed,
        Problem::ValueTooLong { max: 3 },
        Problem::NumberExpected,
        Problem::DateExpected,
        Problem::ChoiceExpected,
        Problem::RoomNameMissing,
        Problem::BadMaxWait,
        Problem::RoomLimit { max: 3 },
        Problem::UnknownPanelField { field: "x".into() },
        Problem::RoomKindFixed,
        Problem::BadMoveStep,
        Problem::ImageTooLarge { kb: 3 },
        Problem::FileDamaged,
        Problem::NotAnImage,
        Problem::BadEmail,
        Problem::MailServersMissing,
        Problem::BadPort,
        Problem::MailboxLoginMissing,
        Problem::MailboxPasswordMissing,
        Problem::PasswordTooLong,
        Problem::EmailOnlyInClientRooms,
        Problem::MailboxTaken,
        Problem::GroupHasMembers { members: vec!["a".into(), "b".into()] },
        Problem::UnknownRight { right: "x".into() },
        Problem::LastAdmin,
        Problem::LastAdminDisabled,
        Problem::EmployeeEmailTaken,
        Problem::SetupTokenWrong,
        Problem::BodyTooLarge { max_kib: 2048 },
        Problem::NotJson,
        Problem::CrossSite,
        Problem::EmployeeNameLength { max: 3 },
        Problem::PasswordTooShort { min: 3 },
        Problem::ChatClosed,
        Problem::EraseOnlyDeleted,
        Problem::ResponsibleOnlyInClientChats,
        Problem::NoAccessToChat { employee: "x".into() },
        Problem::NotAParticipant,
        Problem::ResponsibleCannotLeave,
        Problem::NobodyChosen,
        Problem::TooManyAtOnce { max: 3 },
        Problem::NotInChat,
        Problem::ResponsibleCannotBeRemoved,
        Problem::LastParticipant,
        Problem::InternalRoomRequired,
        Problem::TooManyParticipants { max: 3 },
        Problem::GroupChatTooFew,
        Problem::PersonalChatOnePerson,
        Problem::GroupChatTopicMissing,
        Problem::TopicMissing,
        Problem::TopicTooLong { max: 3 },
        Problem::FilterTextTooLong,
        Problem::PeriodReversed,
        Problem::NoUserInChat,
        Problem::MergeWithSelf,
        Problem::AlreadyMerged,
        Problem::InAnotherClient { user: "x".into(), client: "x".into() },
        Problem::MergeRace,
        Problem::NotMerged,
        Problem::NotInClient,
        Problem::NoVisitorToBlock,
        Problem::BlockClientNotMerged,
        Problem::NotBlocked,
        Problem::BlockReasonMissing,
        Problem::BlockReasonTooLong { max: 3 },
        Problem::BlockEndPassed,
        Problem::PageUrlScheme,
        Problem::PageUrlTooLong,
        Problem::PageTextTooLong,
        Problem::NoCallsInClientChats,
        Problem::MeetingRoomRequired,
        Problem::MeetingDeleted,
        Problem::MeetingEnded,
        Problem::MeetingTopicMissing,
        Problem::TooManyInvited { max: 3 },
        Problem::StartPassed,
        Problem::CallSize { max: 3 },
        Problem::TooManyPresenters { max: 3 },
        Problem::PresenterNotParticipant,
        Problem::NoMeetingLink,
        Problem::GuestNameMissing,
        Problem::CallFull { count: 3 },
        Problem::CallNotStarted,
        Problem::ViewerPublishes,
        Problem::UnknownPeer,
        Problem::NotInCall,
        Problem::MayNotAdmit,
        Problem::SdpTooLong,
        Problem::BadSdp,
        Problem::MediaUnavailable,
        Problem::HandNotRaised,
        Problem::LobbyFull { max: 3 },
        Problem::GuestNameTaken,
        Problem::MayNotRemove,
        Problem::RejectedFromLobby,
        Problem::RemovedFromCall,
        Problem::CallSessionEnded,
        Problem::CallAccessLost,
        Problem::CallEnded,
        Problem::CallServerLost,
        Problem::StorageUnavailable { retry_secs: 3 },
        Problem::PushSubscriptionInvalid,
        Problem::NoteOutsideClientChat,
        Problem::RatingNotOpen,
        Problem::AlreadyRated,
        Problem::RatingOutOfRange,
        Problem::CommentTooLong { max: 1000 },
        Problem::BadWorkingHours,
        Problem::UnknownTimezone,
        Problem::EmailInvalid,
        Problem::FileTooLarge { max_mb: 20 },
        Problem::FileTypeForbidden,
        Problem::FileNameMissing,
        Problem::FileEmpty,
        Problem::TooManyFiles { max: 10 },
        Problem::FileNotAttachable,
        Problem::NothingToResend,
        Problem::BadBotToken,
        Problem::BotOnlyInClientRooms,
    ]
}

/// The variant's position: a variant added to `Problem` must be added here
/// (the match is exhaustive) and to [`samples`] (the test counts them).
fn variant(problem: &Problem) -> usize {
    match problem {
        Problem::SignInRequired { .. } => 0,
        Problem::Forbidden { .. } => 1,
        Problem::NotFound { .. } => 2,
        Problem::WrongCredentials { .. } => 3,
        Problem::TooManyAttempts { .. } => 4,
        Problem::Blocked { .. } => 5,
        Problem::Internal { .. } => 6,
        Problem::MalformedRequest { .. } => 7,
        Problem::NoConnection { .. } => 8,
        Problem::MessageEmpty { .. } => 9,
        Problem::MessageTooLong { .. } => 10,
        Problem::BadClientId { .. } => 11,
        Problem::BadMessageNumber { .. } => 12,
        Problem::NameMissing { .. } => 13,
        Problem::NameTooLong { .. } => 14,
        Problem::NameLength { .. } => 15,
        Problem::EntryNameMissing { .. } => 16,
        Problem::TitleTooLong { .. } => 17,
        Problem::DuplicateName { .. } => 18,
        Problem::SameReplacement { .. } => 19,
        Problem::InUse { .. } => 20,
        Problem::BadColor { .. } => 21,
        Problem::DefaultStatusClosed { .. } => 22,
        Problem::StatusMessageTooLong { .. } => 23,
        Problem::DefaultStatusRequired { .. } => 24,
        Problem::DefaultStatusUndeletable { .. } => 25,
        Problem::MoveOnlyToClientRoom { .. } => 26,
        Problem::ChoicesMissing { .. } => 27,
        Problem::TooManyChoices { .. } => 28,
        Problem::FieldKindFixed { .. } => 29,
        Problem::ValueTooLong { .. } => 30,
        Problem::NumberExpected { .. } => 31,
        Problem::DateExpected { .. } => 32,
        Problem::ChoiceExpected { .. } => 33,
        Problem::RoomNameMissing { .. } => 34,
        Problem::BadMaxWait { .. } => 35,
        Problem::RoomLimit { .. } => 36,
        Problem::UnknownPanelField { .. } => 37,
        Problem::RoomKindFixed { .. } => 38,
        Problem::BadMoveStep { .. } => 39,
        Problem::ImageTooLarge { .. } => 40,
        Problem::FileDamaged { .. } => 41,
        Problem::NotAnImage { .. } => 42,
        Problem::BadEmail { .. } => 43,
        Problem::MailServersMissing { .. } => 44,
        Problem::BadPort { .. } => 45,
        Problem::MailboxLoginMissing { .. } => 46,
        Problem::MailboxPasswordMissing { .. } => 47,
        Problem::PasswordTooLong { .. } => 48,
        Problem::EmailOnlyInClientRooms { .. } => 49,
        Problem::MailboxTaken { .. } => 50,
        Problem::GroupHasMembers { .. } => 51,
        Problem::UnknownRight { .. } => 52,
        Problem::LastAdmin { .. } => 53,
        Problem::LastAdminDisabled { .. } => 54,
        Problem::EmployeeEmailTaken { .. } => 55,
        Problem::EmployeeNameLength { .. } => 56,
        Problem::PasswordTooShort { .. } => 57,
        Problem::ChatClosed { .. } => 58,
        Problem::EraseOnlyDeleted { .. } => 59,
        Problem::ResponsibleOnlyInClientChats { .. } => 60,
        Problem::NoAccessToChat { .. } => 61,
        Problem::NotAParticipant { .. } => 62,
        Problem::ResponsibleCannotLeave { .. } => 63,
        Problem::NobodyChosen { .. } => 64,
        Problem::TooManyAtOnce { .. } => 65,
        Problem::NotInChat { .. } => 66,
        Problem::ResponsibleCannotBeRemoved { .. } => 67,
        Problem::LastParticipant { .. } => 68,
        Problem::InternalRoomRequired { .. } => 69,
        Problem::TooManyParticipants { .. } => 70,
        Problem::GroupChatTooFew { .. } => 71,
        Problem::PersonalChatOnePerson { .. } => 72,
        Problem::GroupChatTopicMissing { .. } => 73,
        Problem::TopicMissing { .. } => 74,
        Problem::TopicTooLong { .. } => 75,
        Problem::FilterTextTooLong { .. } => 76,
        Problem::PeriodReversed { .. } => 77,
        Problem::NoUserInChat { .. } => 78,
        Problem::MergeWithSelf { .. } => 79,
        Problem::AlreadyMerged { .. } => 80,
        Problem::InAnotherClient { .. } => 81,
        Problem::MergeRace { .. } => 82,
        Problem::NotMerged { .. } => 83,
        Problem::NotInClient { .. } => 84,
        Problem::NoVisitorToBlock { .. } => 85,
        Problem::BlockClientNotMerged { .. } => 86,
        Problem::NotBlocked { .. } => 87,
        Problem::BlockReasonMissing { .. } => 88,
        Problem::BlockReasonTooLong { .. } => 89,
        Problem::BlockEndPassed { .. } => 90,
        Problem::PageUrlScheme { .. } => 91,
        Problem::PageUrlTooLong { .. } => 92,
        Problem::PageTextTooLong { .. } => 93,
        Problem::NoCallsInClientChats { .. } => 94,
        Problem::MeetingRoomRequired { .. } => 95,
        Problem::MeetingDeleted { .. } => 96,
        Problem::MeetingEnded { .. } => 97,
        Problem::MeetingTopicMissing { .. } => 98,
        Problem::TooManyInvited { .. } => 99,
        Problem::StartPassed { .. } => 100,
        Problem::CallSize { .. } => 101,
        Problem::TooManyPresenters { .. } => 102,
        Problem::PresenterNotParticipant { .. } => 103,
        Problem::NoMeetingLink { .. } => 104,
        Problem::GuestNameMissing { .. } => 105,
        Problem::CallFull { .. } => 106,
        Problem::CallNotStarted { .. } => 107,
        Problem::ViewerPublishes { .. } => 108,
        Problem::UnknownPeer { .. } => 109,
        Problem::NotInCall { .. } => 110,
        Problem::MayNotAdmit { .. } => 111,
        Problem::SdpTooLong { .. } => 112,
        Problem::BadSdp { .. } => 113,
        Problem::SetupTokenWrong { .. } => 114,
        Problem::BodyTooLarge { .. } => 115,
        Problem::NotJson { .. } => 116,
        Problem::CrossSite { .. } => 117,
        Problem::TooManyRequests { .. } => 118,
        Problem::TooManyMessages { .. } => 119,
        Problem::LobbyFull { .. } => 120,
        Problem::GuestNameTaken { .. } => 121,
        Problem::MayNotRemove { .. } => 122,
        Problem::RejectedFromLobby { .. } => 123,
        Problem::RemovedFromCall { .. } => 124,
        Problem::CallSessionEnded { .. } => 125,
        Problem::CallAccessLost { .. } => 126,
        Problem::CallEnded { .. } => 127,
        Problem::PushSubscriptionInvalid { .. } => 128,
        Problem::NoteOutsideClientChat { .. } => 129,
        Problem::RatingNotOpen { .. } => 130,
        Problem::AlreadyRated { .. } => 131,
        Problem::RatingOutOfRange { .. } => 132,
        Problem::CommentTooLong { .. } => 133,
        Problem::BadWorkingHours { .. } => 134,
        Problem::UnknownTimezone { .. } => 135,
        Problem::EmailInvalid { .. } => 136,
        Problem::FileTooLarge { .. } => 137,
        Problem::FileTypeForbidden { .. } => 138,
        Problem::FileNameMissing { .. } => 139,
        Problem::FileEmpty { .. } => 140,
        Problem::TooManyFiles { .. } => 141,
        Problem::FileNotAttachable { .. } => 142,
        Problem::NothingToResend { .. } => 143,
        Problem::BadBotToken { .. } => 144,
        Problem::BotOnlyInClientRooms { .. } => 145,
        Problem::CallServerLost { .. } => 146,
        Problem::StorageUnavailable { .. } => 147,
        Problem::MediaUnavailable { .. } => 148,
        Problem::HandNotRaised { .. } => 149,
    }
}

const VARIANTS: usize = 150;

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

#[test]
fn the_samples_cover_every_variant_once() {
    let seen: BTreeSet<usize> = samples().iter().map(variant).collect();
    assert_eq!(seen.len(), VARIANTS);
    assert_eq!(samples().len(), VARIANTS);
}

#[test]
fn every_problem_round_trips_through_serde_with_a_code() {
    let mut codes = BTreeSet::new();
    for problem in samples() {
        let json = serde_json::to_value(&problem).unwrap();
        let code = json["code"].as_str().unwrap_or_else(|| panic!("{problem:?} has no code: {json}")).to_string();
        assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{code}");
        assert!(codes.insert(code), "two variants share a code: {json}");
        assert_eq!(serde_json::from_value::<Problem>(json).unwrap(), problem);
    }
    assert_eq!(serde_json::to_value(Problem::MessageEmpty).unwrap(), serde_json::json!({"code": "message_empty"}));
    assert_eq!(
        serde_json::to_value(Problem::NotFound { thing: Thing::Chat }).unwrap(),
        serde_json::json!({"code": "not_found", "thing": "chat"})
    );
}

#[test]
fn a_refusal_reaches_the_browser_as_its_problem_and_a_failure_as_internal() {
    for problem in samples() {
        let error = ServerFnError::from(ServiceError::from(problem.clone()));
        match &error {
            ServerFnError::ServerError { message, code, .. } => {
                assert_eq!(*code, problem.status(), "{problem:?}");
                assert_eq!(*message, problem.to_string());
            }
            other => panic!("{other:?}"),
        }
        // Through JSON, as the browser gets it back.
        let error: ServerFnError = serde_json::from_str(&serde_json::to_string(&error).unwrap()).unwrap();
        assert_eq!(problem_of(&error), problem);
    }
    let internal = ServiceError::internal_from("a test", Some("x"), "secret detail");
    let error = ServerFnError::from(internal);
    assert_eq!(problem_of(&error), Problem::Internal);
    assert!(!format!("{error:?}").contains("secret"), "the source stays in the log: {error:?}");
    assert_eq!(problem_of(&ServerFnError::new("no details")), Problem::Internal);
    let offline = ServerFnError::Request(dioxus::fullstack::RequestError::Request("offline".into()));
    assert_eq!(problem_of(&offline), Problem::NoConnection);
}

#[test]
fn statuses_are_as_before() {
    assert_eq!(Problem::SignInRequired.status(), 401);
    assert_eq!(Problem::WrongCredentials.status(), 401);
    assert_eq!(Problem::Forbidden.status(), 403);
    assert_eq!(Problem::Blocked.status(), 403);
    assert_eq!(Problem::NotFound { thing: Thing::Room }.status(), 404);
    assert_eq!(Problem::TooManyAttempts { retry_secs: 3 }.status(), 429);
    assert_eq!(Problem::TooManyRequests { retry_secs: 3 }.status(), 429);
    assert_eq!(Problem::TooManyMessages { retry_secs: 1 }.status(), 429);
    assert_eq!(Problem::StorageUnavailable { retry_secs: 3 }.status(), 503);
    assert_eq!(Problem::Internal.status(), 500);
    assert_eq!(Problem::MessageEmpty.status(), 400);
    assert_eq!(Problem::CallFull { count: 4 }.status(), 400);
}

#[test]
fn every_problem_has_a_text_in_both_languages() {
    for problem in samples() {
        let display = problem.to_string();
        assert!(!display.is_empty() && !display.chars().any(is_cyrillic), "{problem:?}: {display}");
        let en = problem_text(Lang::En, &problem);
        let ru = problem_text(Lang::Ru, &problem);
        assert!(!en.starts_with("problem-") && !ru.starts_with("problem-"), "{problem:?} has no message: {en} / {ru}");
        assert!(!en.chars().any(is_cyrillic), "{problem:?}: {en}");
        assert!(ru.chars().any(is_cyrillic), "{problem:?}: {ru}");
    }
}

#[test]
fn russian_texts_are_the_manuals_and_carry_their_numbers_and_names() {
    let ru = |p: Problem| problem_text(Lang::Ru, &p);
    assert_eq!(ru(Problem::MessageEmpty), "Сообщение пустое");
    assert_eq!(ru(Problem::MessageTooLong { chars: 10_001, max: 10_000 }), "Сообщение длиннее 10000 символов (10001)");
    assert_eq!(ru(Problem::WrongCredentials), "Неверная почта или пароль");
    assert_eq!(ru(Problem::TooManyMessages { retry_secs: 3 }), "Слишком много сообщений. Попробуйте через 3 с.");
    assert_eq!(ru(Problem::ChatClosed), "Чат закрыт: сначала верните статус «Активный»");
    assert_eq!(ru(Problem::PasswordTooShort { min: 8 }), "Пароль короче 8 символов");
    assert_eq!(ru(Problem::InUse { thing: Thing::Topic, count: 1 }), "Тема используется (чатов: 1). Выберите замену");
    assert_eq!(ru(Problem::InUse { thing: Thing::Field, count: 2 }), "Поле используется (заполнено: 2). Сначала очистите значения");
    assert_eq!(ru(Problem::DuplicateName { thing: Thing::Group }), "Группа с таким названием уже есть");
    assert_eq!(ru(Problem::NotFound { thing: Thing::Chat }), "Чат не найден");
    assert_eq!(ru(Problem::NotFound { thing: Thing::Room }), "Комната не найдена");
    assert_eq!(
        ru(Problem::GroupHasMembers { members: vec!["Анна".into(), "Борис".into()] }),
        "В группе есть сотрудники (Анна, Борис): сначала уберите их из группы"
    );
    assert_eq!(
        ru(Problem::InAnotherClient { user: "Иван".into(), client: "Ромашка".into() }),
        "Пользователь «Иван» уже входит в клиента «Ромашка»: сначала отмените то объединение"
    );
    assert_eq!(problem_text(Lang::En, &Problem::NotFound { thing: Thing::Room }), "Room not found");
    assert_eq!(problem_text(Lang::En, &Problem::TooManyAttempts { retry_secs: 30 }), "Too many attempts, try again in 30 s");
}
