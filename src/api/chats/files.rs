//! Attached files over HTTP (#14): plain routes, not server functions, so an
//! upload streams in as raw bytes (never buffered whole) and a download
//! streams out with the headers that keep it inert.
//!
//! - `POST /api/files?chat=…` and `POST /api/widget/files`: the body is the
//!   file, its name in the `x-file-name` header (percent-encoded UTF-8); the
//!   answer is the [`Attachment`] as JSON.
//! - `GET /api/files/{id}` and `GET /api/widget/files/{id}`: the bytes;
//!   `?download=1` asks for a download even for an image.

use dioxus::prelude::*;

use crate::model::attachment::Attachment;

#[cfg(feature = "server")]
use {crate::server::state::AppState, dioxus::server::axum::Extension};

/// The largest file the server takes, in bytes: the composer refuses a
/// larger one before sending a byte.
#[get("/api/file-limit", state: Extension<AppState>)]
pub async fn file_limit() -> ServerFnResult<u64> {
    Ok(state.files.max_bytes)
}

/// Where the workspace uploads a file for `chat`.
pub fn upload_url(chat: &str) -> String {
    format!("/api/files?chat={}", encode(chat))
}

/// Where the widget uploads a file.
pub const WIDGET_UPLOAD_URL: &str = "/api/widget/files";

/// A file's address for an employee (the session cookie goes with it).
pub fn file_url(file: &Attachment) -> String {
    format!("/api/files/{}", encode(&file.id))
}

/// A file's address for the widget (fetched with the visitor's token).
pub fn widget_file_url(file: &Attachment) -> String {
    format!("/api/widget/files/{}", encode(&file.id))
}

/// Ids are letters and digits; anything else is escaped all the same.
fn encode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Whether a request goes to an upload route (it carries raw bytes, not JSON).
pub fn is_upload(method: &str, path: &str) -> bool {
    method == "POST" && (path == "/api/files" || path == WIDGET_UPLOAD_URL)
}

#[cfg(feature = "server")]
pub use routes::*;

#[cfg(feature = "server")]
mod routes {
    use dioxus::server::axum::{
        body::Body,
        extract::{Path, Query},
        http::{header, HeaderMap, HeaderValue},
        response::{IntoResponse, Response},
        Extension, Json,
    };
    use futures::StreamExt;
    use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};

    use crate::model::attachment::{is_inline_image, FILE_NAME_HEADER};
    use crate::model::problem::Problem;
    use crate::server::chats::attachments::{self, Download};
    use crate::server::error::ServiceError;
    use crate::server::people::visitors::Visitor;
    use crate::server::rights::Actor;
    use crate::server::state::{AppState, PeerAddress};

    #[derive(serde::Deserialize)]
    pub struct UploadQuery {
        chat: String,
    }

    #[derive(serde::Deserialize)]
    pub struct DownloadQuery {
        #[serde(default)]
        download: Option<String>,
    }

    /// The file's name from its header.
    fn file_name(headers: &HeaderMap) -> Result<String, ServiceError> {
        let raw = headers.get(FILE_NAME_HEADER).and_then(|v| v.to_str().ok()).ok_or(Problem::FileNameMissing)?;
        Ok(percent_decode_str(raw).decode_utf8().map_err(|_| Problem::FileNameMissing)?.into_owned())
    }

    /// A declared length over the limit is refused before a byte is read.
    fn check_length(state: &AppState, headers: &HeaderMap) -> Result<(), ServiceError> {
        let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        match declared {
            Some(length) if length > state.files.max_bytes => Err(Problem::FileTooLarge { max_mb: state.files.max_bytes / (1024 * 1024) }.into()),
            _ => Ok(()),
        }
    }

    /// `POST /api/files?chat=…`: an employee's upload for a chat they may write to.
    pub async fn employee_upload(Extension(state): Extension<AppState>, actor: Actor, Query(query): Query<UploadQuery>, headers: HeaderMap, body: Body) -> Response {
        let result = async {
            check_length(&state, &headers)?;
            let name = file_name(&headers)?;
            attachments::upload_as_employee(&state, &actor, &query.chat, &name, body.into_data_stream()).await
        }
        .await;
        match result {
            Ok(file) => Json(file).into_response(),
            Err(error) => error.into_response(),
        }
    }

    /// `POST /api/widget/files`: a visitor's upload for their next message,
    /// within the visitor's and the address's message limits.
    pub async fn visitor_upload(Extension(state): Extension<AppState>, visitor: Visitor, Extension(peer): Extension<PeerAddress>, headers: HeaderMap, body: Body) -> Response {
        let result = async {
            check_length(&state, &headers)?;
            let name = file_name(&headers)?;
            state.limits.visitor_message(peer.0, &visitor.user)?;
            attachments::upload_as_visitor(&state, &visitor, &name, body.into_data_stream()).await
        }
        .await;
        match result {
            Ok(file) => Json(file).into_response(),
            Err(error) => error.into_response(),
        }
    }

    /// `GET /api/files/{id}`: for an employee who may see the file's chat.
    pub async fn employee_download(Extension(state): Extension<AppState>, actor: Actor, Path(id): Path<String>, Query(query): Query<DownloadQuery>) -> Response {
        match attachments::open_for_employee(&state, &actor, &id).await {
            Ok(download) => serve(download, query.download.is_some()),
            Err(error) => error.into_response(),
        }
    }

    /// `GET /api/widget/files/{id}`: for the visitor whose chat it is.
    pub async fn visitor_download(Extension(state): Extension<AppState>, visitor: Visitor, Path(id): Path<String>, Query(query): Query<DownloadQuery>) -> Response {
        match attachments::open_for_visitor(&state, &visitor, &id).await {
            Ok(download) => serve(download, query.download.is_some()),
            Err(error) => error.into_response(),
        }
    }

    /// The bytes, streamed, with headers that keep them inert: an inline
    /// raster image, or else a download (`Content-Disposition: attachment`);
    /// markup never goes out under its own type; `nosniff` (added to every
    /// answer by the router) and a sandboxing CSP in case a browser renders
    /// it anyway.
    fn serve<S>(download: Download<S>, as_download: bool) -> Response
    where
        S: futures::Stream<Item = object_store::Result<bytes::Bytes>> + Send + 'static,
    {
        let Download { file, body } = download;
        let inline = is_inline_image(&file.mime) && !as_download;
        let markup = file.mime.contains("html") || file.mime.contains("xml") || file.mime.contains("svg");
        let content_type = if markup { "application/octet-stream" } else { file.mime.as_str() };
        let fallback: String = file.name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
        let disposition = format!(
            "{}; filename=\"{fallback}\"; filename*=UTF-8''{}",
            if inline { "inline" } else { "attachment" },
            utf8_percent_encode(&file.name, NON_ALPHANUMERIC)
        );
        let body = Body::from_stream(body.map(|chunk| chunk.map_err(std::io::Error::other)));
        let mut response = body.into_response();
        let headers = response.headers_mut();
        let mut set = |name: header::HeaderName, value: &str| {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(name, value);
            }
        };
        set(header::CONTENT_TYPE, content_type);
        set(header::CONTENT_LENGTH, &file.size.to_string());
        set(header::CONTENT_DISPOSITION, &disposition);
        set(header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
        // A file never changes under its id; only this browser's user keeps it.
        set(header::CACHE_CONTROL, "private, max-age=86400");
        set(header::HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
        response
    }
}
