//! «История пользователя» / «История клиента» (C7): events filtered by
//! period and by kind of action.

use dioxus::prelude::*;

use crate::api;
use crate::model::history::HistoryAction;
use crate::ui::i18n::{msg, tr_args, Lang};
use crate::model::user_info::HistoryQuery;
use crate::ui::browser::{date_to_ms, format_date_time};
use crate::ui::feedback::loaded;
use crate::ui::i18n::{tr, use_lang};

#[component]
pub fn HistoryTab(chat: String, client: bool) -> Element {
    let lang = use_lang();
    let mut from = use_signal(String::new);
    let mut to = use_signal(String::new);
    let mut action = use_signal(|| None::<HistoryAction>);
    let history = use_resource(use_reactive!(|(chat, client)| {
        let query = HistoryQuery {
            chat,
            client,
            from_ms: date_to_ms(&from(), false),
            to_ms: date_to_ms(&to(), true),
            action: action(),
        };
        async move { api::people::users::user_history(query).await }
    }));
    let found = match loaded(lang(), &history) {
        Ok(found) => found,
        Err(shown) => return shown,
    };
    // The filter's choices by their shown names; each sends its code.
    let mut kinds: Vec<(HistoryAction, &'static str)> = found.actions.iter().map(|a| (*a, tr(lang(), history_id(*a)))).collect();
    kinds.sort_by(|a, b| a.1.cmp(b.1));
    let chosen = action().map_or("", |a| a.as_code());
    rsx! {
        div { class: "history-filter",
            label { {tr(lang(), "period-from")} input { r#type: "date", name: "from", value: "{from}", oninput: move |e| from.set(e.value()) } }
            label { {tr(lang(), "period-to")} input { r#type: "date", name: "to", value: "{to}", oninput: move |e| to.set(e.value()) } }
            label { {tr(lang(), "history-action")}
                select { name: "action", value: "{chosen}", onchange: move |e| action.set(HistoryAction::from_code(&e.value())),
                    option { value: "", {tr(lang(), "any-neuter")} }
                    for (kind, name) in kinds {
                        option { key: "{kind.as_code()}", value: "{kind.as_code()}", selected: Some(kind) == action(), {name} }
                    }
                }
            }
        }
        if found.events.is_empty() {
            p { class: "muted", {tr(lang(), "no-events")} }
        }
        ul { class: "history",
            for (i, event) in found.events.iter().enumerate() {
                li { key: "{i}", class: "history-event",
                    span { class: "muted", "{format_date_time(lang(), event.at_ms)} · {event.actor_name}" }
                    div { b { {tr(lang(), history_id(event.action))} } if let Some(detail) = &event.detail { " — {detail_text(lang(), event.action, detail)}" } }
                }
            }
        }
    }
}

/// The message that names `action` (`history-<code>`, dashes for underscores).
fn history_id(action: HistoryAction) -> &'static str {
    match action {
        HistoryAction::ChatCreated => msg("history-chat-created"),
        HistoryAction::ChatDeleted => msg("history-chat-deleted"),
        HistoryAction::ChatRestored => msg("history-chat-restored"),
        HistoryAction::ChatErased => msg("history-chat-erased"),
        HistoryAction::ChatLeft => msg("history-chat-left"),
        HistoryAction::StatusChanged => msg("history-status-changed"),
        HistoryAction::ResponsibleAssigned => msg("history-responsible-assigned"),
        HistoryAction::TopicChanged => msg("history-topic-changed"),
        HistoryAction::ParticipantsAdded => msg("history-participants-added"),
        HistoryAction::ParticipantRemoved => msg("history-participant-removed"),
        HistoryAction::ConferenceCreated => msg("history-conference-created"),
        HistoryAction::WebinarCreated => msg("history-webinar-created"),
        HistoryAction::MeetingSettingsChanged => msg("history-meeting-settings-changed"),
        HistoryAction::MergedIntoClient => msg("history-merged-into-client"),
        HistoryAction::MergeUndone => msg("history-merge-undone"),
        HistoryAction::UserBlocked => msg("history-user-blocked"),
        HistoryAction::ClientBlocked => msg("history-client-blocked"),
        HistoryAction::UserUnblocked => msg("history-user-unblocked"),
        HistoryAction::ClientUnblocked => msg("history-client-unblocked"),
        HistoryAction::UserRenamed => msg("history-user-renamed"),
        HistoryAction::FieldChanged => msg("history-field-changed"),
        HistoryAction::FieldCleared => msg("history-field-cleared"),
        HistoryAction::InquiryStarted => msg("history-inquiry-started"),
        HistoryAction::Rated => msg("history-rated"),
        HistoryAction::PageVisited => msg("history-page-visited"),
        HistoryAction::MessageSent => msg("history-message-sent"),
        HistoryAction::Other => msg("history-other"),
    }
}

/// An event's detail as shown: data, with the wording its action gives it.
fn detail_text(lang: Lang, action: HistoryAction, detail: &str) -> String {
    match action {
        HistoryAction::UserBlocked | HistoryAction::ClientBlocked => tr_args(lang, "history-block-detail", &[("detail", detail.into())]),
        _ => detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_code_as_message_id() {
        for action in HistoryAction::ALL {
            assert_eq!(history_id(action), format!("history-{}", action.as_code().replace('_', "-")));
        }
    }
}
