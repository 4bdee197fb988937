//! The audit log section: the newest settings changes, newest first.

use dioxus::prelude::*;

use crate::model::settings::{AuditAction, AuditEntry};
use crate::ui::browser::format_when;
use crate::ui::i18n::{msg, tr, use_lang, Lang};

/// The newest settings changes, newest first.
#[component]
pub fn AuditLog(entries: Vec<AuditEntry>) -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "settings-section", id: "audit-log",
            h2 { {tr(lang(), "audit-log")} }
            table {
                thead { tr { th { {tr(lang(), "audit-when")} } th { {tr(lang(), "audit-who")} } th { {tr(lang(), "audit-what")} } th { {tr(lang(), "audit-before")} } th { {tr(lang(), "audit-after")} } } }
                tbody {
                    for (i, entry) in entries.into_iter().enumerate() {
                        tr { key: "{i}",
                            td { {format_when(lang(), entry.at_ms)} }
                            td { "{entry.actor_name}" }
                            td { {action_text(lang(), &entry.action)} ": {entry.object}" }
                            td { class: "muted", {entry.old.unwrap_or_default()} }
                            td { {entry.new.unwrap_or_default()} }
                        }
                    }
                }
            }
        }
    }
}

/// A stored action in `lang`: a code, or in entries written before the codes
/// the Russian phrase that is now its Russian message; anything else as stored.
fn action_text(lang: Lang, stored: &str) -> String {
    let known = AuditAction::from_code(stored).or_else(|| AuditAction::ALL.into_iter().find(|a| tr(Lang::Ru, action_id(*a)) == stored));
    match known {
        Some(action) => tr(lang, action_id(action)).to_string(),
        None => stored.to_string(),
    }
}

/// The message that names `action` (`audit-<code>`, dashes for underscores).
fn action_id(action: AuditAction) -> &'static str {
    match action {
        AuditAction::GroupCreated => msg("audit-group-created"),
        AuditAction::GroupRenamed => msg("audit-group-renamed"),
        AuditAction::GroupDeleted => msg("audit-group-deleted"),
        AuditAction::GroupRooms => msg("audit-group-rooms"),
        AuditAction::GroupTopics => msg("audit-group-topics"),
        AuditAction::GroupRights => msg("audit-group-rights"),
        AuditAction::RoomCreated => msg("audit-room-created"),
        AuditAction::RoomChanged => msg("audit-room-changed"),
        AuditAction::RoomsReordered => msg("audit-rooms-reordered"),
        AuditAction::RoomImage => msg("audit-room-image"),
        AuditAction::StatusCreated => msg("audit-status-created"),
        AuditAction::StatusChanged => msg("audit-status-changed"),
        AuditAction::StatusDeleted => msg("audit-status-deleted"),
        AuditAction::FieldCreated => msg("audit-field-created"),
        AuditAction::FieldChanged => msg("audit-field-changed"),
        AuditAction::FieldDeleted => msg("audit-field-deleted"),
        AuditAction::TopicCreated => msg("audit-topic-created"),
        AuditAction::TopicChanged => msg("audit-topic-changed"),
        AuditAction::TopicDeleted => msg("audit-topic-deleted"),
        AuditAction::EmployeeCreated => msg("audit-employee-created"),
        AuditAction::EmployeeGroups => msg("audit-employee-groups"),
        AuditAction::EmployeeDisabled => msg("audit-employee-disabled"),
        AuditAction::EmployeeBot => msg("audit-employee-bot"),
        AuditAction::PasswordChanged => msg("audit-password-changed"),
        AuditAction::MailSource => msg("audit-mail-source"),
    }
}
