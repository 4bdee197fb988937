//! «Настройки конференции (вебинара)» (C4): the lobby, the participant
//! limit, who may start the call, and a webinar's presenters.

use dioxus::prelude::*;

use crate::api;
use crate::model::meeting::{MeetingInfo, MeetingSettings, WhoStarts};
use crate::model::room::RoomKind;
use crate::ui::i18n::{tr, use_lang};
use crate::ui::workspace::store::Store;
use crate::ui::problem::error_text;

#[component]
pub fn MeetingSettingsForm(chat: String, on_done: EventHandler<Result<(), String>>) -> Element {
    let lang = use_lang();
    let info = use_resource(use_reactive!(|chat| async move { api::meetings::meeting::meeting_info(chat).await }));
    let loaded = info.read().clone();
    match loaded {
        None => rsx! { p { class: "muted", {tr(lang(), "loading")} } },
        Some(Err(e)) => rsx! { div { class: "error", role: "alert", {error_text(lang(), &e)} } },
        Some(Ok(info)) => rsx! { SettingsFields { info, on_done } },
    }
}

#[component]
fn SettingsFields(info: MeetingInfo, on_done: EventHandler<Result<(), String>>) -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let mut settings = use_signal(|| info.settings.clone());
    let mut error = use_signal(|| None::<String>);
    let webinar = info.kind == RoomKind::Webinar;
    let most = MeetingSettings::most(info.kind);
    let participants = store.chats.read().get(&info.chat).map(|row| row.chat.participants.clone()).unwrap_or_default();
    let organiser = info.organiser.as_ref().map(|o| o.id.clone());
    let readonly = !info.may_manage;
    let chat = info.chat.clone();
    let save = move |evt: FormEvent| {
        evt.prevent_default();
        let chat = chat.clone();
        async move {
            match api::meetings::meeting::save_meeting_settings(chat, settings()).await {
                Ok(_) => on_done.call(Ok(())),
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
        }
    };
    rsx! {
        form { class: "meeting-settings", onsubmit: save,
            if let Some(at) = info.starts_ms {
                p { class: "meeting-start", {tr(lang(), "meeting-start")} ": " {crate::ui::browser::format_date_time(lang(), at)} }
            }
            if let Some(organiser) = info.organiser.as_ref() {
                p { class: "muted", {tr(lang(), "meeting-organiser")} ": " "{organiser.name}" }
            }
            if readonly {
                p { class: "muted", {tr(lang(), "meeting-settings-by-organiser")} }
            }
            label { class: "grant",
                input { r#type: "checkbox", name: "lobby", disabled: readonly, checked: settings().lobby,
                    onchange: move |e: FormEvent| settings.write().lobby = e.checked() }
                " " {tr(lang(), "meeting-guest-lobby")}
            }
            label { {tr(lang(), "meeting-max-participants")} " "
                input { r#type: "number", name: "max_participants", min: "2", max: "{most}", disabled: readonly,
                    value: "{settings().max_participants}",
                    oninput: move |e| settings.write().max_participants = e.value().trim().parse().unwrap_or(0) }
            }
            label { {tr(lang(), "meeting-who-starts-call")} " "
                select { name: "who_starts", disabled: readonly,
                    onchange: move |e| settings.write().who_starts = if e.value() == "organiser" { WhoStarts::Organiser } else { WhoStarts::Participants },
                    option { value: "participants", selected: settings().who_starts == WhoStarts::Participants, {tr(lang(), "meeting-starts-anyone")} }
                    option { value: "organiser", selected: settings().who_starts == WhoStarts::Organiser, {tr(lang(), "meeting-starts-organiser")} }
                }
            }
            if webinar {
                fieldset { class: "people-list",
                    legend { {tr(lang(), "meeting-presenters")} }
                    for person in participants.into_iter().filter(|p| Some(&p.id) != organiser.as_ref()) {
                        label { key: "{person.id}", class: "person",
                            input { r#type: "checkbox", "data-presenter": "{person.id}", disabled: readonly,
                                checked: settings().presenters.contains(&person.id),
                                onchange: { let id = person.id.clone(); move |e: FormEvent| {
                                    let mut s = settings.write();
                                    s.presenters.retain(|p| p != &id);
                                    if e.checked() { s.presenters.push(id.clone()); }
                                }}
                            }
                            " {person.name}"
                        }
                    }
                }
            }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
            if !readonly {
                button { class: "primary", r#type: "submit", "data-confirm": "meeting-settings", {tr(lang(), "save")} }
            }
        }
    }
}
