//! The filter window (W9) and related chats (C16): the search button lights
//! up while a filter is on; «Сбросить фильтр» (or «Сбросить») clears it.

use dioxus::prelude::*;

use super::item::source_id;
use super::{list_id, list_key};
use crate::api;
use crate::model::chat::Source;
use crate::model::filter::ChatFilter;
use crate::model::lists::ChatList;
use crate::model::problem::Problem;
use crate::ui::browser::{date_to_ms, sleep_ms};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::workspace::store::{ActiveFilter, Store};
use crate::ui::problem::{error_text, problem_text};

/// Runs `filter` on the server and puts the result in force.
pub async fn apply(store: Store, filter: ChatFilter) -> Result<(), Problem> {
    let found = api::chats::filter::filter_chats(filter.clone()).await.map_err(|e| api::problem_of(&e))?;
    // Found chats beyond the pages the tab holds join what it knows.
    store.merge_rows(found.rows.clone());
    let mut active = store.filter;
    active.set(Some(ActiveFilter { filter, found }));
    let mut open = store.filter_open;
    open.set(false);
    Ok(())
}

/// C16: this client's chats, over all rooms.
pub async fn show_related(store: Store, user: String) {
    let _ = apply(store, ChatFilter { user: Some(user), ..Default::default() }).await;
}

/// A chat changed while a filter is on: the filter runs again (at most
/// twice a second), so chats that start to match enter the list and those
/// that stop matching leave it, live (#13).
pub fn refresh_soon(store: Store) {
    if store.filter.peek().is_none() {
        return;
    }
    let mut stale = store.filter_stale;
    if *stale.peek() {
        return;
    }
    stale.set(true);
    spawn(async move {
        sleep_ms(500).await;
        stale.set(false);
        let Some(filter) = store.filter.peek().as_ref().map(|a| a.filter.clone()) else { return };
        if let Ok(found) = api::chats::filter::filter_chats(filter.clone()).await {
            let mut active = store.filter;
            // Unless it was reset or replaced meanwhile.
            if active.peek().as_ref().is_some_and(|a| a.filter == filter) {
                store.merge_rows(found.rows.clone());
                active.set(Some(ActiveFilter { filter, found }));
            }
        }
    });
}

pub fn reset(store: Store) {
    let mut active = store.filter;
    active.set(None);
    let mut open = store.filter_open;
    open.set(false);
}

#[component]
pub fn FilterButton() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let on = store.filter.read().is_some();
    rsx! {
        button {
            class: if on { "ghost filter-button on" } else { "ghost filter-button" },
            title: tr(lang(), "search-chats"),
            "aria-label": tr(lang(), "search-chats"),
            "aria-pressed": on,
            onclick: move |_| { let mut open = store.filter_open; open.toggle(); },
            Icon { name: IconName::Search }
        }
    }
}

fn option_key(value: &str) -> Option<String> {
    Some(value.to_string()).filter(|v| !v.is_empty())
}

/// The filter window: every field optional, all rooms at once.
#[component]
pub fn FilterDialog() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let initial = store.filter.peek().as_ref().map(|a| a.filter.clone()).unwrap_or_default();
    let mut draft = use_signal(|| initial);
    let mut from = use_signal(String::new);
    let mut to = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let choices = use_resource(|| async move {
        let statuses = api::chats::actions::list_statuses().await?;
        let topics = api::chats::actions::list_topics().await?;
        let people = api::chats::participants::list_colleagues().await?;
        Ok::<_, ServerFnError>((statuses, topics, people))
    });
    let (statuses, topics, people) = match &*choices.read() {
        Some(Ok(c)) => c.clone(),
        Some(Err(e)) => return rsx! { div { class: "filter-dialog error", role: "alert", {error_text(lang(), e)} } },
        None => return rsx! { div { class: "filter-dialog muted", {tr(lang(), "loading")} } },
    };
    let rooms = store.rooms.read().clone();
    let may_delete = store.me.read().rights.iter().any(|r| r == "chats.delete" || r == "admin");
    let lists: Vec<ChatList> = ChatList::ALL.into_iter().filter(|l| *l != ChatList::Deleted || may_delete).collect();
    let d = draft();

    let submit = move |e: FormEvent| {
        e.prevent_default();
        let mut filter = draft();
        filter.from_ms = date_to_ms(&from(), false);
        filter.to_ms = date_to_ms(&to(), true);
        async move {
            let filter = filter.normalized();
            if filter.is_empty() {
                reset(store);
                return;
            }
            if let Some(problem) = filter.problem() {
                error.set(Some(problem_text(lang(), &problem)));
                return;
            }
            if let Err(problem) = apply(store, filter).await {
                error.set(Some(problem_text(lang(), &problem)));
            }
        }
    };

    rsx! {
        form { class: "filter-dialog", role: "dialog", "aria-label": tr(lang(), "filter"), onsubmit: submit,
            if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
            label { {tr(lang(), "room")}
                select { name: "room", onchange: move |e| draft.write().room = option_key(&e.value()),
                    option { value: "", {tr(lang(), "all-rooms")} }
                    for room in rooms { option { value: "{room.id}", selected: d.room.as_deref() == Some(room.id.as_str()), "{room.name}" } }
                }
            }
            label { {tr(lang(), "list")}
                select { name: "list", onchange: move |e| draft.write().list = ChatList::ALL.into_iter().find(|l| list_key(*l) == e.value()),
                    option { value: "", {tr(lang(), "all-but-deleted")} }
                    for list in lists { option { value: list_key(list), selected: d.list == Some(list), {tr(lang(), list_id(list))} } }
                }
            }
            label { {tr(lang(), "status")}
                select { name: "status", onchange: move |e| draft.write().status = option_key(&e.value()),
                    option { value: "", {tr(lang(), "any-masculine")} }
                    for status in statuses { option { value: "{status.id}", selected: d.status.as_deref() == Some(status.id.as_str()), "{status.name}" } }
                }
            }
            label { {tr(lang(), "responsible")}
                select { name: "responsible", onchange: move |e| draft.write().responsible = option_key(&e.value()),
                    option { value: "", {tr(lang(), "any-masculine")} }
                    for person in people { option { value: "{person.id}", selected: d.responsible.as_deref() == Some(person.id.as_str()), "{person.name}" } }
                }
            }
            label { {tr(lang(), "source")}
                select { name: "source", onchange: move |e| draft.write().source = Some(Source::parse(&e.value())).filter(|_| !e.value().is_empty()),
                    option { value: "", {tr(lang(), "any-masculine")} }
                    for source in [Source::Widget, Source::Email, Source::Messenger, Source::Workspace] {
                        option { value: source.as_str(), selected: d.source == Some(source), {tr(lang(), source_id(source))} }
                    }
                }
            }
            label { {tr(lang(), "topic")}
                select { name: "topic", onchange: move |e| draft.write().topic = option_key(&e.value()),
                    option { value: "", {tr(lang(), "any-feminine")} }
                    for topic in topics { option { value: "{topic.name}", selected: d.topic.as_deref() == Some(topic.name.as_str()), "{topic.name}" } }
                }
            }
            div { class: "period",
                label { {tr(lang(), "period-from")} input { r#type: "date", name: "from", value: "{from}", oninput: move |e| from.set(e.value()) } }
                label { {tr(lang(), "period-to")} input { r#type: "date", name: "to", value: "{to}", oninput: move |e| to.set(e.value()) } }
            }
            label { {tr(lang(), "client-name")}
                input { name: "client", value: "{d.client}", maxlength: "200", oninput: move |e| draft.write().client = e.value() }
            }
            label { {tr(lang(), "message-words")}
                input { name: "words", value: "{d.words}", maxlength: "200", oninput: move |e| draft.write().words = e.value() }
            }
            div { class: "inline-form",
                button { class: "primary", r#type: "submit", {tr(lang(), "search")} }
                button { class: "ghost", r#type: "button", "data-reset": "filter", onclick: move |_| reset(store), {tr(lang(), "reset-filter")} }
            }
        }
    }
}
