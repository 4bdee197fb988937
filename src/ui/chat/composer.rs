//! The composer: Enter sends, Shift+Enter starts a new line; bad input is
//! explained and the text stays where it was. In a client's chat it can
//! write a private note instead (#14), it tells the other side that someone
//! is typing, `/` opens the saved replies («Шаблоны ответов»), and files
//! come with the text (#14): the paperclip, a paste or a drop.

use dioxus::html::HasFileData;
use dioxus::prelude::*;

use crate::model::attachment::{Attachment, DEFAULT_MAX_FILE_MB};
use crate::model::message::check_message;
use crate::model::saved_reply::{ReplyVariables, SavedReply};
use crate::ui::chat::attachments::PendingFiles;
use crate::ui::conversation::uploads::{UploadTarget, Uploads};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::problem::problem_text;

/// What the composer hands over: the text, whether it is a private note,
/// and the files that finished uploading.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub text: String,
    pub note: bool,
    pub files: Vec<Attachment>,
}

/// How many rows the `/` and `@` lists show at once.
const PICKER_ROWS: usize = 8;

/// A row of the `/` or `@` list, and the composer's text once it is chosen.
#[derive(Clone, Debug, PartialEq)]
struct Choice {
    key: String,
    title: String,
    detail: String,
    badge: Option<String>,
    text: String,
}

/// What the list offers for `text`, if it is open: saved replies for a
/// text starting with `/`, colleagues for a last word starting with `@`.
fn choices_for(text: &str, replies: &[SavedReply], variables: &ReplyVariables, people: &[String]) -> Option<Vec<Choice>> {
    if let Some(query) = text.strip_prefix('/') {
        if replies.is_empty() {
            return None;
        }
        let found = replies.iter().filter(|r| r.matches(query)).take(PICKER_ROWS);
        return Some(
            found
                .map(|r| Choice { key: r.id.clone(), title: r.title.clone(), detail: r.text.clone(), badge: r.room_name.clone(), text: r.filled(variables) })
                .collect(),
        );
    }
    let start = text.rfind(char::is_whitespace).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let query = text[start..].strip_prefix('@')?.to_lowercase();
    let found: Vec<Choice> = people
        .iter()
        .filter(|name| name.to_lowercase().split_whitespace().any(|word| word.starts_with(&query)) || name.to_lowercase().starts_with(&query))
        .take(PICKER_ROWS)
        .map(|name| Choice { key: name.clone(), title: name.clone(), detail: String::new(), badge: None, text: format!("{}@{name} ", &text[..start]) })
        .collect();
    // No colleague by that name: an address or a plain «@» is left alone.
    (!found.is_empty()).then_some(found)
}

#[component]
pub fn Composer(
    on_send: EventHandler<Draft>,
    /// The writer may switch to a private note (a client's chat, staff only).
    #[props(default)]
    notes: bool,
    /// Something was typed (the bool: into a note); the caller throttles.
    #[props(default)]
    on_typing: EventHandler<bool>,
    /// The saved replies `/` offers, and what their variables stand for.
    #[props(default)]
    replies: Vec<SavedReply>,
    #[props(default)]
    variables: ReplyVariables,
    /// Colleagues `@` offers to mention (#14).
    #[props(default)]
    people: Vec<String>,
    /// Where files go; none: no files here.
    #[props(default)]
    uploads: UploadTarget,
) -> Element {
    let lang = use_lang();
    let uploads = Uploads::use_uploads(uploads);
    let files_allowed = uploads.enabled();
    let limit = use_resource(move || async move {
        if files_allowed { crate::api::chats::files::file_limit().await.ok() } else { None }
    });
    let max_bytes = limit.read().flatten().unwrap_or(DEFAULT_MAX_FILE_MB * 1024 * 1024);
    let mut dragging = use_signal(|| false);
    let mut text = use_signal(String::new);
    let mut problem = use_signal(|| None::<String>);
    let mut note = use_signal(|| false);
    // The `/` list: the highlighted row, and whether Escape closed it.
    let mut picked = use_signal(|| 0usize);
    let mut dismissed = use_signal(|| false);
    let writing_note = notes && note();

    let choices: Option<Vec<Choice>> = choices_for(&text.read(), &replies, &variables, &people).filter(|_| !dismissed());
    let picker_open = choices.is_some();
    let found = choices.clone().unwrap_or_default();
    let picking_people = !text.read().starts_with('/');
    let current = picked().min(found.len().saturating_sub(1));

    let mut submit = move || {
        let value = text();
        if uploads.unfinished() {
            problem.set(Some(tr(lang(), "files-not-ready").to_string()));
            return;
        }
        let files = uploads.done();
        // The key here only satisfies the check; the sender makes the real one.
        match check_message(&value, "composer-check", files.len()) {
            Ok(()) => {
                problem.set(None);
                text.set(String::new());
                uploads.clear();
                on_send.call(Draft { text: value, note: notes && *note.peek(), files });
            }
            Err(e) => problem.set(Some(problem_text(lang(), &e))),
        }
    };
    let mut insert = move |choice: &Choice| {
        text.set(choice.text.clone());
        picked.set(0);
    };

    let placeholder = if writing_note { tr(lang(), "note-placeholder") } else { tr(lang(), "message-placeholder") };
    let composer_class = match (writing_note, dragging()) {
        (true, true) => "composer note dragging",
        (true, false) => "composer note",
        (false, true) => "composer dragging",
        (false, false) => "composer",
    };
    rsx! {
        if let Some(message) = problem() {
            div { class: "composer-error", role: "alert", "{message}" }
        }
        PendingFiles { uploads }
        div { class: composer_class,
            ondragover: move |e: DragEvent| {
                if files_allowed {
                    e.prevent_default();
                    dragging.set(true);
                }
            },
            ondragleave: move |_| dragging.set(false),
            ondrop: move |e: DragEvent| {
                if files_allowed {
                    e.prevent_default();
                    dragging.set(false);
                    add_files(uploads, e.files(), max_bytes);
                    problem.set(None);
                }
            },
            if picker_open {
                ul { class: "reply-picker", id: "reply-picker", role: "listbox",
                    "aria-label": if picking_people { tr(lang(), "mention-picker") } else { tr(lang(), "saved-replies") },
                    if found.is_empty() {
                        li { class: "muted reply-none", {tr(lang(), "saved-replies-none")} }
                    }
                    for (i, choice) in found.iter().enumerate() {
                        li {
                            key: "{choice.key}",
                            id: "reply-option-{i}",
                            class: if i == current { "reply-option picked" } else { "reply-option" },
                            role: "option",
                            "aria-selected": i == current,
                            "data-reply": "{choice.key}",
                            // Keeps the focus in the composer.
                            onmousedown: move |e| e.prevent_default(),
                            onclick: {
                                let choice = choice.clone();
                                move |_| insert(&choice)
                            },
                            div { class: "reply-title",
                                "{choice.title}"
                                if let Some(badge) = &choice.badge { span { class: "badge", "{badge}" } }
                            }
                            if !choice.detail.is_empty() {
                                div { class: "reply-text muted", "{choice.detail}" }
                            }
                        }
                    }
                }
            }
            if notes {
                button {
                    class: if writing_note { "ghost note-toggle on" } else { "ghost note-toggle" },
                    id: "note-toggle",
                    r#type: "button",
                    "aria-pressed": writing_note,
                    title: tr(lang(), "note-toggle-title"),
                    onclick: move |_| note.toggle(),
                    {tr(lang(), "note-toggle")}
                }
            }
            if files_allowed {
                input {
                    id: "attach-input",
                    class: "visually-hidden",
                    r#type: "file",
                    multiple: true,
                    onchange: move |e: FormEvent| {
                        add_files(uploads, e.files(), max_bytes);
                        problem.set(None);
                        clear_file_input("attach-input");
                    },
                }
                label { class: "ghost attach", r#for: "attach-input", title: tr(lang(), "attach-files"),
                    Icon { name: IconName::Paperclip }
                    span { class: "visually-hidden", {tr(lang(), "attach-files")} }
                }
            }
            textarea {
                id: "composer",
                onpaste: move |e: ClipboardEvent| {
                    if files_allowed {
                        let files = pasted_files(&e);
                        if !files.is_empty() {
                            e.prevent_default();
                            add_web_files(uploads, files, max_bytes);
                            problem.set(None);
                        }
                    }
                },
                rows: "1",
                placeholder: "{placeholder}",
                "aria-label": "{placeholder}",
                "aria-autocomplete": "list",
                "aria-controls": if picker_open { "reply-picker" } else { "" },
                "aria-activedescendant": if picker_open && !found.is_empty() { format!("reply-option-{current}") } else { String::new() },
                value: "{text}",
                oninput: move |e| {
                    let value = e.value();
                    if !value.trim().is_empty() {
                        on_typing.call(notes && *note.peek());
                    }
                    if !value.starts_with('/') {
                        dismissed.set(false);
                    }
                    picked.set(0);
                    text.set(value);
                    problem.set(None);
                },
                onkeydown: {
                    let found = found.clone();
                    move |e: KeyboardEvent| {
                        let key = e.key();
                        if picker_open && !found.is_empty() {
                            match key {
                                Key::ArrowDown => {
                                    e.prevent_default();
                                    picked.set((current + 1) % found.len());
                                    return;
                                }
                                Key::ArrowUp => {
                                    e.prevent_default();
                                    picked.set((current + found.len() - 1) % found.len());
                                    return;
                                }
                                Key::Enter | Key::Tab if !e.modifiers().shift() => {
                                    e.prevent_default();
                                    insert(&found[current]);
                                    return;
                                }
                                _ => {}
                            }
                        }
                        if picker_open && key == Key::Escape {
                            e.prevent_default();
                            e.stop_propagation();
                            dismissed.set(true);
                            return;
                        }
                        if key == Key::Enter && !e.modifiers().shift() {
                            e.prevent_default();
                            submit();
                        }
                    }
                },
            }
            button { class: "primary", id: "send", onclick: move |_| submit(),
                if writing_note { {tr(lang(), "note-send")} } else { {tr(lang(), "send")} }
            }
        }
    }
}

/// Starts uploading files from the picker or a drop.
fn add_files(uploads: Uploads, files: Vec<dioxus::html::FileData>, max_bytes: u64) {
    #[cfg(feature = "web")]
    {
        use dioxus::web::WebFileExt;
        let files: Vec<web_sys::File> = files.iter().filter_map(|f| f.get_web_file()).collect();
        uploads.add(files, max_bytes);
    }
    #[cfg(not(feature = "web"))]
    let _ = (uploads, files, max_bytes);
}

/// The browser's files as a paste brought them (none for pasted text).
#[cfg(feature = "web")]
type WebFiles = Vec<web_sys::File>;
#[cfg(not(feature = "web"))]
type WebFiles = Vec<()>;

fn pasted_files(event: &ClipboardEvent) -> WebFiles {
    #[cfg(feature = "web")]
    {
        use dioxus::web::WebEventExt;
        use wasm_bindgen::JsCast;
        let Ok(paste) = event.as_web_event().dyn_into::<web_sys::ClipboardEvent>() else { return Vec::new() };
        let Some(list) = paste.clipboard_data().and_then(|data| data.files()) else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.get(i)).collect()
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = event;
        Vec::new()
    }
}

fn add_web_files(uploads: Uploads, files: WebFiles, max_bytes: u64) {
    #[cfg(feature = "web")]
    uploads.add(files, max_bytes);
    #[cfg(not(feature = "web"))]
    let _ = (uploads, files, max_bytes);
}

/// Empties the file picker, so that the same file can be picked again.
fn clear_file_input(id: &str) {
    #[cfg(feature = "web")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            input.set_value("");
        }
    }
    #[cfg(not(feature = "web"))]
    let _ = id;
}
