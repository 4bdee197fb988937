//! A chat status as a badge (L10): its name with a dot in the administrator's
//! colour. The colour is an SVG `fill`, not a `style` attribute, so the page's
//! CSP needs no inline styles.

use dioxus::prelude::*;

#[component]
pub fn StatusBadge(name: String, color: String) -> Element {
    rsx! {
        span { class: "status",
            svg { class: "status-dot", width: "8", height: "8", view_box: "0 0 8 8", "aria-hidden": "true",
                circle { cx: "4", cy: "4", r: "4", fill: "{color}" }
            }
            "{name}"
        }
    }
}
