//! «Шаблоны ответов» in the profile window (#14): my own saved replies, and
//! my rooms' if I have the right to manage them; create, change, delete.

use dioxus::prelude::*;

use crate::api;
use crate::model::saved_reply::{SavedReply, SavedReplyDraft};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::problem::error_text;
use crate::ui::workspace::store::Store;

/// The right that lets an employee manage their rooms' replies (the server
/// checks it again; this only decides what is offered).
const MANAGE_RIGHT: &str = "replies.manage";

#[component]
pub fn SavedRepliesSection() -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let mut editing = use_signal(|| None::<SavedReplyDraft>);
    let mut error = use_signal(|| None::<String>);
    let replies: Vec<SavedReply> = store.saved_replies.read().iter().filter(|r| r.editable).cloned().collect();
    let manages_rooms = store.me.read().rights.iter().any(|r| r == MANAGE_RIGHT || r == "admin");
    let rooms: Vec<(String, String)> =
        if manages_rooms { store.rooms.read().iter().map(|r| (r.id.clone(), r.name.clone())).collect() } else { Vec::new() };

    let save = move |evt: FormEvent| async move {
        evt.prevent_default();
        let Some(draft) = editing() else { return };
        if let Err(problem) = draft.check() {
            error.set(Some(crate::ui::problem::problem_text(lang(), &problem)));
            return;
        }
        match api::chats::saved_replies::save_saved_reply(draft).await {
            Ok(_) => {
                editing.set(None);
                error.set(None);
                let _ = store.reload_saved_replies().await;
            }
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };
    let delete = move |id: String| async move {
        match api::chats::saved_replies::delete_saved_reply(id).await {
            Ok(()) => {
                error.set(None);
                let _ = store.reload_saved_replies().await;
            }
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };

    rsx! {
        fieldset { class: "saved-replies",
            legend { {tr(lang(), "saved-replies")} }
            div { class: "muted", {tr(lang(), "saved-replies-hint")} }
            if let Some(message) = error() { div { class: "error", role: "alert", "{message}" } }
            ul { class: "saved-reply-list",
                for reply in replies {
                    li { key: "{reply.id}", class: "saved-reply", "data-reply": "{reply.id}",
                        span { class: "saved-reply-title", "{reply.title}" }
                        span { class: "badge", {reply.room_name.clone().unwrap_or_else(|| tr(lang(), "saved-reply-personal").to_string())} }
                        button { class: "ghost small", r#type: "button", "data-action": "edit",
                            onclick: {
                                let reply = reply.clone();
                                move |_| editing.set(Some(SavedReplyDraft { id: reply.id.clone(), title: reply.title.clone(), text: reply.text.clone(), room: reply.room.clone() }))
                            },
                            {tr(lang(), "saved-reply-edit")}
                        }
                        button { class: "ghost small", r#type: "button", "data-action": "delete",
                            onclick: { let id = reply.id.clone(); move |_| delete(id.clone()) },
                            {tr(lang(), "delete")}
                        }
                    }
                }
            }
            if let Some(draft) = editing() {
                form { class: "saved-reply-form", onsubmit: save,
                    label { r#for: "reply-title", {tr(lang(), "saved-reply-title")} }
                    input { id: "reply-title", name: "reply-title", maxlength: "100", value: "{draft.title}",
                        oninput: move |e| if let Some(d) = editing.write().as_mut() { d.title = e.value() } }
                    label { r#for: "reply-text", {tr(lang(), "saved-reply-text")} }
                    textarea { id: "reply-text", name: "reply-text", rows: "4", value: "{draft.text}",
                        oninput: move |e| if let Some(d) = editing.write().as_mut() { d.text = e.value() } }
                    label { r#for: "reply-room", {tr(lang(), "saved-reply-scope")} }
                    select { id: "reply-room", name: "reply-room",
                        onchange: move |e| if let Some(d) = editing.write().as_mut() { d.room = Some(e.value()).filter(|v| !v.is_empty()) },
                        option { value: "", selected: draft.room.is_none(), {tr(lang(), "saved-reply-personal")} }
                        for (id, name) in rooms {
                            option { key: "{id}", value: "{id}", selected: draft.room.as_deref() == Some(id.as_str()), "{name}" }
                        }
                    }
                    div { class: "form-actions",
                        button { class: "primary", r#type: "submit", {tr(lang(), "save")} }
                        button { class: "ghost", r#type: "button", onclick: move |_| editing.set(None), {tr(lang(), "cancel")} }
                    }
                }
            } else {
                button { class: "ghost", r#type: "button", id: "new-saved-reply",
                    onclick: move |_| editing.set(Some(SavedReplyDraft::default())),
                    {tr(lang(), "saved-reply-new")}
                }
            }
        }
    }
}
