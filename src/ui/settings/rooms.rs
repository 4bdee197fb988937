//! Rooms in the settings area (S4, S7): create within the tariff; rename,
//! type, maximum wait, client-panel fields, image and order of each room.

use base64::Engine as _;
use dioxus::prelude::*;

use super::room_hours::RoomHoursForm;

use super::kind_id;
use super::section::{use_report, Report, Section, SubmitButton};
use crate::api;
use crate::model::problem::Problem;
use crate::model::room::{Room, RoomKind, PANEL_FIELDS};
use crate::model::settings::{check_new_room, NewRoom, RoomEdit, MAX_ROOM_IMAGE_BYTES};
use crate::ui::i18n::{msg, tr, tr_args, tr_model, use_lang, Lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::problem::problem_text;
use crate::ui::rooms::RoomImage;

const KINDS: [RoomKind; 4] = [RoomKind::Client, RoomKind::Internal, RoomKind::Conference, RoomKind::Webinar];

/// A part of the client panel (src/model's `PANEL_FIELDS`) in `lang`; a
/// part added there without a message here shows its model label.
fn panel_field_label(lang: Lang, key: &str, model_label: &'static str) -> &'static str {
    let id = match key {
        "fields" => msg("custom-fields"),
        "responsible" => msg("responsible"),
        "location" => msg("location"),
        "page" => msg("current-page"),
        "utm" => msg("utm-tags"),
        _ => return tr_model(lang, model_label),
    };
    tr(lang, id)
}

#[component]
pub fn RoomsSettings(rooms: Vec<Room>, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut name = use_signal(String::new);
    let mut kind = use_signal(|| RoomKind::Client);
    let mut wait = use_signal(|| "300".to_string());
    let report = use_report(on_changed);

    let submit = move |evt: FormEvent| async move {
        evt.prevent_default();
        let room = NewRoom { name: name(), kind: kind(), max_wait_secs: wait().trim().parse().unwrap_or(0) };
        if report.check(check_new_room(&room)) && report.saved(api::admin::room_settings::create_room(room).await) {
            name.set(String::new());
        }
    };
    let count = rooms.len();
    let tariff = use_resource(|| api::admin::room_settings::room_tariff());
    let limit = tariff.read().as_ref().and_then(|r| r.as_ref().ok()).copied();

    rsx! {
        Section { id: "rooms-settings", title: msg("rooms"), report,
            if let Some(limit) = limit {
                p { class: "muted tariff", "data-tariff": "{limit}",
                    {tr_args(lang(), "rooms-of-tariff", &[("count", (count as i64).into()), ("limit", (limit as i64).into())])}
                }
            }
            for (index, room) in rooms.into_iter().enumerate() {
                // Keyed by id alone: a reload (after a move, say) must not drop the card
                // and with it an upload still on its way.
                RoomCard { key: "{room.id}", room, first: index == 0, last: index + 1 == count, report,
                    beyond_tariff: limit.is_some_and(|limit| index >= limit) }
            }
            form { class: "inline-form", id: "new-room", onsubmit: submit,
                input { name: "room-name", placeholder: tr(lang(), "room-name"), value: "{name}", maxlength: "100",
                    oninput: move |e| name.set(e.value()) }
                select { name: "room-kind", "aria-label": tr(lang(), "type"), onchange: move |e| kind.set(RoomKind::parse(&e.value()).unwrap_or(RoomKind::Client)),
                    for k in KINDS {
                        option { value: k.as_str(), selected: k == kind(), {tr(lang(), kind_id(k))} }
                    }
                }
                input { name: "room-wait", r#type: "number", min: "10", max: "86400", "aria-label": tr(lang(), "room-max-wait"), value: "{wait}", oninput: move |e| wait.set(e.value()) }
                SubmitButton { is_new: true }
            }
        }
    }
}

/// One room: its settings form, its image and its place in the order.
#[component]
fn RoomCard(room: Room, first: bool, last: bool, report: Report, #[props(default)] beyond_tariff: bool) -> Element {
    let lang = use_lang();
    let mut name = use_signal(|| room.name.clone());
    let mut kind = use_signal(|| room.kind);
    let mut wait = use_signal(|| room.max_wait_secs.to_string());
    let mut fields = use_signal(|| room.panel_fields.clone());
    let mut saved = use_signal(|| false);
    // A reload brings the saved values: the form follows them.
    use_effect(use_reactive!(|room| {
        name.set(room.name.clone());
        kind.set(room.kind);
        wait.set(room.max_wait_secs.to_string());
        fields.set(room.panel_fields.clone());
    }));
    // The room for the handlers, which each outlive a render (the card is keyed by it).
    let id = use_signal(|| room.id.clone());

    let save = move |evt: FormEvent| {
        evt.prevent_default();
        let edit = RoomEdit { id: id(), name: name(), kind: kind(), max_wait_secs: wait().trim().parse().unwrap_or(0), panel_fields: fields() };
        async move {
            if report.check(check_new_room(&edit.as_new())) && report.done(api::admin::room_settings::edit_room(edit).await) {
                saved.set(true);
            }
        }
    };
    let shift = move |step: i64| async move { report.done(api::admin::room_settings::move_room(id(), step).await); };
    let upload = move |evt: FormEvent| async move {
        let Some(file) = evt.files().into_iter().next() else { return };
        if file.size() as usize > MAX_ROOM_IMAGE_BYTES {
            report.error.show(problem_text(lang(), &Problem::ImageTooLarge { kb: MAX_ROOM_IMAGE_BYTES / 1024 }));
            return;
        }
        let Ok(bytes) = file.read_bytes().await else {
            report.error.show(tr(lang(), "file-unreadable").to_string());
            return;
        };
        let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
        report.done(api::admin::room_settings::upload_room_image(id(), data).await);
    };

    rsx! {
        form { class: "group-card room-card", "data-room-settings": "{room.id}", onsubmit: save,
            if beyond_tariff {
                p { class: "banner beyond-tariff", {tr(lang(), "rooms-beyond-tariff")} }
            }
            div { class: "inline-form",
                RoomImage { name: room.name.clone(), image: room.image.clone() }
                input { name: "name", value: "{name}", maxlength: "100", "aria-label": tr(lang(), "room-name"), oninput: move |e| name.set(e.value()) }
                select { name: "kind", "aria-label": tr(lang(), "type"), onchange: move |e| kind.set(RoomKind::parse(&e.value()).unwrap_or(room.kind)),
                    for k in KINDS {
                        option { value: k.as_str(), selected: k == kind(), {tr(lang(), kind_id(k))} }
                    }
                }
                label { class: "muted", {tr(lang(), "room-max-wait")} " "
                    input { name: "wait", r#type: "number", min: "10", max: "86400", value: "{wait}", oninput: move |e| wait.set(e.value()) }
                }
                button { class: "ghost", r#type: "button", disabled: first, title: tr(lang(), "move-up"), "aria-label": tr(lang(), "move-up"),
                    onclick: move |_| shift(-1), Icon { name: IconName::ArrowUp } }
                button { class: "ghost", r#type: "button", disabled: last, title: tr(lang(), "move-down"), "aria-label": tr(lang(), "move-down"),
                    onclick: move |_| shift(1), Icon { name: IconName::ArrowDown } }
            }
            div { class: "room-grants", hidden: kind() != RoomKind::Client,
                span { class: "muted", {tr(lang(), "client-panel-parts")} }
                for (key, label) in PANEL_FIELDS.iter().copied() {
                    label { key: "{key}", class: "grant",
                        input { r#type: "checkbox", "data-panel-field": "{key}", checked: fields.read().iter().any(|f| f == key),
                            onchange: move |e: FormEvent| {
                                fields.write().retain(|f| f != key);
                                if e.checked() { fields.write().push(key.to_string()); }
                            }
                        }
                        " {panel_field_label(lang(), key, label)}"
                    }
                }
            }
            div { class: "inline-form",
                label { class: "ghost file-button",
                    {tr(lang(), "upload-image")}
                    input { r#type: "file", name: "image", accept: "image/png,image/jpeg,image/gif,image/webp", class: "visually-hidden", onchange: upload }
                }
                SubmitButton { is_new: false }
                if saved() {
                    span { class: "muted", role: "status", {tr(lang(), "saved")} }
                }
            }
        }
        if room.kind == RoomKind::Client {
            RoomHoursForm { room: room.id.clone() }
        }
    }
}
