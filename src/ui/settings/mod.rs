//! The settings area for administrators: rooms (S4, S7), which rooms each
//! group grants (S6), and employees. Changes reach every open workspace at once.

mod employees;

use dioxus::prelude::*;

use self::employees::EmployeesSettings;
use crate::api;
use crate::app::Route;
use crate::model::room::{Room, RoomKind};
use crate::model::settings::{check_new_room, AuditEntry, Group, NewRoom, StaffMember, RIGHTS};
use crate::ui::browser::format_when;
use crate::ui::i18n::{tr, use_lang};

pub fn kind_label(kind: RoomKind) -> &'static str {
    match kind {
        RoomKind::Client => "Чат с клиентами",
        RoomKind::Internal => "Внутренний",
        RoomKind::Conference => "Конференции",
        RoomKind::Webinar => "Вебинары",
    }
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Vec<Group>, Vec<Room>, Vec<StaffMember>, Vec<AuditEntry>),
    Failed(String),
}

#[component]
pub fn SettingsPage() -> Element {
    let lang = use_lang();
    let mut data = use_signal(|| Load::Loading);
    let mut reload = use_signal(|| 0u32);
    use_effect(move || {
        let _ = reload();
        spawn(async move {
            let result = async {
                Ok::<_, ServerFnError>((
                    api::settings::list_groups().await?,
                    api::settings::list_all_rooms().await?,
                    api::settings::list_employees().await?,
                    api::settings::audit_log().await?,
                ))
            }
            .await;
            data.set(match result {
                Ok((groups, rooms, employees, audit)) => Load::Ready(groups, rooms, employees, audit),
                Err(e) => Load::Failed(api::error_text(&e)),
            });
        });
    });

    rsx! {
        div { class: "settings",
            div { class: "settings-head",
                Link { to: Route::WorkspacePage {}, class: "ghost", "← {tr(lang(), \"Чаты\")}" }
                h1 { {tr(lang(), "Настройки")} }
            }
            match data() {
                Load::Loading => rsx! { div { class: "muted", {tr(lang(), "Загрузка…")} } },
                Load::Failed(message) => rsx! { div { class: "banner error", role: "alert", "{message}" } },
                Load::Ready(groups, rooms, employees, audit) => rsx! {
                    RoomsSettings { rooms: rooms.clone(), on_changed: move |_| reload += 1 }
                    GroupsSettings { groups: groups.clone(), rooms, on_changed: move |_| reload += 1 }
                    EmployeesSettings { employees, groups, on_changed: move |_| reload += 1 }
                    AuditLog { entries: audit }
                },
            }
        }
    }
}

#[component]
fn RoomsSettings(rooms: Vec<Room>, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut name = use_signal(String::new);
    let mut kind = use_signal(|| RoomKind::Client);
    let mut wait = use_signal(|| "300".to_string());
    let mut error = use_signal(|| None::<String>);

    let submit = move |evt: FormEvent| async move {
        evt.prevent_default();
        let room = NewRoom { name: name(), kind: kind(), max_wait_secs: wait().trim().parse().unwrap_or(0) };
        if let Err(problem) = check_new_room(&room) {
            error.set(Some(problem));
            return;
        }
        match api::settings::create_room(room).await {
            Ok(_) => {
                error.set(None);
                name.set(String::new());
                on_changed.call(());
            }
            Err(e) => error.set(Some(api::error_text(&e))),
        }
    };

    rsx! {
        section { class: "settings-section", id: "rooms-settings",
            h2 { {tr(lang(), "Комнаты")} }
            table {
                thead { tr { th { {tr(lang(), "Название")} } th { {tr(lang(), "Тип")} } th { {tr(lang(), "Макс. ожидание, с")} } } }
                tbody {
                    for room in rooms {
                        tr { key: "{room.id}", td { "{room.name}" } td { {tr(lang(), kind_label(room.kind))} } td { "{room.max_wait_secs}" } }
                    }
                }
            }
            form { class: "inline-form", onsubmit: submit,
                input { name: "room-name", placeholder: tr(lang(), "Название"), value: "{name}", maxlength: "100",
                    oninput: move |e| name.set(e.value()) }
                select { name: "room-kind", onchange: move |e| kind.set(RoomKind::parse(&e.value()).unwrap_or(RoomKind::Client)),
                    for k in [RoomKind::Client, RoomKind::Internal, RoomKind::Conference, RoomKind::Webinar] {
                        option { value: k.as_str(), selected: k == kind(), {tr(lang(), kind_label(k))} }
                    }
                }
                input { name: "room-wait", r#type: "number", min: "10", max: "86400", value: "{wait}", oninput: move |e| wait.set(e.value()) }
                button { class: "primary", r#type: "submit", {tr(lang(), "Создать")} }
            }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
        }
    }
}

#[component]
fn GroupsSettings(groups: Vec<Group>, rooms: Vec<Room>, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut error = use_signal(|| None::<String>);
    let mut new_name = use_signal(String::new);
    let create = move |evt: FormEvent| async move {
        evt.prevent_default();
        match api::settings::create_group(new_name()).await {
            Ok(_) => {
                error.set(None);
                new_name.set(String::new());
                on_changed.call(());
            }
            Err(e) => error.set(Some(api::error_text(&e))),
        }
    };
    rsx! {
        section { class: "settings-section", id: "groups-settings",
            h2 { {tr(lang(), "Группы и права")} }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
            for group in groups {
                div { class: "group-card", key: "{group.id}", "data-group": "{group.id}",
                    h3 { "{group.name}" }
                    div { class: "room-grants rights",
                        for (right, label) in RIGHTS.iter().copied() {
                            {
                                let granted = group.rights.iter().any(|r| r == right);
                                let (group_id, current) = (group.id.clone(), group.rights.clone());
                                rsx! {
                                    label { key: "{right}", class: "grant",
                                        input {
                                            r#type: "checkbox",
                                            "data-right": "{right}",
                                            checked: granted,
                                            onchange: move |e: FormEvent| {
                                                let group_id = group_id.clone();
                                                let mut next: Vec<String> = current.iter().filter(|r| *r != right).cloned().collect();
                                                if e.checked() { next.push(right.to_string()); }
                                                async move {
                                                    match api::settings::set_group_rights(group_id, next).await {
                                                        Ok(()) => { error.set(None); on_changed.call(()); }
                                                        // Refused: show why and put the boxes back as stored.
                                                        Err(e) => { error.set(Some(api::error_text(&e))); on_changed.call(()); }
                                                    }
                                                }
                                            },
                                        }
                                        " {tr(lang(), label)}"
                                    }
                                }
                            }
                        }
                    }
                    div { class: "room-grants",
                        for room in rooms.clone() {
                            {
                                let granted = group.rooms.contains(&room.id);
                                let (group_id, current, room_id) = (group.id.clone(), group.rooms.clone(), room.id.clone());
                                rsx! {
                                    label { key: "{room.id}", class: "grant",
                                        input {
                                            r#type: "checkbox",
                                            "data-room": "{room.id}",
                                            checked: granted,
                                            onchange: move |e: FormEvent| {
                                                let (group_id, room_id) = (group_id.clone(), room_id.clone());
                                                let mut next: Vec<String> = current.iter().filter(|r| **r != room_id).cloned().collect();
                                                if e.checked() { next.push(room_id); }
                                                async move {
                                                    match api::settings::set_group_rooms(group_id, next).await {
                                                        Ok(()) => { error.set(None); on_changed.call(()); }
                                                        // Refused: show why and put the boxes back as stored.
                                                        Err(e) => { error.set(Some(api::error_text(&e))); on_changed.call(()); }
                                                    }
                                                }
                                            },
                                        }
                                        " {room.name}"
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form { class: "inline-form", onsubmit: create,
                input { name: "group-name", placeholder: tr(lang(), "Название группы"), value: "{new_name}", maxlength: "100",
                    oninput: move |e| new_name.set(e.value()) }
                button { class: "primary", r#type: "submit", {tr(lang(), "Создать")} }
            }
        }
    }
}

/// The newest settings changes, newest first.
#[component]
fn AuditLog(entries: Vec<AuditEntry>) -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "settings-section", id: "audit-log",
            h2 { {tr(lang(), "Журнал изменений")} }
            table {
                thead { tr { th { {tr(lang(), "Когда")} } th { {tr(lang(), "Кто")} } th { {tr(lang(), "Что")} } th { {tr(lang(), "Было")} } th { {tr(lang(), "Стало")} } } }
                tbody {
                    for (i, entry) in entries.into_iter().enumerate() {
                        tr { key: "{i}",
                            td { {format_when(entry.at_ms)} }
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
