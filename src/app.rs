//! The routes and the root component.

use dioxus::prelude::*;

use crate::ui::i18n::Lang;
use crate::ui::meeting::guest::GuestMeetingPage;
use crate::ui::settings::SettingsPage;
use crate::ui::widget::WidgetPage;
use crate::ui::workspace::WorkspacePage;

#[derive(Routable, Clone, PartialEq, Debug)]
pub enum Route {
    /// The operator workspace: «Чаты».
    #[route("/")]
    WorkspacePage {},
    /// The administrators' settings area.
    #[route("/settings")]
    SettingsPage {},
    /// The website widget of a client room (S1).
    #[route("/widget/:room")]
    WidgetPage { room: String },
    /// A meeting's link for guests (C13).
    #[route("/meet/:code")]
    GuestMeetingPage { code: String },
}

const STYLE: Asset = asset!("/assets/main.css");

#[component]
pub fn App() -> Element {
    use_language();
    rsx! {
        Stylesheet { href: STYLE }
        Router::<Route> {}
    }
}

/// The website widget's own small build (#18): its pages only, so a
/// visitor never downloads the operator workspace. The server renders
/// `/widget/:room` with this root when the widget build sits beside it
/// (see `http::widget_pages`), and [`App`] otherwise.
#[derive(Routable, Clone, PartialEq, Debug)]
pub enum WidgetRoute {
    /// The website widget of a client room (S1).
    #[route("/widget/:room")]
    WidgetPage { room: String },
}

#[component]
pub fn WidgetRoot() -> Element {
    use_language();
    rsx! {
        Stylesheet { href: STYLE }
        Router::<WidgetRoute> {}
    }
}

/// The interface language, shared below: Russian until the browser's saved
/// choice is read.
fn use_language() {
    let lang = use_context_provider(|| Signal::new(Lang::Ru));
    use_effect(move || crate::ui::browser::apply_saved_lang(lang));
    use_effect(move || crate::ui::browser::apply_document_lang(lang()));
}
