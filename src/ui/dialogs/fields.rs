//! A custom field's value (S5) in the user-info window: an input fitting its
//! type, saved on «Сохранить»; read-only without the right.

use dioxus::prelude::*;

use crate::api;
use crate::model::directory::{FieldKind, FieldOwner};
use crate::model::user_info::{FieldEdit, FieldEntry};
use crate::ui::feedback::{use_error_line, ErrorMessage};
use crate::ui::i18n::{tr, use_lang};

#[component]
pub fn FieldRow(chat: String, owner: FieldOwner, field: FieldEntry, editable: bool, on_saved: EventHandler<()>) -> Element {
    let lang = use_lang();
    let mut value = use_signal(|| field.value.clone().unwrap_or_default());
    let error = use_error_line();
    if !editable {
        return rsx! {
            div { class: "field-row", "data-field": "{field.id}",
                span { class: "muted", "{field.name}" }
                span { {field.value.clone().unwrap_or_else(|| "—".into())} }
            }
        };
    }
    let input_type = match field.kind {
        FieldKind::Number => "number",
        FieldKind::Date => "date",
        _ => "text",
    };
    let save = {
        let (chat, id) = (chat.clone(), field.id.clone());
        move |_| {
            let edit = FieldEdit { chat: chat.clone(), owner, field: id.clone(), value: value() };
            async move {
                if error.settle(api::people::users::set_field_value(edit).await).is_some() {
                    on_saved.call(());
                }
            }
        }
    };
    rsx! {
        div { class: "field-row", "data-field": "{field.id}",
            label { class: "muted", r#for: "field-{field.id}", "{field.name}" }
            div { class: "inline-form",
                if field.kind == FieldKind::Choice {
                    select { id: "field-{field.id}", name: "{field.id}", value: "{value}", onchange: move |e| value.set(e.value()),
                        option { value: "", "—" }
                        for choice in field.choices.iter() {
                            option { key: "{choice}", value: "{choice}", selected: *choice == value(), "{choice}" }
                        }
                    }
                } else {
                    input { id: "field-{field.id}", name: "{field.id}", r#type: input_type, maxlength: 500, value: "{value}", oninput: move |e| value.set(e.value()) }
                }
                button { class: "ghost small", "data-save-field": "{field.id}", onclick: save, {tr(lang(), "save")} }
            }
            ErrorMessage { line: error }
        }
    }
}
