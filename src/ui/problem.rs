//! A [`Problem`] from the server or the model, in the tab's language (messages `problem-*` in locales/*.ftl).

use dioxus::prelude::ServerFnError;
use fluent_bundle::FluentValue;

use crate::model::problem::Problem;
use crate::ui::i18n::{msg, tr, tr_args, Lang};

/// The problem's text in `lang`.
pub fn problem_text(lang: Lang, problem: &Problem) -> String {
    let (id, args) = message(problem);
    if args.is_empty() {
        tr(lang, id).to_string()
    } else {
        tr_args(lang, id, &args)
    }
}

/// Why a server function failed, in `lang` (see [`crate::api::problem_of`]).
pub fn error_text(lang: Lang, error: &ServerFnError) -> String {
    problem_text(lang, &crate::api::problem_of(error))
}

/// The message id of each problem and its arguments (the variant's fields).
fn message(problem: &Problem) -> (&'static str, Vec<(&'static str, FluentValue<'static>)>) {
    match problem {
        Problem::SignInRequired => (msg("problem-sign-in-required"), vec![]),
        Problem::Forbidden => (msg("problem-forbidden"), vec![]),
        Problem::NotFound { thing } => (msg("problem-not-found"), vec![("thing", thing.code().into())]),
        Problem::WrongCredentials => (msg("problem-wrong-credentials"), vec![]),
        Problem::TooManyAttempts { retry_secs } => (msg("problem-too-many-attempts"), vec![("retry_secs", (*retry_secs).into())]),
        Problem::Blocked => (msg("problem-blocked"), vec![]),
        Problem::Internal => (msg("problem-internal"), vec![]),
        Problem::MalformedRequest => (msg("problem-malformed-request"), vec![]),
        Problem::NoConnection => (msg("problem-no-connection"), vec![]),
        Problem::MessageEmpty => (msg("problem-message-empty"), vec![]),
        Problem::MessageTooLong { chars, max } => (msg("problem-message-too-long"), vec![("chars", (*chars).into()), ("max", (*max).into())]),
        Problem::BadClientId => (msg("problem-bad-client-id"), vec![]),
        Problem::BadMessageNumber => (msg("problem-bad-message-number"), vec![]),
        Problem::NameMissing => (msg("problem-name-missing"), vec![]),
        Problem::NameTooLong { max } => (msg("problem-name-too-long"), vec![("max", (*max).into())]),
        Problem::NameLength { max } => (msg("problem-name-length"), vec![("max", (*max).into())]),
        Problem::EntryNameMissing => (msg("problem-entry-name-missing"), vec![]),
        Problem::TitleTooLong { max } => (msg("problem-title-too-long"), vec![("max", (*max).into())]),
        Problem::DuplicateName { thing } => (msg("problem-duplicate-name"), vec![("thing", thing.code().into())]),
        Problem::SameReplacement { thing } => (msg("problem-same-replacement"), vec![("thing", thing.code().into())]),
        Problem::InUse { thing, count } => (msg("problem-in-use"), vec![("thing", thing.code().into()), ("count", (*count).into())]),
        Problem::BadColor => (msg("problem-bad-color"), vec![]),
        Problem::DefaultStatusClosed => (msg("problem-default-status-closed"), vec![]),
        Problem::StatusMessageTooLong { max } => (msg("problem-status-message-too-long"), vec![("max", (*max).into())]),
        Problem::DefaultStatusRequired => (msg("problem-default-status-required"), vec![]),
        Problem::DefaultStatusUndeletable => (msg("problem-default-status-undeletable"), vec![]),
        Problem::MoveOnlyToClientRoom => (msg("problem-move-only-to-client-room"), vec![]),
        Problem::ChoicesMissing => (msg("problem-choices-missing"), vec![]),
        Problem::TooManyChoices { max, max_chars } => (msg("problem-too-many-choices"), vec![("max", (*max).into()), ("max_chars", (*max_chars).into())]),
        Problem::FieldKindFixed => (msg("problem-field-kind-fixed"), vec![]),
        Problem::ValueTooLong { max } => (msg("problem-value-too-long"), vec![("max", (*max).into())]),
        Problem::NumberExpected => (msg("problem-number-expected"), vec![]),
        Problem::DateExpected => (msg("problem-date-expected"), vec![]),
        Problem::ChoiceExpected => (msg("problem-choice-expected"), vec![]),
        Problem::RoomNameMissing => (msg("problem-room-name-missing"), vec![]),
        Problem::BadMaxWait => (msg("problem-bad-max-wait"), vec![]),
        Problem::RoomLimit { max } => (msg("problem-room-limit"), vec![("max", (*max).into())]),
        Problem::UnknownPanelField { field } => (msg("problem-unknown-panel-field"), vec![("field", field.clone().into())]),
        Problem::RoomKindFixed => (msg("problem-room-kind-fixed"), vec![]),
        Problem::BadMoveStep => (msg("problem-bad-move-step"), vec![]),
        Problem::ImageTooLarge { kb } => (msg("problem-image-too-large"), vec![("kb", (*kb).into())]),
        Problem::FileDamaged => (msg("problem-file-damaged"), vec![]),
        Problem::NotAnImage => (msg("problem-not-an-image"), vec![]),
        Problem::BadEmail => (msg("problem-bad-email"), vec![]),
        Problem::MailServersMissing => (msg("problem-mail-servers-missing"), vec![]),
        Problem::BadPort => (msg("problem-bad-port"), vec![]),
        Problem::MailboxLoginMissing => (msg("problem-mailbox-login-missing"), vec![]),
        Problem::MailboxPasswordMissing => (msg("problem-mailbox-password-missing"), vec![]),
        Problem::PasswordTooLong => (msg("problem-password-too-long"), vec![]),
        Problem::EmailOnlyInClientRooms => (msg("problem-email-only-in-client-rooms"), vec![]),
        Problem::MailboxTaken => (msg("problem-mailbox-taken"), vec![]),
        Problem::GroupHasMembers { members } => (msg("problem-group-has-members"), vec![("members", members.join(", ").into())]),
        Problem::UnknownRight { right } => (msg("problem-unknown-right"), vec![("right", right.clone().into())]),
        Problem::LastAdmin => (msg("problem-last-admin"), vec![]),
        Problem::LastAdminDisabled => (msg("problem-last-admin-disabled"), vec![]),
        Problem::EmployeeEmailTaken => (msg("problem-employee-email-taken"), vec![]),
        Problem::EmployeeNameLength { max } => (msg("problem-employee-name-length"), vec![("max", (*max).into())]),
        Problem::PasswordTooShort { min } => (msg("problem-password-too-short"), vec![("min", (*min).into())]),
        Problem::ChatClosed => (msg("problem-chat-closed"), vec![]),
        Problem::EraseOnlyDeleted => (msg("problem-erase-only-deleted"), vec![]),
        Problem::ResponsibleOnlyInClientChats => (msg("problem-responsible-only-in-client-chats"), vec![]),
        Problem::NoAccessToChat { employee } => (msg("problem-no-access-to-chat"), vec![("employee", employee.clone().into())]),
        Problem::NotAParticipant => (msg("problem-not-a-participant"), vec![]),
        Problem::ResponsibleCannotLeave => (msg("problem-responsible-cannot-leave"), vec![]),
        Problem::NobodyChosen => (msg("problem-nobody-chosen"), vec![]),
        Problem::TooManyAtOnce { max } => (msg("problem-too-many-at-once"), vec![("max", (*max).into())]),
        Problem::NotInChat => (msg("problem-not-in-chat"), vec![]),
        Problem::ResponsibleCannotBeRemoved => (msg("problem-responsible-cannot-be-removed"), vec![]),
        Problem::LastParticipant => (msg("problem-last-participant"), vec![]),
        Problem::InternalRoomRequired => (msg("problem-internal-room-required"), vec![]),
        Problem::TooManyParticipants { max } => (msg("problem-too-many-participants"), vec![("max", (*max).into())]),
        Problem::GroupChatTooFew => (msg("problem-group-chat-too-few"), vec![]),
        Problem::PersonalChatOnePerson => (msg("problem-personal-chat-one-person"), vec![]),
        Problem::GroupChatTopicMissing => (msg("problem-group-chat-topic-missing"), vec![]),
        Problem::TopicMissing => (msg("problem-topic-missing"), vec![]),
        Problem::TopicTooLong { max } => (msg("problem-topic-too-long"), vec![("max", (*max).into())]),
        Problem::FilterTextTooLong => (msg("problem-filter-text-too-long"), vec![]),
        Problem::PeriodReversed => (msg("problem-period-reversed"), vec![]),
        Problem::NoUserInChat => (msg("problem-no-user-in-chat"), vec![]),
        Problem::MergeWithSelf => (msg("problem-merge-with-self"), vec![]),
        Problem::AlreadyMerged => (msg("problem-already-merged"), vec![]),
        Problem::InAnotherClient { user, client } => (msg("problem-in-another-client"), vec![("user", user.clone().into()), ("client", client.clone().into())]),
        Problem::MergeRace => (msg("problem-merge-race"), vec![]),
        Problem::NotMerged => (msg("problem-not-merged"), vec![]),
        Problem::NotInClient => (msg("problem-not-in-client"), vec![]),
        Problem::NoVisitorToBlock => (msg("problem-no-visitor-to-block"), vec![]),
        Problem::BlockClientNotMerged => (msg("problem-block-client-not-merged"), vec![]),
        Problem::NotBlocked => (msg("problem-not-blocked"), vec![]),
        Problem::BlockReasonMissing => (msg("problem-block-reason-missing"), vec![]),
        Problem::BlockReasonTooLong { max } => (msg("problem-block-reason-too-long"), vec![("max", (*max).into())]),
        Problem::BlockEndPassed => (msg("problem-block-end-passed"), vec![]),
        Problem::PageUrlScheme => (msg("problem-page-url-scheme"), vec![]),
        Problem::PageUrlTooLong => (msg("problem-page-url-too-long"), vec![]),
        Problem::PageTextTooLong => (msg("problem-page-text-too-long"), vec![]),
        Problem::NoCallsInClientChats => (msg("problem-no-calls-in-client-chats"), vec![]),
        Problem::MeetingRoomRequired => (msg("problem-meeting-room-required"), vec![]),
        Problem::MeetingDeleted => (msg("problem-meeting-deleted"), vec![]),
        Problem::MeetingEnded => (msg("problem-meeting-ended"), vec![]),
        Problem::MeetingTopicMissing => (msg("problem-meeting-topic-missing"), vec![]),
        Problem::TooManyInvited { max } => (msg("problem-too-many-invited"), vec![("max", (*max).into())]),
        Problem::StartPassed => (msg("problem-start-passed"), vec![]),
        Problem::CallSize { max } => (msg("problem-call-size"), vec![("max", (*max).into())]),
        Problem::TooManyPresenters { max } => (msg("problem-too-many-presenters"), vec![("max", (*max).into())]),
        Problem::PresenterNotParticipant => (msg("problem-presenter-not-participant"), vec![]),
        Problem::NoMeetingLink => (msg("problem-no-meeting-link"), vec![]),
        Problem::GuestNameMissing => (msg("problem-guest-name-missing"), vec![]),
        Problem::CallFull { count } => (msg("problem-call-full"), vec![("count", (*count).into())]),
        Problem::CallNotStarted => (msg("problem-call-not-started"), vec![]),
        Problem::ViewerPublishes => (msg("problem-viewer-publishes"), vec![]),
        Problem::UnknownPeer => (msg("problem-unknown-peer"), vec![]),
        Problem::NotInCall => (msg("problem-not-in-call"), vec![]),
        Problem::MayNotAdmit => (msg("problem-may-not-admit"), vec![]),
        Problem::SdpTooLong => (msg("problem-sdp-too-long"), vec![]),
        Problem::ViewersOnly => (msg("problem-viewers-only"), vec![]),
    }
}
