//! Settings → a client room's working hours and offline form (#14): the
//! days and times, the time zone, and what the widget does outside them.

use dioxus::prelude::*;

use crate::api;
use crate::model::hours::{minute_text, parse_minute, DayHours, WorkingHours};
use crate::ui::i18n::{msg, tr, use_lang};
use crate::ui::problem::{error_text, problem_text};

const WEEKDAYS: [&str; 7] =
    [msg("weekday-mon"), msg("weekday-tue"), msg("weekday-wed"), msg("weekday-thu"), msg("weekday-fri"), msg("weekday-sat"), msg("weekday-sun")];

/// Zones offered in the list (any IANA zone may be typed).
const ZONES: [&str; 8] =
    ["Europe/Moscow", "Europe/Kaliningrad", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok", "Europe/London", "UTC"];

#[component]
pub fn RoomHoursForm(room: String) -> Element {
    let lang = use_lang();
    let mut hours = use_signal(|| None::<WorkingHours>);
    let mut error = use_signal(|| None::<String>);
    let mut saved = use_signal(|| false);
    let for_load = room.clone();
    let for_attr = room.clone();
    use_effect(move || {
        let room = for_load.clone();
        spawn(async move {
            match api::admin::room_hours::room_hours(room).await {
                Ok(loaded) => hours.set(Some(loaded)),
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
        });
    });
    let save = move |evt: FormEvent| {
        let room = room.clone();
        async move {
            evt.prevent_default();
            let Some(draft) = hours() else { return };
            if let Err(problem) = draft.check() {
                error.set(Some(problem_text(lang(), &problem)));
                return;
            }
            match api::admin::room_hours::save_room_hours(room, draft).await {
                Ok(()) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
        }
    };
    let Some(current) = hours() else {
        return rsx! { if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } } };
    };
    let mut change = move |f: &dyn Fn(&mut WorkingHours)| {
        if let Some(h) = hours.write().as_mut() {
            f(h);
        }
        saved.set(false);
    };
    rsx! {
        form { class: "room-hours", "data-room-hours": "{for_attr}", onsubmit: save,
            fieldset {
                legend { {tr(lang(), "working-hours")} }
                label { class: "grant",
                    input { r#type: "checkbox", name: "hours-enabled", checked: current.enabled,
                        onchange: move |e: FormEvent| change(&|h| h.enabled = e.checked()) }
                    " " {tr(lang(), "working-hours-enabled")}
                }
                label { class: "muted", {tr(lang(), "working-hours-timezone")} " "
                    input { name: "timezone", list: "timezones", value: "{current.timezone}", maxlength: "64",
                        oninput: move |e: FormEvent| change(&|h| h.timezone = e.value()) }
                }
                datalist { id: "timezones", for zone in ZONES { option { key: "{zone}", value: "{zone}" } } }
                div { class: "hours-days",
                    for (i, day) in current.days.iter().copied().enumerate() {
                        div { key: "{i}", class: "hours-day", "data-weekday": "{i}",
                            label { class: "grant",
                                input { r#type: "checkbox", name: "day-open", checked: day.is_some(),
                                    onchange: move |e: FormEvent| change(&|h| h.days[i] = e.checked().then_some(DayHours { from_min: 9 * 60, to_min: 18 * 60 })) }
                                " " {tr(lang(), WEEKDAYS[i])}
                            }
                            if let Some(d) = day {
                                input { r#type: "time", name: "day-from", value: "{minute_text(d.from_min)}", "aria-label": tr(lang(), WEEKDAYS[i]),
                                    onchange: move |e: FormEvent| if let Some(m) = parse_minute(&e.value()) { change(&|h| if let Some(Some(d)) = h.days.get_mut(i) { d.from_min = m }) } }
                                "–"
                                input { r#type: "time", name: "day-to", value: "{minute_text(d.to_min.min(24 * 60 - 1))}", "aria-label": tr(lang(), WEEKDAYS[i]),
                                    onchange: move |e: FormEvent| if let Some(m) = parse_minute(&e.value()) { change(&|h| if let Some(Some(d)) = h.days.get_mut(i) { d.to_min = m }) } }
                            }
                        }
                    }
                }
                label { class: "grant",
                    input { r#type: "checkbox", name: "accept-outside", checked: current.accept_outside,
                        onchange: move |e: FormEvent| change(&|h| h.accept_outside = e.checked()) }
                    " " {tr(lang(), "working-hours-accept-outside")}
                }
                label { class: "grant",
                    input { r#type: "checkbox", name: "offline-when-nobody", checked: current.offline_when_nobody,
                        onchange: move |e: FormEvent| change(&|h| h.offline_when_nobody = e.checked()) }
                    " " {tr(lang(), "working-hours-offline-when-nobody")}
                }
                if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
                div { class: "inline-form",
                    button { class: "primary", r#type: "submit", {tr(lang(), "save")} }
                    if saved() { span { class: "muted", role: "status", {tr(lang(), "working-hours-saved")} } }
                }
            }
        }
    }
}
