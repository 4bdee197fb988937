//! The kinds of chat history event (who did what): stored and sent as snake_case codes, shown through the UI's locale files.

use serde::{Deserialize, Serialize};

/// What an employee did to a chat. `chat_event.action` holds its
/// [`code`](HistoryAction::as_code); the UI shows `history-<code>` (with
/// dashes) from its locale files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    /// An internal chat was made; detail: its members.
    ChatCreated,
    ChatDeleted,
    ChatRestored,
    /// Deleted for good; detail: the client's name.
    ChatErased,
    ChatLeft,
    /// Detail: «old → new» status.
    StatusChanged,
    /// Detail: «before → after» person.
    ResponsibleAssigned,
    /// Detail: «before → after» topic.
    TopicChanged,
    /// Detail: the names added.
    ParticipantsAdded,
    /// Detail: the name removed.
    ParticipantRemoved,
    /// Detail: the meeting's topic.
    ConferenceCreated,
    /// Detail: the meeting's topic.
    WebinarCreated,
    MeetingSettingsChanged,
    /// Detail: the user merged in.
    MergedIntoClient,
    /// Detail: the user taken out.
    MergeUndone,
    /// Detail: «until · reason».
    UserBlocked,
    /// Detail: «until · reason».
    ClientBlocked,
    UserUnblocked,
    ClientUnblocked,
    /// Detail: «old → new» name.
    UserRenamed,
    /// Detail: «field: value».
    FieldChanged,
    /// Detail: the field's name.
    FieldCleared,
    /// The user's own activity (#13): they opened an inquiry (read from the chat).
    InquiryStarted,
    /// They opened a page of the site; detail: its address.
    PageVisited,
    /// They wrote; detail: the message's start (read from the messages).
    MessageSent,
    /// They rated an inquiry (#14); detail: «5/5 — comment» (read from the chat).
    Rated,
    /// A stored action this version does not know.
    Other,
}

impl HistoryAction {
    /// Every action, in the order the code lists them.
    pub const ALL: [HistoryAction; 27] = [
        HistoryAction::ChatCreated,
        HistoryAction::ChatDeleted,
        HistoryAction::ChatRestored,
        HistoryAction::ChatErased,
        HistoryAction::ChatLeft,
        HistoryAction::StatusChanged,
        HistoryAction::ResponsibleAssigned,
        HistoryAction::TopicChanged,
        HistoryAction::ParticipantsAdded,
        HistoryAction::ParticipantRemoved,
        HistoryAction::ConferenceCreated,
        HistoryAction::WebinarCreated,
        HistoryAction::MeetingSettingsChanged,
        HistoryAction::MergedIntoClient,
        HistoryAction::MergeUndone,
        HistoryAction::UserBlocked,
        HistoryAction::ClientBlocked,
        HistoryAction::UserUnblocked,
        HistoryAction::ClientUnblocked,
        HistoryAction::UserRenamed,
        HistoryAction::FieldChanged,
        HistoryAction::FieldCleared,
        HistoryAction::InquiryStarted,
        HistoryAction::PageVisited,
        HistoryAction::MessageSent,
        HistoryAction::Rated,
        HistoryAction::Other,
    ];

    /// The stored code (the serde name).
    pub fn as_code(&self) -> &'static str {
        match self {
            HistoryAction::ChatCreated => "chat_created",
            HistoryAction::ChatDeleted => "chat_deleted",
            HistoryAction::ChatRestored => "chat_restored",
            HistoryAction::ChatErased => "chat_erased",
            HistoryAction::ChatLeft => "chat_left",
            HistoryAction::StatusChanged => "status_changed",
            HistoryAction::ResponsibleAssigned => "responsible_assigned",
            HistoryAction::TopicChanged => "topic_changed",
            HistoryAction::ParticipantsAdded => "participants_added",
            HistoryAction::ParticipantRemoved => "participant_removed",
            HistoryAction::ConferenceCreated => "conference_created",
            HistoryAction::WebinarCreated => "webinar_created",
            HistoryAction::MeetingSettingsChanged => "meeting_settings_changed",
            HistoryAction::MergedIntoClient => "merged_into_client",
            HistoryAction::MergeUndone => "merge_undone",
            HistoryAction::UserBlocked => "user_blocked",
            HistoryAction::ClientBlocked => "client_blocked",
            HistoryAction::UserUnblocked => "user_unblocked",
            HistoryAction::ClientUnblocked => "client_unblocked",
            HistoryAction::UserRenamed => "user_renamed",
            HistoryAction::FieldChanged => "field_changed",
            HistoryAction::FieldCleared => "field_cleared",
            HistoryAction::InquiryStarted => "inquiry_started",
            HistoryAction::PageVisited => "page_visited",
            HistoryAction::MessageSent => "message_sent",
            HistoryAction::Rated => "rated",
            HistoryAction::Other => "other",
        }
    }

    /// The action stored as `code`, if this version knows it.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::HistoryAction;

    #[test]
    fn every_action_round_trips_through_its_code_and_serde() {
        for action in HistoryAction::ALL {
            let code = action.as_code();
            assert_eq!(HistoryAction::from_code(code), Some(action));
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{code}\""), "serde's name is the stored code");
            assert_eq!(serde_json::from_str::<HistoryAction>(&json).unwrap(), action);
        }
        let mut codes: Vec<&str> = HistoryAction::ALL.iter().map(|a| a.as_code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), HistoryAction::ALL.len(), "codes are distinct");
        // ALL lists every variant, in declaration order.
        assert_eq!(HistoryAction::Other as usize + 1, HistoryAction::ALL.len());
        assert!(HistoryAction::ALL.iter().enumerate().all(|(i, a)| *a as usize == i));
        assert_eq!(HistoryAction::from_code("Изменение статуса"), None);
        assert_eq!(HistoryAction::from_code(""), None);
    }
}
