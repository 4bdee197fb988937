//! Groups and rights (S6) in the settings area: the named rights, rooms and
//! topics each group grants; rename and delete (an empty group only).

use dioxus::prelude::*;

use super::section::{use_report, Report, Section, SubmitButton};
use crate::api;
use crate::model::directory::Topic;
use crate::model::room::Room;
use crate::model::settings::{Group, RIGHTS};
use crate::ui::i18n::{msg, tr, tr_model, use_lang, Lang};

/// What a row of boxes grants.
#[derive(Clone, Copy, PartialEq)]
enum GrantKind {
    Right,
    Room,
    Topic,
}

impl GrantKind {
    fn prefix(self) -> &'static str {
        match self {
            GrantKind::Right => "right",
            GrantKind::Room => "room",
            GrantKind::Topic => "topic",
        }
    }
}

/// A named right (src/model's `RIGHTS`) in `lang`; a right added there
/// without a message here shows its model label.
fn right_label(lang: Lang, key: &str, model_label: &'static str) -> &'static str {
    let id = match key {
        "chats.delete" => msg("right-chats-delete"),
        "users.edit" => msg("right-users-edit"),
        "clients.edit" => msg("right-clients-edit"),
        "clients.merge" => msg("right-clients-merge"),
        "block" => msg("right-block"),
        "meetings.manage" => msg("right-meetings-manage"),
        "replies.manage" => msg("right-replies-manage"),
        "admin" => msg("right-admin"),
        _ => return tr_model(lang, model_label),
    };
    tr(lang, id)
}

async fn save_grants(kind: GrantKind, group: String, keys: Vec<String>) -> Result<(), ServerFnError> {
    match kind {
        GrantKind::Right => api::admin::groups::set_group_rights(group, keys).await,
        GrantKind::Room => api::admin::groups::set_group_rooms(group, keys).await,
        GrantKind::Topic => api::admin::groups::set_group_topics(group, keys).await,
    }
}

#[component]
pub fn GroupsSettings(groups: Vec<Group>, rooms: Vec<Room>, topics: Vec<Topic>, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let report = use_report(on_changed);
    let mut new_name = use_signal(String::new);
    let create = move |evt: FormEvent| async move {
        evt.prevent_default();
        if report.saved(api::admin::groups::create_group(new_name()).await) {
            new_name.set(String::new());
        }
    };
    let rights: Vec<(String, String)> = RIGHTS.iter().map(|(k, l)| (k.to_string(), right_label(lang(), k, l).to_string())).collect();
    let rooms: Vec<(String, String)> = rooms.into_iter().map(|r| (r.id, r.name)).collect();
    let topics: Vec<(String, String)> = topics.into_iter().map(|t| (t.id, t.name)).collect();
    rsx! {
        Section { id: "groups-settings", title: msg("groups-and-rights"), report,
            for group in groups {
                div { class: "group-card", key: "{group.id}-{group.name}", "data-group": "{group.id}",
                    GroupName { group: group.clone(), report }
                    GrantBoxes { kind: GrantKind::Right, group: group.id.clone(), options: rights.clone(), granted: group.rights.clone(), report }
                    GrantBoxes { kind: GrantKind::Room, group: group.id.clone(), options: rooms.clone(), granted: group.rooms.clone(), report }
                    if !topics.is_empty() {
                        GrantBoxes { kind: GrantKind::Topic, group: group.id.clone(), options: topics.clone(), granted: group.topics.clone(), report }
                    }
                }
            }
            form { class: "inline-form", id: "new-group", onsubmit: create,
                input { name: "group-name", placeholder: tr(lang(), "group-name"), value: "{new_name}", maxlength: "100",
                    oninput: move |e| new_name.set(e.value()) }
                SubmitButton { is_new: true }
            }
        }
    }
}

/// The group's name, editable in place, and its delete button.
#[component]
fn GroupName(group: Group, report: Report) -> Element {
    let lang = use_lang();
    let mut name = use_signal(|| group.name.clone());
    // The group for the handlers, which each outlive a render (the card is keyed by it).
    let id = use_signal(|| group.id.clone());
    let rename = move |evt: FormEvent| {
        evt.prevent_default();
        async move { report.done(api::admin::groups::rename_group(id(), name()).await); }
    };
    let delete = move |_| async move { report.done(api::admin::groups::delete_group(id()).await); };
    rsx! {
        form { class: "inline-form group-name", onsubmit: rename,
            input { name: "group-name", value: "{name}", maxlength: "100", "aria-label": tr(lang(), "group-name"), oninput: move |e| name.set(e.value()) }
            if name() != group.name {
                button { class: "primary", r#type: "submit", {tr(lang(), "rename")} }
            }
            button { class: "ghost delete-group", r#type: "button", onclick: delete, {tr(lang(), "delete-group")} }
        }
    }
}

/// A row of checkboxes: which rights, rooms or topics the group grants.
/// A click shows at once and saves the whole row; clicks made while a save
/// is on its way are saved after it, from what the boxes show, so a quick
/// second click never brings back what the first one took away. A refused
/// change shows why and puts the boxes back as stored.
#[component]
fn GrantBoxes(kind: GrantKind, group: String, options: Vec<(String, String)>, granted: Vec<String>, report: Report) -> Element {
    let lang = use_lang();
    let (class, title) = match kind {
        GrantKind::Right => ("room-grants rights", msg("grants-rights")),
        GrantKind::Room => ("room-grants rooms", msg("grants-rooms")),
        GrantKind::Topic => ("room-grants topics", msg("grants-topics")),
    };
    // What the boxes show, the stored list last received, and whether a save runs.
    let mut boxes = use_signal(|| granted.clone());
    let mut stored = use_signal(|| granted.clone());
    let mut saving = use_signal(|| false);
    if *stored.peek() != granted {
        stored.set(granted.clone());
        // A reload that lands between two saves is already out of date.
        if !*saving.peek() {
            boxes.set(granted.clone());
        }
    }
    let group = use_signal(|| group);
    let mut toggle = move |key: String, on: bool| {
        boxes.with_mut(|b| {
            b.retain(|k| *k != key);
            if on {
                b.push(key);
            }
        });
        if *saving.peek() {
            return;
        }
        saving.set(true);
        spawn(async move {
            loop {
                let wanted = boxes.peek().clone();
                if !report.done(save_grants(kind, group(), wanted.clone()).await) {
                    // Refused: the boxes go back as stored.
                    boxes.set(stored.peek().clone());
                    report.reload();
                    break;
                }
                if *boxes.peek() == wanted {
                    break;
                }
            }
            saving.set(false);
        });
    };
    rsx! {
        div { class,
            span { class: "muted grant-title", {tr(lang(), title)} }
            for (key, label) in options {
                {
                    let checked = boxes.read().contains(&key);
                    let clicked = key.clone();
                    rsx! {
                        label { key: "{key}", class: "grant",
                            input {
                                r#type: "checkbox",
                                "data-grant": "{kind.prefix()}:{key}",
                                checked,
                                onchange: move |e: FormEvent| toggle(clicked.clone(), e.checked()),
                            }
                            " {label}"
                        }
                    }
                }
            }
        }
    }
}
