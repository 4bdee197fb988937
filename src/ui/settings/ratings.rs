//! Settings → «Оценки» (#14): clients' ratings over a chosen period, the
//! average and count per room and per operator.

use dioxus::prelude::*;

use crate::api;
use crate::model::rating::{RatingLine, RatingReport};
use crate::ui::browser::{date_to_ms, now_ms};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::error_text;

#[component]
pub fn RatingsReport() -> Element {
    let lang = use_lang();
    let mut from = use_signal(String::new);
    let mut to = use_signal(String::new);
    // Without dates: everything up to now.
    let report = use_resource(move || {
        // Read here, not in the future, so that a new date asks again.
        let from_ms = date_to_ms(&from(), false).unwrap_or(0);
        let to_ms = date_to_ms(&to(), true).map_or(now_ms() + 60_000, |end| end + 1);
        async move { api::admin::ratings::rating_report(from_ms, to_ms).await }
    });
    let body = match &*report.read() {
        None => rsx! { div { class: "muted", {tr(lang(), "loading")} } },
        Some(Err(e)) => rsx! { div { class: "error", role: "alert", {error_text(lang(), e)} } },
        Some(Ok(found)) => {
            let RatingReport { rooms, operators } = found.clone();
            if rooms.is_empty() {
                rsx! { p { class: "muted ratings-none", {tr(lang(), "ratings-none")} } }
            } else {
                rsx! {
                    RatingTable { id: "ratings-rooms", caption: tr(lang(), "ratings-rooms"), lines: rooms }
                    RatingTable { id: "ratings-operators", caption: tr(lang(), "ratings-operators"), lines: operators }
                }
            }
        }
    };
    rsx! {
        section { class: "settings-section", id: "ratings-report",
            h2 { {tr(lang(), "ratings")} }
            div { class: "history-filter",
                label { {tr(lang(), "period-from")} input { r#type: "date", name: "ratings-from", value: "{from}", oninput: move |e| from.set(e.value()) } }
                label { {tr(lang(), "period-to")} input { r#type: "date", name: "ratings-to", value: "{to}", oninput: move |e| to.set(e.value()) } }
            }
            {body}
        }
    }
}

#[component]
fn RatingTable(id: String, caption: String, lines: Vec<RatingLine>) -> Element {
    let lang = use_lang();
    rsx! {
        table { id: "{id}", class: "ratings-table",
            caption { "{caption}" }
            thead { tr { th { scope: "col", "" } th { scope: "col", {tr(lang(), "ratings-average")} } th { scope: "col", {tr(lang(), "ratings-count")} } } }
            tbody {
                for line in lines {
                    tr { key: "{line.name}",
                        th { scope: "row", "{line.name}" }
                        td { {format!("{:.1}", line.average)} }
                        td { "{line.count}" }
                    }
                }
            }
        }
    }
}
