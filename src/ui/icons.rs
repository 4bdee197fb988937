//! Inline SVG icons from Lucide (https://lucide.dev, ISC: assets/icons/LICENSE-lucide.txt).

// Shapes are copied unchanged from lucide-icons/lucide 1.33.0, `icons/<name>.svg`.
// An icon is decoration (`aria-hidden`): an icon-only control carries its own
// `aria-label`. Attributes only, no inline `style`: the page's CSP forbids it.

use dioxus::prelude::*;

/// The icons the interface uses, each named after its Lucide file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    /// `arrow-down`
    ArrowDown,
    /// `arrow-left`
    ArrowLeft,
    /// `arrow-up`
    ArrowUp,
    /// `copy`
    Copy,
    /// `download`
    Download,
    /// `ellipsis`
    Ellipsis,
    /// `file`
    File,
    /// `info`
    Info,
    /// `log-out`
    LogOut,
    /// `mail`
    Mail,
    /// `message-circle`
    MessageCircle,
    /// `mic-off`
    MicOff,
    /// `paperclip`
    Paperclip,
    /// `play`
    Play,
    /// `plus`
    Plus,
    /// `search`
    Search,
    /// `send`
    Send,
    /// `settings`
    Settings,
    /// `users`
    Users,
    /// `x`
    X,
}

/// One icon, sized by `.icon` in the stylesheet and drawn in the text colour.
#[component]
pub fn Icon(name: IconName) -> Element {
    rsx! {
        svg {
            class: "icon",
            xmlns: "http://www.w3.org/2000/svg",
            view_box: "0 0 24 24",
            fill: "none",
            stroke: "currentColor",
            "stroke-width": "2",
            "stroke-linecap": "round",
            "stroke-linejoin": "round",
            "aria-hidden": "true",
            "focusable": "false",
            {shapes(name)}
        }
    }
}

fn shapes(name: IconName) -> Element {
    match name {
        IconName::ArrowDown => rsx! {
            path { d: "M12 5v14" }
            path { d: "m19 12-7 7-7-7" }
        },
        IconName::ArrowLeft => rsx! {
            path { d: "m12 19-7-7 7-7" }
            path { d: "M19 12H5" }
        },
        IconName::ArrowUp => rsx! {
            path { d: "m5 12 7-7 7 7" }
            path { d: "M12 19V5" }
        },
        IconName::Copy => rsx! {
            rect { width: "14", height: "14", x: "8", y: "8", rx: "2", ry: "2" }
            path { d: "M4 16c-1.1 0-2-.9-2-2V4c0-1.1.9-2 2-2h10c1.1 0 2 .9 2 2" }
        },
        IconName::Ellipsis => rsx! {
            circle { cx: "12", cy: "12", r: "1" }
            circle { cx: "19", cy: "12", r: "1" }
            circle { cx: "5", cy: "12", r: "1" }
        },
        IconName::Download => rsx! {
            path { d: "M12 15V3" }
            path { d: "M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4" }
            path { d: "m7 10 5 5 5-5" }
        },
        IconName::File => rsx! {
            path { d: "M15 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7Z" }
            path { d: "M14 2v4a2 2 0 0 0 2 2h4" }
        },
        IconName::Paperclip => rsx! {
            path { d: "m16 6-8.414 8.586a2 2 0 0 0 2.828 2.828l8.414-8.586a4 4 0 1 0-5.656-5.656l-8.415 8.585a6 6 0 1 0 8.486 8.486" }
        },
        IconName::Info => rsx! {
            circle { cx: "12", cy: "12", r: "10" }
            path { d: "M12 16v-4" }
            path { d: "M12 8h.01" }
        },
        IconName::LogOut => rsx! {
            path { d: "m16 17 5-5-5-5" }
            path { d: "M21 12H9" }
            path { d: "M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" }
        },
        IconName::Mail => rsx! {
            path { d: "m22 7-8.991 5.727a2 2 0 0 1-2.009 0L2 7" }
            rect { x: "2", y: "4", width: "20", height: "16", rx: "2" }
        },
        IconName::MessageCircle => rsx! {
            path { d: "M2.992 16.342a2 2 0 0 1 .094 1.167l-1.065 3.29a1 1 0 0 0 1.236 1.168l3.413-.998a2 2 0 0 1 1.099.092 10 10 0 1 0-4.777-4.719" }
        },
        IconName::MicOff => rsx! {
            path { d: "M12 19v3" }
            path { d: "M15 9.34V5a3 3 0 0 0-5.68-1.33" }
            path { d: "M16.95 16.95A7 7 0 0 1 5 12v-2" }
            path { d: "M18.89 13.23A7 7 0 0 0 19 12v-2" }
            path { d: "m2 2 20 20" }
            path { d: "M9 9v3a3 3 0 0 0 5.12 2.12" }
        },
        IconName::Play => rsx! {
            path { d: "M5 5a2 2 0 0 1 3.008-1.728l11.997 6.998a2 2 0 0 1 .003 3.458l-12 7A2 2 0 0 1 5 19z" }
        },
        IconName::Plus => rsx! {
            path { d: "M5 12h14" }
            path { d: "M12 5v14" }
        },
        IconName::Search => rsx! {
            path { d: "m21 21-4.34-4.34" }
            circle { cx: "11", cy: "11", r: "8" }
        },
        IconName::Send => rsx! {
            path { d: "M14.536 21.686a.5.5 0 0 0 .937-.024l6.5-19a.496.496 0 0 0-.635-.635l-19 6.5a.5.5 0 0 0-.024.937l7.93 3.18a2 2 0 0 1 1.112 1.11z" }
            path { d: "m21.854 2.147-10.94 10.939" }
        },
        IconName::Settings => rsx! {
            path { d: "M9.671 4.136a2.34 2.34 0 0 1 4.659 0 2.34 2.34 0 0 0 3.319 1.915 2.34 2.34 0 0 1 2.33 4.033 2.34 2.34 0 0 0 0 3.831 2.34 2.34 0 0 1-2.33 4.033 2.34 2.34 0 0 0-3.319 1.915 2.34 2.34 0 0 1-4.659 0 2.34 2.34 0 0 0-3.32-1.915 2.34 2.34 0 0 1-2.33-4.033 2.34 2.34 0 0 0 0-3.831A2.34 2.34 0 0 1 6.35 6.051a2.34 2.34 0 0 0 3.319-1.915" }
            circle { cx: "12", cy: "12", r: "3" }
        },
        IconName::Users => rsx! {
            path { d: "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2" }
            path { d: "M16 3.128a4 4 0 0 1 0 7.744" }
            path { d: "M22 21v-2a4 4 0 0 0-3-3.87" }
            circle { cx: "9", cy: "7", r: "4" }
        },
        IconName::X => rsx! {
            path { d: "M18 6 6 18" }
            path { d: "m6 6 12 12" }
        },
    }
}
