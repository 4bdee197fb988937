//! Directories (S5) in the settings area: chat statuses with their actions,
//! topics, custom fields. An entry in use is deleted only with a replacement.

use dioxus::prelude::*;

use crate::api;
use crate::model::directory::{check_custom_field, check_status, CustomField, FieldKind, FieldOwner, Status, Topic};
use crate::model::room::Room;
use crate::ui::i18n::{msg, tr, use_lang};
use super::section::{use_report, Report, Section, SubmitButton};

/// A field type's message id.
fn field_kind_id(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => msg("field-kind-text"),
        FieldKind::Number => msg("field-kind-number"),
        FieldKind::Date => msg("field-kind-date"),
        FieldKind::Choice => msg("field-kind-choice"),
    }
}

/// Whose field it is, as a message id.
fn field_owner_id(owner: FieldOwner) -> &'static str {
    match owner {
        FieldOwner::User => msg("user"),
        FieldOwner::Client => msg("client"),
    }
}

/// "Delete", with a choice of what replaces the entry where it is used.
#[component]
fn DeleteWithReplacement(own: String, others: Vec<(String, String)>, on_delete: EventHandler<Option<String>>) -> Element {
    let lang = use_lang();
    let mut replacement = use_signal(String::new);
    rsx! {
        span { class: "delete-entry",
            select { name: "replacement", "aria-label": tr(lang(), "replacement"), onchange: move |e| replacement.set(e.value()),
                option { value: "", {tr(lang(), "no-replacement")} }
                for (key, name) in others.into_iter().filter(|(k, _)| *k != own) {
                    option { key: "{key}", value: "{key}", "→ {name}" }
                }
            }
            button { class: "ghost", r#type: "button", onclick: move |_| on_delete.call(Some(replacement()).filter(|r| !r.is_empty())),
                {tr(lang(), "delete")}
            }
        }
    }
}

#[component]
pub fn StatusesSettings(statuses: Vec<Status>, rooms: Vec<Room>, on_changed: EventHandler<()>) -> Element {
    let report = use_report(on_changed);
    let others: Vec<(String, String)> = statuses.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
    let rooms: Vec<(String, String)> = rooms.into_iter().map(|r| (r.id, r.name)).collect();
    rsx! {
        Section { id: "statuses-settings", title: msg("statuses"), report,
            for status in statuses {
                StatusForm { key: "{status.id}-{status.name}-{status.color}-{status.is_default}", status, rooms: rooms.clone(), others: others.clone(), report }
            }
            StatusForm { status: new_status(), rooms: rooms.clone(), others: Vec::new(), report }
        }
    }
}

/// The blank form's status: blue until the administrator picks a colour.
fn new_status() -> Status {
    Status { color: "#3b82f6".into(), ..Default::default() }
}

#[component]
fn StatusForm(status: Status, rooms: Vec<(String, String)>, others: Vec<(String, String)>, report: Report) -> Element {
    let lang = use_lang();
    let mut draft = use_signal(|| status.clone());
    let is_new = status.id.is_empty();
    let save = move |evt: FormEvent| async move {
        evt.prevent_default();
        let status = draft();
        if report.check(check_status(&status)) && report.saved(api::admin::directory::save_status(status).await) && is_new {
            draft.set(new_status());
        }
    };
    let id = status.id.clone();
    let delete = move |replacement: Option<String>| {
        let id = id.clone();
        async move { report.saved(api::admin::directory::delete_status(id, replacement).await); }
    };
    let d = draft();
    rsx! {
        form { class: "group-card status-form", "data-status": "{status.id}", onsubmit: save,
            div { class: "inline-form",
                input { r#type: "color", name: "color", value: "{d.color}", "aria-label": tr(lang(), "colour"), oninput: move |e| draft.write().color = e.value() }
                input { name: "name", value: "{d.name}", maxlength: "100", placeholder: tr(lang(), "new-status"), oninput: move |e| draft.write().name = e.value() }
                label { class: "grant", input { r#type: "checkbox", name: "closed", checked: d.closed, onchange: move |e| draft.write().closed = e.checked() } " {tr(lang(), \"status-closed\")}" }
                label { class: "grant", input { r#type: "checkbox", name: "is_default", checked: d.is_default, onchange: move |e| draft.write().is_default = e.checked() } " {tr(lang(), \"status-default\")}" }
            }
            div { class: "inline-form",
                span { class: "muted", {tr(lang(), "status-on-enter")} }
                label { class: "grant", input { r#type: "checkbox", name: "remove_responsible", checked: d.remove_responsible, onchange: move |e| draft.write().remove_responsible = e.checked() } " {tr(lang(), \"status-remove-responsible\")}" }
                select { name: "move_to_room", "aria-label": tr(lang(), "status-move-to-room"),
                    onchange: move |e| draft.write().move_to_room = Some(e.value()).filter(|v| !v.is_empty()),
                    option { value: "", selected: d.move_to_room.is_none(), {tr(lang(), "status-do-not-move")} }
                    for (key, name) in rooms {
                        option { key: "{key}", value: "{key}", selected: d.move_to_room.as_deref() == Some(key.as_str()), "→ {name}" }
                    }
                }
                input { name: "message", class: "wide", value: "{d.message.clone().unwrap_or_default()}", maxlength: "2000", placeholder: tr(lang(), "status-client-message"),
                    oninput: move |e| draft.write().message = Some(e.value()) }
            }
            div { class: "inline-form",
                SubmitButton { is_new }
                if !is_new && !status.is_default {
                    DeleteWithReplacement { own: status.id.clone(), others, on_delete: delete }
                }
            }
        }
    }
}

#[component]
pub fn TopicsSettings(topics: Vec<Topic>, on_changed: EventHandler<()>) -> Element {
    let report = use_report(on_changed);
    let others: Vec<(String, String)> = topics.iter().map(|t| (t.id.clone(), t.name.clone())).collect();
    rsx! {
        Section { id: "topics-settings", title: msg("topics"), report,
            for topic in topics {
                TopicForm { key: "{topic.id}-{topic.name}", topic, others: others.clone(), report }
            }
            TopicForm { topic: Topic::default(), others: Vec::new(), report }
        }
    }
}

#[component]
fn TopicForm(topic: Topic, others: Vec<(String, String)>, report: Report) -> Element {
    let lang = use_lang();
    let mut name = use_signal(|| topic.name.clone());
    let is_new = topic.id.is_empty();
    let original = topic.clone();
    let save = move |evt: FormEvent| {
        evt.prevent_default();
        let topic = Topic { name: name(), ..original.clone() };
        async move {
            if report.saved(api::admin::directory::save_topic(topic).await) && is_new {
                name.set(String::new());
            }
        }
    };
    let id = topic.id.clone();
    let delete = move |replacement: Option<String>| {
        let id = id.clone();
        async move { report.saved(api::admin::directory::delete_topic(id, replacement).await); }
    };
    rsx! {
        form { class: "inline-form topic-form", "data-topic": "{topic.id}", onsubmit: save,
            input { name: "name", value: "{name}", maxlength: "100", placeholder: tr(lang(), "new-topic"), oninput: move |e| name.set(e.value()) }
            SubmitButton { is_new }
            if !is_new {
                DeleteWithReplacement { own: topic.id.clone(), others, on_delete: delete }
            }
        }
    }
}

#[component]
pub fn FieldsSettings(fields: Vec<CustomField>, on_changed: EventHandler<()>) -> Element {
    let report = use_report(on_changed);
    rsx! {
        Section { id: "fields-settings", title: msg("custom-fields"), report,
            for field in fields {
                FieldForm { key: "{field.id}-{field.name}-{field.kind.as_str()}-{field.owner.as_str()}-{field.on_panel}", field, report }
            }
            FieldForm { field: CustomField::default(), report }
        }
    }
}

#[component]
fn FieldForm(field: CustomField, report: Report) -> Element {
    let lang = use_lang();
    let mut draft = use_signal(|| field.clone());
    let mut choices = use_signal(|| field.choices.join(", "));
    let is_new = field.id.is_empty();
    let save = move |evt: FormEvent| async move {
        evt.prevent_default();
        let mut field = draft();
        field.choices = choices().split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        if report.check(check_custom_field(&field)) && report.saved(api::admin::directory::save_field(field).await) && is_new {
            draft.set(CustomField::default());
            choices.set(String::new());
        }
    };
    let id = field.id.clone();
    let delete = move |_| {
        let id = id.clone();
        async move { report.saved(api::admin::directory::delete_field(id).await); }
    };
    let d = draft();
    rsx! {
        form { class: "inline-form field-form", "data-field": "{field.id}", onsubmit: save,
            input { name: "name", value: "{d.name}", maxlength: "100", placeholder: tr(lang(), "new-field"), oninput: move |e| draft.write().name = e.value() }
            select { name: "kind", "aria-label": tr(lang(), "type"), onchange: move |e| draft.write().kind = FieldKind::parse(&e.value()).unwrap_or_default(),
                for kind in FieldKind::ALL {
                    option { value: kind.as_str(), selected: kind == d.kind, {tr(lang(), field_kind_id(kind))} }
                }
            }
            select { name: "owner", "aria-label": tr(lang(), "field-owner"), onchange: move |e| draft.write().owner = FieldOwner::parse(&e.value()).unwrap_or_default(),
                for owner in [FieldOwner::User, FieldOwner::Client] {
                    option { value: owner.as_str(), selected: owner == d.owner, {tr(lang(), field_owner_id(owner))} }
                }
            }
            label { class: "check",
                input { r#type: "checkbox", name: "on_panel", checked: d.on_panel, onchange: move |e| draft.write().on_panel = e.checked() }
                {tr(lang(), "field-on-panel")}
            }
            if d.kind == FieldKind::Choice {
                input { name: "choices", class: "wide", value: "{choices}", placeholder: tr(lang(), "field-choices-placeholder"), oninput: move |e| choices.set(e.value()) }
            }
            SubmitButton { is_new }
            if !is_new {
                button { class: "ghost", r#type: "button", onclick: delete, {tr(lang(), "delete")} }
            }
        }
    }
}
