//! The audit log section: the newest settings changes, newest first.

use dioxus::prelude::*;

use crate::model::settings::AuditEntry;
use crate::ui::browser::format_when;
use crate::ui::i18n::{tr, use_lang};

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
                            td { "{entry.action}: {entry.object}" }
                            td { class: "muted", {entry.old.unwrap_or_default()} }
                            td { {entry.new.unwrap_or_default()} }
                        }
                    }
                }
            }
        }
    }
}
