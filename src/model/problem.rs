//! Why a request was refused, as a code with its numbers and names: the browser words it in the chosen language.

use serde::{Deserialize, Serialize};

/// A refusal or failure that crosses to the browser. The server answers
/// with its [`Problem::status`]; the UI renders it in the tab's language
/// (src/ui/problem.rs); [`std::fmt::Display`] is English, for logs and API
/// clients. Serialized as `{"code": "snake_case_name", ...fields}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    // Sessions and access.
    #[error("Please sign in")]
    SignInRequired,
    #[error("Not allowed")]
    Forbidden,
    #[error("{} not found", .thing.english())]
    NotFound { thing: Thing },
    #[error("Wrong e-mail or password")]
    WrongCredentials,
    #[error("Too many attempts, try again in {retry_secs} s")]
    TooManyAttempts { retry_secs: i64 },
    /// Over a rate limit (server::limits): answered 429 with `Retry-After`.
    #[error("Too many requests, try again in {retry_secs} s")]
    TooManyRequests { retry_secs: i64 },
    /// A visitor over the limit of messages a second.
    #[error("Too many messages, try again in {retry_secs} s")]
    TooManyMessages { retry_secs: i64 },
    #[error("Sending messages is blocked")]
    Blocked,
    #[error("Internal server error")]
    Internal,
    #[error("Malformed request")]
    MalformedRequest,
    #[error("The request is larger than {max_kib} KiB")]
    BodyTooLarge { max_kib: usize },
    #[error("Requests must be sent as JSON")]
    NotJson,
    #[error("Requests from another site are refused")]
    CrossSite,
    #[error("No connection to the server")]
    NoConnection,

    // Messages.
    #[error("The message is empty")]
    MessageEmpty,
    #[error("The message is longer than {max} characters ({chars})")]
    MessageTooLong { chars: usize, max: usize },
    #[error("Invalid send identifier")]
    BadClientId,
    #[error("Invalid message number")]
    BadMessageNumber,

    // Names and directory entries.
    #[error("Enter a name")]
    NameMissing,
    #[error("The name is longer than {max} characters")]
    NameTooLong { max: usize },
    #[error("The name must be 1 to {max} characters long")]
    NameLength { max: usize },
    #[error("Enter a title")]
    EntryNameMissing,
    #[error("The title is longer than {max} characters")]
    TitleTooLong { max: usize },
    #[error("A {} with this name already exists", .thing.english())]
    DuplicateName { thing: Thing },
    #[error("The replacement must be another {}", .thing.english())]
    SameReplacement { thing: Thing },
    #[error("The {} is in use ({count})", .thing.english())]
    InUse { thing: Thing, count: usize },
    #[error("The colour is written as #rrggbb")]
    BadColor,
    #[error("The status for new chats cannot be a closed one")]
    DefaultStatusClosed,
    #[error("The message is longer than {max} characters")]
    StatusMessageTooLong { max: usize },
    #[error("First make another status the one for new chats")]
    DefaultStatusRequired,
    #[error("The status for new chats cannot be deleted: choose another one first")]
    DefaultStatusUndeletable,
    #[error("A chat can only be moved to a \"Client chat\" room")]
    MoveOnlyToClientRoom,
    #[error("List the choices")]
    ChoicesMissing,
    #[error("At most {max} choices, each up to {max_chars} characters")]
    TooManyChoices { max: usize, max_chars: usize },
    #[error("A field's type and owner can only change while it holds no values")]
    FieldKindFixed,
    #[error("The value is longer than {max} characters")]
    ValueTooLong { max: usize },
    #[error("A number is needed here")]
    NumberExpected,
    #[error("A date YYYY-MM-DD is needed here")]
    DateExpected,
    #[error("Choose one of the listed values")]
    ChoiceExpected,

    // Rooms, e-mail sources, groups and employees.
    #[error("Enter the room's name")]
    RoomNameMissing,
    #[error("Maximum waiting time: from 10 seconds to 24 hours")]
    BadMaxWait,
    #[error("Your plan allows at most {max} rooms")]
    RoomLimit { max: usize },
    #[error("Unknown panel part: {field}")]
    UnknownPanelField { field: String },
    #[error("A room's type can only change while it has no chats")]
    RoomKindFixed,
    #[error("Move: one place up or down")]
    BadMoveStep,
    #[error("The image is larger than {kb} KB")]
    ImageTooLarge { kb: usize },
    #[error("The file is damaged")]
    FileDamaged,
    #[error("This is not a PNG, JPEG, GIF or WebP image (up to 4096×4096)")]
    NotAnImage,
    #[error("Invalid e-mail address")]
    BadEmail,
    #[error("Enter the IMAP and SMTP servers (host name)")]
    MailServersMissing,
    #[error("Port: from 1 to 65535")]
    BadPort,
    #[error("Enter the mailbox login")]
    MailboxLoginMissing,
    #[error("Enter the mailbox password")]
    MailboxPasswordMissing,
    #[error("The password is too long")]
    PasswordTooLong,
    #[error("E-mail can only be connected to a \"Client chat\" room")]
    EmailOnlyInClientRooms,
    #[error("This address is already connected to another room")]
    MailboxTaken,
    #[error("The group has employees ({}): remove them from the group first", .members.join(", "))]
    GroupHasMembers { members: Vec<String> },
    #[error("Unknown right: {right}")]
    UnknownRight { right: String },
    #[error("The last administrator cannot be removed")]
    LastAdmin,
    #[error("The last administrator cannot be disabled")]
    LastAdminDisabled,
    #[error("An employee with this e-mail already exists")]
    EmployeeEmailTaken,
    #[error("The setup token is not the one in the server's log")]
    SetupTokenWrong,
    #[error("Enter a name (up to {max} characters)")]
    EmployeeNameLength { max: usize },
    #[error("The password is shorter than {min} characters")]
    PasswordTooShort { min: usize },

    // Chats: actions, participants, topics, the filter.
    #[error("The chat is closed: set it back to \"Active\" first")]
    ChatClosed,
    #[error("Only a chat in \"Deleted\" can be deleted forever")]
    EraseOnlyDeleted,
    #[error("A responsible person is assigned only in a client chat")]
    ResponsibleOnlyInClientChats,
    #[error("{employee} has no access to this chat")]
    NoAccessToChat { employee: String },
    #[error("You are not a participant of this chat")]
    NotAParticipant,
    #[error("The responsible person cannot leave the chat: assign someone else first")]
    ResponsibleCannotLeave,
    #[error("Pick at least one employee")]
    NobodyChosen,
    #[error("At most {max} employees can be added at once")]
    TooManyAtOnce { max: usize },
    #[error("This employee is not in the chat")]
    NotInChat,
    #[error("The responsible person cannot be removed from the chat: assign someone else first")]
    ResponsibleCannotBeRemoved,
    #[error("At least one participant must stay in the chat")]
    LastParticipant,
    #[error("Employees' chats are created in internal rooms")]
    InternalRoomRequired,
    #[error("A chat can have at most {max} participants")]
    TooManyParticipants { max: usize },
    #[error("A group chat needs at least two people besides you")]
    GroupChatTooFew,
    #[error("A personal chat has one other person: pick a group chat for several")]
    PersonalChatOnePerson,
    #[error("Give the group chat a topic")]
    GroupChatTopicMissing,
    #[error("Enter a topic")]
    TopicMissing,
    #[error("The topic is longer than {max} characters")]
    TopicTooLong { max: usize },
    #[error("The filter text is too long")]
    FilterTextTooLong,
    #[error("The period starts after it ends")]
    PeriodReversed,

    // Users, clients, blocks and the client panel.
    #[error("This chat has no user")]
    NoUserInChat,
    #[error("A user cannot be merged with themselves")]
    MergeWithSelf,
    #[error("These users are already merged")]
    AlreadyMerged,
    #[error("User \"{user}\" already belongs to client \"{client}\": undo that merge first")]
    InAnotherClient { user: String, client: String },
    #[error("Someone changed these users while you were merging: open the window again")]
    MergeRace,
    #[error("The user is not merged into a client")]
    NotMerged,
    #[error("This user does not belong to the client")]
    NotInClient,
    #[error("This chat has no visitor to block")]
    NoVisitorToBlock,
    #[error("The user is not merged into a client: block the user")]
    BlockClientNotMerged,
    #[error("The user is not blocked")]
    NotBlocked,
    #[error("Give the reason for the block")]
    BlockReasonMissing,
    #[error("The reason is longer than {max} characters")]
    BlockReasonTooLong { max: usize },
    #[error("The block's end is already past")]
    BlockEndPassed,
    #[error("The page address must start with http:// or https://")]
    PageUrlScheme,
    #[error("The page address is too long")]
    PageUrlTooLong,
    #[error("The page description is too long")]
    PageTextTooLong,

    // Meetings and calls.
    #[error("Video calls are in internal chats, conferences and webinars")]
    NoCallsInClientChats,
    #[error("Meetings are created in the \"Conferences\" and \"Webinars\" rooms")]
    MeetingRoomRequired,
    #[error("The meeting has been deleted")]
    MeetingDeleted,
    #[error("The meeting has ended")]
    MeetingEnded,
    #[error("Give the meeting a topic")]
    MeetingTopicMissing,
    #[error("At most {max} employees can be invited to a meeting")]
    TooManyInvited { max: usize },
    #[error("The start time has passed")]
    StartPassed,
    #[error("Call participants: from 2 to {max}")]
    CallSize { max: usize },
    #[error("A webinar has at most {max} presenters including the organiser")]
    TooManyPresenters { max: usize },
    #[error("Only a participant of the meeting can present")]
    PresenterNotParticipant,
    #[error("Conferences and webinars have a meeting link")]
    NoMeetingLink,
    #[error("Introduce yourself: enter a name")]
    GuestNameMissing,
    #[error("The call is full: it already has {count} participants")]
    CallFull { count: usize },
    #[error("The call has not started yet: the organiser starts it")]
    CallNotStarted,
    #[error("A webinar viewer cannot send audio and video")]
    ViewerPublishes,
    #[error("No such participant in this call")]
    UnknownPeer,
    #[error("You are not in the call")]
    NotInCall,
    #[error("Only the organiser can admit from the lobby")]
    MayNotAdmit,
    #[error("The connection description is too long")]
    SdpTooLong,
    #[error("The connection description was not accepted")]
    BadSdp,
    #[error("The call's media server is not running")]
    MediaUnavailable,
    #[error("Raise your hand first: the organiser then lets you speak")]
    HandNotRaised,
    #[error("The lobby is full: {max} people are already waiting")]
    LobbyFull { max: usize },
    #[error("This name belongs to an employee: choose another")]
    GuestNameTaken,
    #[error("Only the organiser can remove participants")]
    MayNotRemove,
    #[error("The organiser did not let you in")]
    RejectedFromLobby,
    #[error("The organiser removed you from the call")]
    RemovedFromCall,
    #[error("You signed out: the call has ended for you")]
    CallSessionEnded,
    #[error("You no longer have access to this call")]
    CallAccessLost,
    #[error("The call has ended")]
    CallEnded,
    /// The database did not answer (a database server restarting, #17): the
    /// same request, tried again after the wait, is stored once.
    #[error("The database is not answering; trying again in {retry_secs} s")]
    StorageUnavailable { retry_secs: i64 },
    /// The server node that ran the call stopped (#17); starting it again works.
    #[error("The server running this call stopped: start the call again")]
    CallServerLost,
    // Web Push (#15).
    #[error("This browser's push subscription cannot be used")]
    PushSubscriptionInvalid,
    // Everyday tools (#14).
    #[error("Private notes can only be written in a client's chat")]
    NoteOutsideClientChat,
    #[error("This conversation cannot be rated now")]
    RatingNotOpen,
    #[error("This conversation has been rated already")]
    AlreadyRated,
    #[error("A rating is from 1 to 5")]
    RatingOutOfRange,
    #[error("The comment is longer than {max} characters")]
    CommentTooLong { max: usize },
    #[error("Each working day must open before it closes, within the day")]
    BadWorkingHours,
    #[error("Unknown time zone")]
    UnknownTimezone,
    #[error("Enter an e-mail address")]
    EmailInvalid,
    #[error("The file is larger than {max_mb} MB")]
    FileTooLarge { max_mb: u64 },
    #[error("Files of this type cannot be sent")]
    FileTypeForbidden,
    #[error("The file has no name")]
    FileNameMissing,
    #[error("The file is empty")]
    FileEmpty,
    #[error("A message carries at most {max} files")]
    TooManyFiles { max: usize },
    #[error("The file was not uploaded by you for this chat, or is attached already")]
    FileNotAttachable,
    // E-mail sources (#16).
    #[error("Only an answer that failed or waits in the queue can be sent again")]
    NothingToResend,
    #[error("A bot token looks like 123456789:AAE…, as @BotFather gives it")]
    BadBotToken,
    #[error("A messenger bot can only be connected to a \"Client chat\" room")]
    BotOnlyInClientRooms,
}

/// What was not found, or whose name, replacement or use a refusal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Thing {
    Chat,
    Room,
    Employee,
    User,
    Client,
    Group,
    Status,
    Topic,
    Field,
    Meeting,
    Image,
    Message,
    SavedReply,
    File,
    Other,
}

impl Thing {
    /// The serde name, also the Fluent selector key.
    pub fn code(self) -> &'static str {
        match self {
            Thing::Chat => "chat",
            Thing::Room => "room",
            Thing::Employee => "employee",
            Thing::User => "user",
            Thing::Client => "client",
            Thing::Group => "group",
            Thing::Status => "status",
            Thing::Topic => "topic",
            Thing::Field => "field",
            Thing::Meeting => "meeting",
            Thing::Image => "image",
            Thing::Message => "message",
            Thing::SavedReply => "saved_reply",
            Thing::File => "file",
            Thing::Other => "other",
        }
    }

    /// What a database table holds, for a key that names no record of it.
    pub fn of_table(table: &str) -> Thing {
        match table {
            "chat" => Thing::Chat,
            "room" => Thing::Room,
            "employee" => Thing::Employee,
            "user" => Thing::User,
            "client" => Thing::Client,
            "staff_group" => Thing::Group,
            "chat_status" => Thing::Status,
            "topic" => Thing::Topic,
            "custom_field" => Thing::Field,
            "meeting" => Thing::Meeting,
            "room_image" => Thing::Image,
            "message" => Thing::Message,
            "saved_reply" => Thing::SavedReply,
            "file" => Thing::File,
            _ => Thing::Other,
        }
    }

    fn english(self) -> &'static str {
        match self {
            Thing::Other => "entry",
            other => other.code(),
        }
    }
}

impl Problem {
    /// The seconds to wait before trying again, for a 429 (its `Retry-After`).
    pub fn retry_secs(&self) -> Option<i64> {
        match self {
            Problem::TooManyAttempts { retry_secs } | Problem::TooManyRequests { retry_secs } | Problem::TooManyMessages { retry_secs } | Problem::StorageUnavailable { retry_secs } => Some(*retry_secs),
            _ => None,
        }
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            Problem::SignInRequired | Problem::WrongCredentials => 401,
            Problem::Forbidden | Problem::Blocked | Problem::SetupTokenWrong => 403,
            Problem::NotFound { .. } => 404,
            Problem::TooManyAttempts { .. } | Problem::TooManyRequests { .. } | Problem::TooManyMessages { .. } => 429,
            Problem::BodyTooLarge { .. } | Problem::FileTooLarge { .. } => 413,
            Problem::NotJson | Problem::FileTypeForbidden => 415,
            Problem::CrossSite => 403,
            Problem::Internal => 500,
            Problem::NoConnection | Problem::StorageUnavailable { .. } | Problem::MediaUnavailable => 503,
            _ => 400,
        }
    }
}

