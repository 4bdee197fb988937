//! «Создать новую конференцию или вебинар» (R3, R4): topic, start time and
//! participants; the new meeting opens as a chat of its room.

use std::collections::BTreeSet;

use dioxus::prelude::*;

use crate::api;
use crate::model::meeting::NewMeeting;
use crate::ui::browser::{local_datetime_to_ms, random_id};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::workspace::store::Store;
use crate::ui::problem::{error_text, problem_text};

#[component]
pub fn NewMeetingDialog(room: String, on_close: EventHandler<()>) -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    // One key per dialog: a retried «Создать» returns the meeting already made.
    let key = use_signal(random_id);
    let mut topic = use_signal(String::new);
    let mut starts = use_signal(String::new);
    let mut chosen = use_signal(BTreeSet::<String>::new);
    let mut error = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let colleagues = use_resource(|| async { api::chats::participants::list_colleagues().await });
    let me = store.me.read().id.clone();
    let people = match &*colleagues.read() {
        None => return rsx! { div { class: "new-chat-dialog muted", {tr(lang(), "loading")} } },
        Some(Err(e)) => return rsx! { div { class: "new-chat-dialog error", role: "alert", {error_text(lang(), e)} } },
        Some(Ok(list)) => list.iter().filter(|p| p.id != me).cloned().collect::<Vec<_>>(),
    };
    let create = move |evt: FormEvent| {
        evt.prevent_default();
        let room = room.clone();
        async move {
            let starts_ms = if starts().is_empty() { None } else { local_datetime_to_ms(&starts()) };
            let request = NewMeeting { room, key: key(), topic: topic(), starts_ms, participants: chosen.read().iter().cloned().collect() }
                .normalized(&store.me.peek().id);
            if let Some(problem) = request.problem(crate::ui::browser::now_ms()) {
                error.set(Some(problem_text(lang(), &problem)));
                return;
            }
            busy.set(true);
            match api::meetings::meeting::create_meeting(request).await {
                Ok(chat) => {
                    error.set(None);
                    // The chat arrives live too; show and open it at once.
                    let id = chat.id.clone();
                    store.upsert_chat(chat, 0);
                    let mut open = store.open;
                    open.set(Some(id));
                    on_close.call(());
                }
                Err(e) => error.set(Some(error_text(lang(), &e))),
            }
            busy.set(false);
        }
    };
    rsx! {
        form { class: "new-chat-dialog new-meeting-dialog", role: "dialog", "aria-label": tr(lang(), "new-meeting"), onsubmit: create,
            label { {tr(lang(), "topic")}
                input { name: "topic", maxlength: "120", value: "{topic}", oninput: move |e| topic.set(e.value()) }
            }
            label { {tr(lang(), "meeting-start")}
                input { name: "starts", r#type: "datetime-local", value: "{starts}", oninput: move |e| starts.set(e.value()) }
            }
            fieldset { class: "people-list",
                legend { {tr(lang(), "meeting-participants")} }
                for person in people {
                    label { key: "{person.id}", class: "person",
                        input { r#type: "checkbox", "data-person": "{person.id}", checked: chosen.read().contains(&person.id),
                            onchange: { let id = person.id.clone(); move |e: FormEvent| { if e.checked() { chosen.write().insert(id.clone()); } else { chosen.write().remove(&id); } } }
                        }
                        " {person.name}"
                    }
                }
            }
            if let Some(message) = error() {
                div { class: "error", role: "alert", "{message}" }
            }
            div { class: "inline-form",
                button { class: "primary", r#type: "submit", disabled: busy(), "data-confirm": "create-meeting", {tr(lang(), "create")} }
                button { class: "ghost", r#type: "button", onclick: move |_| on_close.call(()), {tr(lang(), "cancel")} }
            }
        }
    }
}
