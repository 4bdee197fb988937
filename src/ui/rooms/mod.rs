//! The rooms column (W1, W2) with the workspace's own header.

use dioxus::prelude::*;

use crate::api;
use crate::model::lists::Counter;
use crate::ui::browser::save_lang;
use crate::ui::i18n::{tr, use_lang, Lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::profile::{ActivitySwitch, ProfileDialog};
use crate::ui::workspace::store::Store;
use crate::ui::a11y::activates;

#[component]
pub fn RoomsColumn() -> Element {
    let store = use_context::<Store>();
    let mut lang = use_lang();
    let rooms = store.rooms.read().clone();
    let counts = store.counts.read();
    let active = store.room.read().clone();
    let me = store.me.read().clone();
    let mut profile_open = use_signal(|| false);

    let sign_out = move |_| async move {
        let _ = api::people::auth::logout().await;
        let mut signed_out = store.signed_out;
        signed_out.set(true);
    };
    let switch_lang = move |_| {
        let next = if lang() == Lang::Ru { Lang::En } else { Lang::Ru };
        save_lang(next);
        lang.set(next);
    };

    rsx! {
        nav { class: "column rooms-column", aria_label: tr(lang(), "rooms"),
            div { class: "column-head",
                button { class: "ghost title profile-button", id: "open-profile", title: tr(lang(), "profile"),
                    // Named by its visible text (the name); with only the initials showing
                    // (hidden from readers), by its title.
                    "aria-expanded": profile_open(),
                    onclick: move |_| profile_open.toggle(),
                    span { class: "profile-name", "{me.name}" }
                    // While a chat is open the column is narrow: the initials stand in.
                    span { class: "profile-initials", aria_hidden: "true", {initials(&me.name)} }
                }
                ActivitySwitch {}
                if me.rights.iter().any(|r| r == "admin") {
                    Link { to: crate::app::Route::SettingsPage {}, class: "ghost", id: "open-settings", title: tr(lang(), "settings"),
                        aria_label: tr(lang(), "settings"), Icon { name: IconName::Settings } }
                }
                button { class: "ghost lang-switch", onclick: switch_lang, if lang() == Lang::Ru { "EN" } else { "RU" } }
                button { class: "ghost", id: "sign-out", onclick: sign_out, title: tr(lang(), "sign-out"), "aria-label": tr(lang(), "sign-out"),
                    Icon { name: IconName::LogOut } }
            }
            if profile_open() {
                ProfileDialog { on_close: move |_| profile_open.set(false) }
            }
            for room in rooms {
                {
                    // A room's counter is its chats not deleted: its «Все».
                    let counter = counts.room(&room.id).all;
                    let id = room.id.clone();
                    rsx! {
                        div {
                            key: "{room.id}",
                            class: if active.as_deref() == Some(room.id.as_str()) { "room active" } else { "room" },
                            "data-room": "{room.id}",
                            role: "button",
                            tabindex: 0,
                            "aria-current": active.as_deref() == Some(room.id.as_str()),
                            title: "{room.name}",
                            onclick: { let id = id.clone(); move |_| store.select_room(&id) },
                            onkeydown: move |e: KeyboardEvent| if activates(&e) { e.prevent_default(); store.select_room(&id) },
                            RoomImage { name: room.name.clone(), image: room.image.clone() }
                            span { class: "room-name", "{room.name}" }
                            UnreadCounter { counter }
                        }
                    }
                }
            }
        }
    }
}

/// A room's image, or its initial where it has none.
#[component]
pub fn RoomImage(name: String, image: Option<String>) -> Element {
    let initial: String = name.chars().next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    rsx! {
        if let Some(image) = image {
            img { class: "room-image", src: "{image}", alt: "" }
        } else {
            span { class: "room-image", "{initial}" }
        }
    }
}

/// A room's or a list's «unread / total», and the unread count again as a dot.
#[component]
pub fn UnreadCounter(counter: Counter) -> Element {
    let lang = use_lang();
    rsx! {
        span { class: "counter", title: tr(lang(), "unread-of-total"),
            b { "{counter.unread}" } " / {counter.total}"
        }
        if counter.unread > 0 {
            span { class: "dot-badge", "{counter.unread}" }
        }
    }
}

/// The first letters of the first two words of a name («Анна Смирнова» → «АС»).
fn initials(name: &str) -> String {
    name.split_whitespace().take(2).filter_map(|word| word.chars().next()).flat_map(char::to_uppercase).collect()
}
