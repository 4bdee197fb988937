//! The settings area for administrators: rooms (S4, S7), groups and rights
//! (S6), employees, directories (S5), sources (S1, S2) and the audit log.
//! Changes reach every open workspace at once.

mod audit;
mod directory;
mod employees;
mod groups;
mod ratings;
mod room_hours;
mod rooms;
mod section;
mod sources;

use dioxus::prelude::*;

use self::audit::AuditLog;
use self::directory::{FieldsSettings, StatusesSettings, TopicsSettings};
use self::employees::EmployeesSettings;
use self::groups::GroupsSettings;
use self::ratings::RatingsReport;
use self::rooms::RoomsSettings;
use self::sources::SourcesSettings;
use crate::api;
use crate::app::Route;
use crate::model::directory::{CustomField, Status, Topic};
use crate::model::room::{Room, RoomKind};
use crate::model::settings::{AuditEntry, EmailSource, Group, StaffMember};
use crate::ui::i18n::{msg, tr, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::problem::error_text;

/// A room type's message id.
pub fn kind_id(kind: RoomKind) -> &'static str {
    match kind {
        RoomKind::Client => msg("room-kind-client"),
        RoomKind::Internal => msg("room-kind-internal"),
        RoomKind::Conference => msg("room-kind-conference"),
        RoomKind::Webinar => msg("room-kind-webinar"),
    }
}

/// Everything the settings page shows, loaded together.
#[derive(Clone, PartialEq)]
struct SettingsData {
    groups: Vec<Group>,
    rooms: Vec<Room>,
    employees: Vec<StaffMember>,
    audit: Vec<AuditEntry>,
    statuses: Vec<Status>,
    topics: Vec<Topic>,
    fields: Vec<CustomField>,
    mailboxes: Vec<EmailSource>,
    bots: Vec<crate::model::channel::TelegramSource>,
}

async fn load() -> Result<SettingsData, ServerFnError> {
    Ok(SettingsData {
        groups: api::admin::groups::list_groups().await?,
        rooms: api::admin::room_settings::list_all_rooms().await?,
        employees: api::people::staff::list_employees().await?,
        audit: api::admin::audit::audit_log().await?,
        statuses: api::admin::directory::list_statuses().await?,
        topics: api::admin::directory::list_topics().await?,
        fields: api::admin::directory::list_fields().await?,
        mailboxes: api::admin::sources::list_email_sources().await?,
        bots: api::admin::sources::list_telegram_sources().await?,
    })
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Box<SettingsData>),
    Failed(String),
}

/// The sections, in page order, for the jump links at the top.
const SECTIONS: &[(&str, &str)] = &[
    ("rooms-settings", msg("rooms")),
    ("groups-settings", msg("groups-and-rights")),
    ("employees-settings", msg("staff")),
    ("statuses-settings", msg("statuses")),
    ("topics-settings", msg("topics")),
    ("fields-settings", msg("custom-fields")),
    ("sources-settings", msg("sources")),
    ("ratings-report", msg("ratings")),
    ("audit-log", msg("audit-log")),
];

#[component]
pub fn SettingsPage() -> Element {
    let lang = use_lang();
    let mut data = use_signal(|| Load::Loading);
    let mut reload = use_signal(|| 0u32);
    use_effect(move || {
        let generation = reload();
        spawn(async move {
            let loaded = load().await;
            // Two changes in quick succession start two loads; the older one
            // may answer last and must not overwrite the newer data.
            if *reload.peek() != generation {
                return;
            }
            data.set(match loaded {
                Ok(loaded) => Load::Ready(Box::new(loaded)),
                Err(e) => Load::Failed(error_text(lang(), &e)),
            });
        });
    });
    let changed = move |_| reload += 1;

    rsx! {
        main { class: "settings",
            div { class: "settings-head",
                Link { to: Route::WorkspacePage {}, class: "ghost", Icon { name: IconName::ArrowLeft } {tr(lang(), "chats")} }
                h1 { {tr(lang(), "settings")} }
            }
            nav { class: "settings-nav",
                for (anchor, label) in SECTIONS.iter().copied() {
                    a { key: "{anchor}", href: "#{anchor}", {tr(lang(), label)} }
                }
            }
            match data() {
                Load::Loading => rsx! { div { class: "muted", {tr(lang(), "loading")} } },
                Load::Failed(message) => rsx! { div { class: "banner error", role: "alert", "{message}" } },
                Load::Ready(d) => rsx! {
                    RoomsSettings { rooms: d.rooms.clone(), on_changed: changed }
                    GroupsSettings { groups: d.groups.clone(), rooms: d.rooms.clone(), topics: d.topics.clone(), on_changed: changed }
                    EmployeesSettings { employees: d.employees.clone(), groups: d.groups.clone(), on_changed: changed }
                    StatusesSettings { statuses: d.statuses.clone(), rooms: d.rooms.clone(), on_changed: changed }
                    TopicsSettings { topics: d.topics.clone(), on_changed: changed }
                    FieldsSettings { fields: d.fields.clone(), on_changed: changed }
                    SourcesSettings { rooms: d.rooms.clone(), mailboxes: d.mailboxes.clone(), bots: d.bots.clone(), on_changed: changed }
                    RatingsReport {}
                    AuditLog { entries: d.audit.clone() }
                },
            }
        }
    }
}
