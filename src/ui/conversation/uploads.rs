//! Files on their way to the server (#14), shared by the workspace and the
//! widget: each upload streams the file as it is (no copy in memory), shows
//! its progress, can be cancelled, and can be tried again after a failure.
//! A message is sent only with the files that finished.

use dioxus::prelude::*;

use crate::model::attachment::Attachment;
use crate::model::problem::Problem;

/// Where uploads go: the workspace's for a chat, or the widget's with the visitor's token.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum UploadTarget {
    /// No files here.
    #[default]
    Nowhere,
    Chat(String),
    Widget { token: String },
}

impl UploadTarget {
    #[cfg_attr(not(feature = "web"), allow(dead_code))]
    fn url(&self) -> String {
        match self {
            UploadTarget::Chat(chat) => crate::api::chats::files::upload_url(chat),
            UploadTarget::Widget { .. } => crate::api::chats::files::WIDGET_UPLOAD_URL.to_string(),
            UploadTarget::Nowhere => String::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum UploadState {
    /// Bytes sent so far.
    Sending(u64),
    Done(Attachment),
    Failed(Problem),
}

/// One file in the composer.
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    pub key: u32,
    pub name: String,
    pub size: u64,
    pub state: UploadState,
    /// A picture's preview from the browser's own copy (an object URL).
    pub preview: Option<String>,
}

impl Upload {
    /// Percent sent, 0–100.
    pub fn percent(&self) -> u32 {
        match &self.state {
            UploadState::Sending(sent) if self.size > 0 => ((*sent * 100) / self.size).min(100) as u32,
            UploadState::Done(_) => 100,
            _ => 0,
        }
    }
}

/// The composer's uploads.
#[derive(Clone, Copy, PartialEq)]
pub struct Uploads {
    pub items: Signal<Vec<Upload>>,
    target: Signal<UploadTarget>,
}

impl Uploads {
    /// Hook form; uploads still running when the composer goes are cancelled.
    pub fn use_uploads(target: UploadTarget) -> Self {
        let uploads = use_hook(|| Uploads { items: Signal::new(Vec::new()), target: Signal::new(target.clone()) });
        let mut current = uploads.target;
        if *current.peek() != target {
            current.set(target);
        }
        use_drop(move || {
            if let Ok(items) = uploads.items.try_peek() {
                for item in items.iter() {
                    browser::forget(item.key, true);
                    browser::revoke(item.preview.as_deref());
                }
            }
        });
        uploads
    }

    /// Whether files may be added here at all.
    pub fn enabled(&self) -> bool {
        *self.target.peek() != UploadTarget::Nowhere
    }

    /// The files that finished, in order.
    pub fn done(&self) -> Vec<Attachment> {
        self.items.peek().iter().filter_map(|u| if let UploadState::Done(file) = &u.state { Some(file.clone()) } else { None }).collect()
    }

    /// Some file is still going or failed.
    pub fn unfinished(&self) -> bool {
        self.items.peek().iter().any(|u| !matches!(u.state, UploadState::Done(_)))
    }

    /// Forgets the files once their message is on its way.
    pub fn clear(mut self) {
        for item in self.items.peek().iter() {
            browser::forget(item.key, false);
            browser::revoke(item.preview.as_deref());
        }
        self.items.set(Vec::new());
    }

    /// «×»: stops an upload (or drops a finished one from the message).
    pub fn cancel(mut self, key: u32) {
        browser::forget(key, true);
        self.items.write().retain(|u| {
            if u.key == key {
                browser::revoke(u.preview.as_deref());
            }
            u.key != key
        });
    }

    /// «Повторить» after a failure.
    pub fn retry(self, key: u32) {
        let target = self.target.peek().clone();
        if target != UploadTarget::Nowhere {
            browser::send(self, target, key);
        }
    }

    #[cfg_attr(not(feature = "web"), allow(dead_code))]
    fn set_state(mut self, key: u32, state: UploadState) {
        if let Ok(mut items) = self.items.try_write() {
            if let Some(item) = items.iter_mut().find(|u| u.key == key) {
                item.state = state;
            }
        }
    }

    /// Adds files from the picker, a paste or a drop, and starts them.
    #[cfg(feature = "web")]
    pub fn add(mut self, files: Vec<web_sys::File>, max_bytes: u64) {
        let target = self.target.peek().clone();
        if target == UploadTarget::Nowhere {
            return;
        }
        for file in files {
            let key = browser::next_key();
            let size = file.size() as u64;
            let too_large = size > max_bytes;
            let state = if too_large { UploadState::Failed(Problem::FileTooLarge { max_mb: max_bytes / (1024 * 1024) }) } else { UploadState::Sending(0) };
            let preview = browser::preview(&file);
            self.items.write().push(Upload { key, name: file.name(), size, state, preview });
            browser::keep(key, file);
            if !too_large {
                browser::send(self, target.clone(), key);
            }
        }
    }
}

/// The refusal in an upload's error answer (see `server::error::problem_response`).
pub fn problem_in(body: &str) -> Problem {
    let data = serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| v.get("data").cloned());
    match data.and_then(|d| serde_json::from_value::<ServerFnError>(d).ok()) {
        Some(error) => crate::api::problem_of(&error),
        None => Problem::Internal,
    }
}

#[cfg(feature = "web")]
mod browser {
    //! The browser's side: the picked `File`s, and one XMLHttpRequest each.

    use std::cell::RefCell;
    use std::collections::HashMap;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{problem_in, UploadState, UploadTarget, Uploads};
    use crate::model::attachment::{Attachment, FILE_NAME_HEADER};
    use crate::model::problem::Problem;
    use crate::model::visitor::VISITOR_TOKEN_HEADER;

    struct Handle {
        file: web_sys::File,
        request: Option<web_sys::XmlHttpRequest>,
    }

    thread_local! {
        static HANDLES: RefCell<HashMap<u32, Handle>> = RefCell::new(HashMap::new());
        static NEXT: RefCell<u32> = const { RefCell::new(1) };
    }

    pub fn next_key() -> u32 {
        NEXT.with(|n| {
            let mut n = n.borrow_mut();
            *n += 1;
            *n
        })
    }

    /// An object URL showing a picked picture (PNG, JPEG, GIF, WebP) before it is sent.
    pub fn preview(file: &web_sys::File) -> Option<String> {
        if !crate::model::attachment::is_inline_image(&file.type_()) {
            return None;
        }
        web_sys::Url::create_object_url_with_blob(file.as_ref()).ok()
    }

    pub fn revoke(url: Option<&str>) {
        if let Some(url) = url {
            let _ = web_sys::Url::revoke_object_url(url);
        }
    }

    pub fn keep(key: u32, file: web_sys::File) {
        HANDLES.with(|h| h.borrow_mut().insert(key, Handle { file, request: None }));
    }

    /// Drops the file; `abort` stops its request if it still runs.
    pub fn forget(key: u32, abort: bool) {
        if let Some(handle) = HANDLES.with(|h| h.borrow_mut().remove(&key)) {
            if abort {
                if let Some(request) = handle.request {
                    let _ = request.abort();
                }
            }
        }
    }

    /// Starts (or starts again) the upload of file `key`.
    pub fn send(uploads: Uploads, target: UploadTarget, key: u32) {
        let Some(file) = HANDLES.with(|h| h.borrow().get(&key).map(|handle| handle.file.clone())) else { return };
        uploads.set_state(key, UploadState::Sending(0));
        let fail = move |problem: Problem| uploads.set_state(key, UploadState::Failed(problem));
        let Ok(request) = web_sys::XmlHttpRequest::new() else { return fail(Problem::Internal) };
        if request.open("POST", &target.url()).is_err() {
            return fail(Problem::Internal);
        }
        let name: String = js_sys::encode_uri_component(&file.name()).into();
        let _ = request.set_request_header(FILE_NAME_HEADER, &name);
        let _ = request.set_request_header("Content-Type", "application/octet-stream");
        if let UploadTarget::Widget { token } = &target {
            let _ = request.set_request_header(VISITOR_TOKEN_HEADER, token);
        }
        // Progress, then the answer. The handlers live as long as the page
        // (a few bytes per upload).
        if let Ok(upload) = request.upload() {
            let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
                uploads.set_state(key, UploadState::Sending(event.loaded() as u64));
            });
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
            progress.forget();
        }
        let answered = request.clone();
        let onload = Closure::<dyn FnMut()>::new(move || {
            let body = answered.response_text().ok().flatten().unwrap_or_default();
            let status = answered.status().unwrap_or(0);
            if status == 200 {
                match serde_json::from_str::<Attachment>(&body) {
                    Ok(file) => uploads.set_state(key, UploadState::Done(file)),
                    Err(_) => uploads.set_state(key, UploadState::Failed(Problem::Internal)),
                }
            } else {
                uploads.set_state(key, UploadState::Failed(problem_in(&body)));
            }
        });
        request.set_onload(Some(onload.as_ref().unchecked_ref()));
        onload.forget();
        let onerror = Closure::<dyn FnMut()>::new(move || uploads.set_state(key, UploadState::Failed(Problem::NoConnection)));
        request.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        onerror.forget();
        if request.send_with_opt_blob(Some(file.as_ref())).is_err() {
            return fail(Problem::NoConnection);
        }
        HANDLES.with(|h| {
            if let Some(handle) = h.borrow_mut().get_mut(&key) {
                handle.request = Some(request);
            }
        });
    }
}

#[cfg(not(feature = "web"))]
mod browser {
    //! Rendered on the server: nothing uploads there.
    use super::{UploadTarget, Uploads};

    pub fn forget(_key: u32, _abort: bool) {}
    pub fn revoke(_url: Option<&str>) {}
    pub fn send(_uploads: Uploads, _target: UploadTarget, _key: u32) {}
}
