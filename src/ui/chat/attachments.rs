//! Files in the conversation (#14): the ones a message carries (images as
//! thumbnails that open full size, other files as cards that download), and
//! the composer's uploads with their progress, «×» and «Повторить».

use dioxus::prelude::*;

use crate::model::attachment::{size_parts, Attachment};
use crate::ui::browser::{focus, wrap_focus};
use crate::ui::conversation::uploads::{UploadState, Uploads};
use crate::ui::i18n::{tr, use_lang, Lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::problem::problem_text;

/// Given by the widget: its files are fetched with the visitor's token
/// (the workspace's go with the session cookie).
#[derive(Clone, Copy, PartialEq)]
pub struct VisitorFiles(pub Signal<Option<String>>);

/// «1,5 МБ».
pub fn size_text(lang: Lang, bytes: u64) -> String {
    let (number, unit) = size_parts(bytes);
    let unit = match unit {
        "b" => tr(lang, "size-b"),
        "kb" => tr(lang, "size-kb"),
        _ => tr(lang, "size-mb"),
    };
    let number = if lang == Lang::Ru { number.replace('.', ",") } else { number };
    format!("{number} {unit}")
}

/// A short type: the name's extension, else the type's second half.
fn kind_label(file: &Attachment) -> String {
    match file.name.rsplit_once('.') {
        Some((_, ext)) if !ext.is_empty() && ext.len() <= 5 => ext.to_uppercase(),
        _ => file.mime.rsplit('/').next().unwrap_or_default().to_uppercase(),
    }
}

/// The files of one message.
#[component]
pub fn MessageFiles(files: Vec<Attachment>) -> Element {
    rsx! {
        div { class: "files",
            for file in files {
                FileView { key: "{file.id}", file: file.clone() }
            }
        }
    }
}

#[component]
fn FileView(file: Attachment) -> Element {
    let lang = use_lang();
    let visitor = try_use_context::<VisitorFiles>();
    let direct = crate::api::chats::files::file_url(&file);
    // The widget fetches the bytes with its token and shows them from memory.
    let fetched = use_resource({
        let file = file.clone();
        move || {
            let token = visitor.and_then(|v| v.0.read().clone());
            let file = file.clone();
            async move {
                match token {
                    Some(token) => fetch_blob(&crate::api::chats::files::widget_file_url(&file), &token).await,
                    None => None,
                }
            }
        }
    });
    let blob = fetched.read().clone().flatten();
    use_drop({
        let fetched = fetched;
        move || {
            if let Ok(value) = fetched.try_peek() {
                if let Some(Some(url)) = value.as_ref() {
                    revoke(url);
                }
            }
        }
    });
    let (view_url, download_url) = match (&visitor, blob) {
        (Some(_), Some(url)) => (url.clone(), url),
        (Some(_), None) => (String::new(), String::new()),
        (None, _) => (direct.clone(), format!("{direct}?download=1")),
    };
    let size = size_text(lang(), file.size);
    let mut viewing = use_signal(|| false);
    if file.is_image() {
        let name = file.name.clone();
        return rsx! {
            // A click opens the picture full size over the chat; with a
            // modifier key (or the middle button) the browser opens the
            // address itself, in a new tab.
            a { class: "file-thumb", href: "{view_url}", target: "_blank", rel: "noopener", "data-file": "{file.name}",
                title: "{file.name} · {size}",
                onclick: move |e: MouseEvent| {
                    let m = e.modifiers();
                    if !(m.ctrl() || m.meta() || m.shift() || m.alt()) {
                        e.prevent_default();
                        viewing.set(true);
                    }
                },
                if !view_url.is_empty() {
                    img { src: "{view_url}", alt: "{file.name}", loading: "lazy" }
                } else {
                    span { class: "muted", {tr(lang(), "loading")} }
                }
            }
            if viewing() {
                ImageViewer { name, url: view_url.clone(), download: download_url.clone(), on_close: move |_| viewing.set(false) }
            }
        };
    }
    rsx! {
        a { class: "file-card", href: "{download_url}", download: "{file.name}", "data-file": "{file.name}",
            Icon { name: IconName::File }
            span { class: "file-text",
                span { class: "file-name", "{file.name}" }
                span { class: "file-meta muted", "{size} · {kind_label(&file)}" }
            }
            Icon { name: IconName::Download }
        }
    }
}

/// A picture full size over everything (#14): Escape, the backdrop or «×»
/// closes it; the focus stays inside while it is open.
#[component]
fn ImageViewer(name: String, url: String, download: String, on_close: EventHandler<()>) -> Element {
    let lang = use_lang();
    rsx! {
        div { class: "dialog-backdrop image-viewer-backdrop", onclick: move |_| on_close.call(()),
            onkeydown: move |e: KeyboardEvent| match e.key() {
                Key::Escape => {
                    e.stop_propagation();
                    on_close.call(());
                }
                Key::Tab if wrap_focus(".image-viewer", e.modifiers().shift()) => e.prevent_default(),
                _ => {}
            },
            div { class: "image-viewer", role: "dialog", "aria-modal": "true", "aria-label": "{name}",
                onmounted: move |_| focus(".image-viewer .viewer-close"),
                onclick: move |e| e.stop_propagation(),
                div { class: "viewer-bar",
                    span { class: "file-name", "{name}" }
                    a { class: "ghost viewer-download", href: "{download}", download: "{name}", title: tr(lang(), "download-file"),
                        Icon { name: IconName::Download }
                        span { class: "visually-hidden", {tr(lang(), "download-file")} }
                    }
                    button { class: "ghost viewer-close", r#type: "button", title: tr(lang(), "close"), "aria-label": tr(lang(), "close"),
                        onclick: move |_| on_close.call(()),
                        Icon { name: IconName::X }
                    }
                }
                img { src: "{url}", alt: "{name}" }
            }
        }
    }
}

/// The composer's files on their way.
#[component]
pub fn PendingFiles(uploads: Uploads) -> Element {
    let lang = use_lang();
    let items = uploads.items.read().clone();
    if items.is_empty() {
        return rsx! {};
    }
    rsx! {
        ul { class: "uploads", "aria-label": tr(lang(), "attached-files"),
            for item in items {
                li { key: "{item.key}", class: "upload", "data-upload": "{item.name}",
                    if let Some(preview) = &item.preview {
                        img { class: "upload-preview", src: "{preview}", alt: "" }
                    } else {
                        Icon { name: IconName::File }
                    }
                    span { class: "file-text",
                        span { class: "file-name", "{item.name}" }
                        match &item.state {
                            UploadState::Sending(_) => rsx! {
                                progress { max: "100", value: "{item.percent()}", "aria-label": tr(lang(), "uploading") }
                            },
                            UploadState::Done(_) => rsx! {
                                span { class: "file-meta muted", "data-uploaded": "true", {size_text(lang(), item.size)} }
                            },
                            UploadState::Failed(problem) => rsx! {
                                span { class: "file-meta error", role: "alert", {problem_text(lang(), problem)} }
                            },
                        }
                    }
                    if matches!(item.state, UploadState::Failed(ref p) if p.status() != 413 && p.status() != 415 && p.status() != 400) {
                        button { class: "ghost upload-retry", r#type: "button", onclick: move |_| uploads.retry(item.key),
                            {tr(lang(), "send-failed-retry")}
                        }
                    }
                    button { class: "ghost upload-cancel", r#type: "button",
                        title: if matches!(item.state, UploadState::Sending(_)) { tr(lang(), "upload-cancel") } else { tr(lang(), "upload-remove") },
                        "aria-label": if matches!(item.state, UploadState::Sending(_)) { tr(lang(), "upload-cancel") } else { tr(lang(), "upload-remove") },
                        onclick: move |_| uploads.cancel(item.key),
                        Icon { name: IconName::X }
                    }
                }
            }
        }
    }
}

/// The bytes at `url`, fetched with the visitor's token, as an object URL.
async fn fetch_blob(url: &str, token: &str) -> Option<String> {
    #[cfg(feature = "web")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        let headers = web_sys::Headers::new().ok()?;
        headers.set(crate::model::visitor::VISITOR_TOKEN_HEADER, token).ok()?;
        let init = web_sys::RequestInit::new();
        init.set_headers(&headers);
        let promise = web_sys::window()?.fetch_with_str_and_init(url, &init);
        let response: web_sys::Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        let blob: web_sys::Blob = JsFuture::from(response.blob().ok()?).await.ok()?.dyn_into().ok()?;
        web_sys::Url::create_object_url_with_blob(&blob).ok()
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = (url, token);
        None
    }
}

fn revoke(url: &str) {
    #[cfg(feature = "web")]
    let _ = web_sys::Url::revoke_object_url(url);
    #[cfg(not(feature = "web"))]
    let _ = url;
}
