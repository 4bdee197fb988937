//! Attached files (#14), over SurrealDB `mem://` and an in-memory object
//! store with the demo workspace: types from the bytes, the size limit,
//! access that follows the chat, notes' files kept from the visitor,
//! retried sends, erasing and sweeping.

#![cfg(feature = "server")]

mod common;

use std::sync::Arc;

use bytes::Bytes;
use chats::model::message::{HistoryWindow, NewMessage};
use chats::model::problem::{Problem, Thing};
use chats::server::chats::{actions, attachments, messages};
use chats::server::people::visitors;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use chats::server::store::files::Files;
use common::{problem, signed_in};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn demo() -> AppState {
    open_state("mem://", true).await.expect("in-memory database opens")
}

/// A request body arriving in chunks of `chunk` bytes.
fn body(bytes: &[u8], chunk: usize) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
    let parts: Vec<Result<Bytes, std::io::Error>> = bytes.chunks(chunk.max(1)).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
    futures::stream::iter(parts)
}

/// What a download streams, gathered.
async fn bytes_of<S: futures::Stream<Item = object_store::Result<Bytes>> + Unpin>(mut stream: S) -> Vec<u8> {
    use futures::StreamExt;
    let mut all = Vec::new();
    while let Some(chunk) = stream.next().await {
        all.extend_from_slice(&chunk.unwrap());
    }
    all
}

fn message(chat: &str, client_id: &str, text: &str, files: Vec<String>, note: bool) -> NewMessage {
    NewMessage { chat: chat.into(), client_id: client_id.into(), text: text.into(), note, files }
}

async fn file_rows(state: &AppState) -> usize {
    let mut response = state.db.query("SELECT VALUE id FROM file").await.unwrap();
    let ids: Vec<surrealdb::types::RecordId> = response.take(0).unwrap();
    ids.len()
}

#[tokio::test]
async fn a_visitors_screenshot_reaches_the_operator_and_only_those_who_see_the_chat() {
    let state = demo().await;
    let (boris, vera) = (signed_in(&state, "boris").await, signed_in(&state, "vera").await);
    let session = visitors::start(&state, "support", "Клиент Со Скриншотом").await.unwrap();
    let visitor = visitors::authenticate(&state, &session.token).await.unwrap();

    // The visitor uploads before their first message (no chat yet), in small chunks.
    let shot = attachments::upload_as_visitor(&state, &visitor, "screen shot.png", body(PNG, 7)).await.unwrap();
    assert_eq!((shot.mime.as_str(), shot.size, shot.name.as_str()), ("image/png", PNG.len() as u64, "screen shot.png"));
    let sent = visitors::send_with_files(&state, &visitor, "visitor-file-1", "", std::slice::from_ref(&shot.id)).await.unwrap();
    assert_eq!(sent.files, vec![shot.clone()], "a message of files alone is fine");
    let chat = visitor.chat_key();
    assert_eq!(sent.chat, chat);

    // The operator reads it in the history and downloads the same bytes.
    let page = messages::history(&state, &boris, &chat, HistoryWindow::Latest).await.unwrap();
    assert_eq!(page.messages.last().unwrap().files, vec![shot.clone()]);
    let download = attachments::open_for_employee(&state, &boris, &shot.id).await.unwrap();
    assert_eq!(download.file.mime, "image/png");
    assert_eq!(bytes_of(download.body).await, PNG);
    // The list shows a preview even without text.
    let row = chats::server::chats::summary::summary(&state, &chat).await.unwrap().unwrap();
    let last = row.last.expect("a last message");
    assert!(last.text.contains("screen shot.png"), "{}", last.text);

    // Vera has no access to «Поддержка»: for her the file does not exist.
    assert_eq!(problem(attachments::open_for_employee(&state, &vera, &shot.id).await.map(|_| ())), Some(Problem::NotFound { thing: Thing::File }));
    // Another visitor neither.
    let other = visitors::start(&state, "support", "Другой Клиент").await.unwrap();
    let other = visitors::authenticate(&state, &other.token).await.unwrap();
    assert_eq!(problem(attachments::open_for_visitor(&state, &other, &shot.id).await.map(|_| ())), Some(Problem::NotFound { thing: Thing::File }));
    // The visitor themselves may.
    assert!(attachments::open_for_visitor(&state, &visitor, &shot.id).await.is_ok());
    // An unknown id is simply not found.
    assert_eq!(problem(attachments::open_for_employee(&state, &boris, "nosuchfile").await.map(|_| ())), Some(Problem::NotFound { thing: Thing::File }));
}

#[tokio::test]
async fn types_come_from_the_bytes_and_refusals_leave_nothing_behind() {
    let mut state = demo().await;
    state.files = Arc::new(Files::in_memory(64 * 1024));
    let boris = signed_in(&state, "boris").await;

    // A program is refused whatever it is called; so is a runnable name.
    let exe = [b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".as_slice(), &[0u8; 100]].concat();
    assert_eq!(problem(attachments::upload_as_employee(&state, &boris, "vivan", "invoice.pdf", body(&exe, 16)).await), Some(Problem::FileTypeForbidden));
    assert_eq!(problem(attachments::upload_as_employee(&state, &boris, "vivan", "run.exe", body(PDF, 16)).await), Some(Problem::FileTypeForbidden));
    // A PDF named .png is a PDF; HTML named .jpg is no image.
    let pdf = attachments::upload_as_employee(&state, &boris, "vivan", "photo.png", body(PDF, 16)).await.unwrap();
    assert_eq!(pdf.mime, "application/pdf");
    assert!(!pdf.is_image());
    let html = attachments::upload_as_employee(&state, &boris, "vivan", "cat.jpg", body(b"<html><script>alert(1)</script></html>", 8)).await.unwrap();
    assert!(!html.is_image(), "{}", html.mime);

    // Over the limit, however it arrives: refused, and no row or bytes stay.
    let before = file_rows(&state).await;
    let big = vec![b'a'; 64 * 1024 + 1];
    assert_eq!(problem(attachments::upload_as_employee(&state, &boris, "vivan", "big.txt", body(&big, 4096)).await), Some(Problem::FileTooLarge { max_mb: 0 }));
    assert_eq!(problem(attachments::upload_as_employee(&state, &boris, "vivan", "empty.txt", body(b"", 1)).await), Some(Problem::FileEmpty));
    assert_eq!(problem(attachments::upload_as_employee(&state, &boris, "vivan", "  ", body(PDF, 16)).await), Some(Problem::FileNameMissing));
    assert_eq!(file_rows(&state).await, before);
    // Exactly at the limit is fine.
    assert!(attachments::upload_as_employee(&state, &boris, "vivan", "exact.txt", body(&big[1..], 4096)).await.is_ok());
}

#[tokio::test]
async fn an_upload_needs_the_chat_and_a_file_is_attached_once_by_its_owner() {
    let state = demo().await;
    let (anna, boris, vera) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "vera").await);
    // Vera may not write in «Поддержка»: not even an upload.
    assert!(matches!(problem(attachments::upload_as_employee(&state, &vera, "vivan", "a.pdf", body(PDF, 64)).await), Some(Problem::NotFound { .. } | Problem::Forbidden)));

    let file = attachments::upload_as_employee(&state, &boris, "vivan", "отчёт.pdf", body(PDF, 64)).await.unwrap();
    // Not Anna's to send, and not for another chat.
    assert_eq!(problem(messages::send_as_employee(&state, &anna, message("vivan", "anna-file-1", "вот", vec![file.id.clone()], false)).await), Some(Problem::FileNotAttachable));
    assert_eq!(problem(messages::send_as_employee(&state, &boris, message("vmaria", "boris-file-0", "вот", vec![file.id.clone()], false)).await), Some(Problem::FileNotAttachable));
    assert_eq!(problem(messages::send_as_employee(&state, &boris, message("vivan", "boris-file-x", "вот", vec!["nosuchfile".into()], false)).await), Some(Problem::NotFound { thing: Thing::File }));
    // Text and file together; a retried send is the same message.
    let sent = messages::send_as_employee(&state, &boris, message("vivan", "boris-file-1", "Счёт во вложении", vec![file.id.clone(), file.id.clone()], false)).await.unwrap();
    assert_eq!(sent.files.len(), 1, "a file named twice is carried once");
    let again = messages::send_as_employee(&state, &boris, message("vivan", "boris-file-1", "Счёт во вложении", vec![file.id.clone()], false)).await.unwrap();
    assert_eq!(again.id, sent.id);
    // Attached once: a second message may not carry it.
    assert_eq!(problem(messages::send_as_employee(&state, &boris, message("vivan", "boris-file-2", "ещё раз", vec![file.id.clone()], false)).await), Some(Problem::FileNotAttachable));
    // Anna sees the chat, so she may download it.
    assert!(attachments::open_for_employee(&state, &anna, &file.id).await.is_ok());
    // Empty text without files, and too many files, are refused.
    assert_eq!(problem(messages::send_as_employee(&state, &boris, message("vivan", "boris-file-3", " ", vec![], false)).await), Some(Problem::MessageEmpty));
    let eleven: Vec<String> = (0..11).map(|i| format!("f{i}")).collect();
    assert_eq!(problem(messages::send_as_employee(&state, &boris, message("vivan", "boris-file-4", "x", eleven, false)).await), Some(Problem::TooManyFiles { max: 10 }));
}

#[tokio::test]
async fn a_notes_file_never_reaches_the_visitor() {
    let state = demo().await;
    let boris = signed_in(&state, "boris").await;
    let session = visitors::start(&state, "support", "Клиент Без Заметок").await.unwrap();
    visitors::send(&state, &session.token, "visitor-0001", "Здравствуйте").await.unwrap();
    let visitor = visitors::authenticate(&state, &session.token).await.unwrap();
    let chat = visitor.chat_key();
    let internal = attachments::upload_as_employee(&state, &boris, &chat, "логи.txt", body("ошибка 500".as_bytes(), 4)).await.unwrap();
    let note = messages::send_as_employee(&state, &boris, message(&chat, "note-file-1", "", vec![internal.id.clone()], true)).await.unwrap();
    assert!(note.note);
    assert_eq!(problem(attachments::open_for_visitor(&state, &visitor, &internal.id).await.map(|_| ())), Some(Problem::NotFound { thing: Thing::File }));
    let resumed = visitors::resume(&state, &session.token, 0).await.unwrap();
    assert!(resumed.messages.iter().all(|m| m.files.is_empty()));
    // A reply with a file does reach them.
    let public = attachments::upload_as_employee(&state, &boris, &chat, "инструкция.pdf", body(PDF, 64)).await.unwrap();
    messages::send_as_employee(&state, &boris, message(&chat, "reply-file-1", "Инструкция", vec![public.id.clone()], false)).await.unwrap();
    assert!(attachments::open_for_visitor(&state, &visitor, &public.id).await.is_ok());
}

#[tokio::test]
async fn erasing_a_chat_erases_its_files_and_unsent_uploads_are_swept() {
    let state = demo().await;
    let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
    let file = attachments::upload_as_employee(&state, &boris, "vivan", "a.pdf", body(PDF, 64)).await.unwrap();
    messages::send_as_employee(&state, &boris, message("vivan", "erase-file-1", "", vec![file.id.clone()], false)).await.unwrap();
    let path = format!("files/{}", file.id);
    assert!(state.files.exists(&path).await);
    actions::delete(&state, &anna, "vivan").await.unwrap();
    actions::erase(&state, &anna, "vivan").await.unwrap();
    assert!(!state.files.exists(&path).await, "the bytes are gone");
    assert_eq!(problem(attachments::open_for_employee(&state, &anna, &file.id).await.map(|_| ())), Some(Problem::NotFound { thing: Thing::File }));

    // An upload never sent stays a day, then goes; a sent one stays.
    let unsent = attachments::upload_as_employee(&state, &boris, "vmaria", "draft.pdf", body(PDF, 64)).await.unwrap();
    let kept = attachments::upload_as_employee(&state, &boris, "vmaria", "sent.pdf", body(PDF, 64)).await.unwrap();
    messages::send_as_employee(&state, &boris, message("vmaria", "sweep-file-1", "", vec![kept.id.clone()], false)).await.unwrap();
    let now = chats::server::clock::now_ms();
    assert_eq!(attachments::sweep_unsent(&state, now).await.unwrap(), 0, "not a day old yet");
    assert_eq!(attachments::sweep_unsent(&state, now + attachments::UNSENT_KEPT_MS + 1000).await.unwrap(), 1);
    assert!(!state.files.exists(&format!("files/{}", unsent.id)).await);
    assert!(state.files.exists(&format!("files/{}", kept.id)).await);
}

#[tokio::test]
async fn a_blocked_visitor_uploads_nothing() {
    let state = demo().await;
    let session = visitors::start(&state, "support", "Заблокированный").await.unwrap();
    let mut visitor = visitors::authenticate(&state, &session.token).await.unwrap();
    visitor.blocked_until_ms = Some(chats::server::clock::now_ms() + 60_000);
    assert_eq!(problem(attachments::upload_as_visitor(&state, &visitor, "a.png", body(PNG, 64)).await), Some(Problem::Blocked));
}

/// The file routes through the real router (#14): the authorization rows
/// for the plain routes, the upload's CSRF guard, and the headers that keep
/// a download inert.
mod routes {
    use super::*;
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use chats::model::attachment::FILE_NAME_HEADER;
    use chats::model::visitor::VISITOR_TOKEN_HEADER;
    use tower::ServiceExt;

    struct Reply {
        status: StatusCode,
        headers: axum::http::HeaderMap,
        body: Vec<u8>,
    }

    async fn call(router: &axum::Router, method: &str, uri: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = router.clone().oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), 64 << 20).await.unwrap().to_vec();
        Reply { status, headers, body }
    }

    async fn login(router: &axum::Router, who: &str) -> String {
        let body = serde_json::json!({"credentials": {"email": format!("{who}@demo.local"), "password": "demo1234"}}).to_string();
        let request = Request::builder().method("POST").uri("/api/auth/login").header(header::CONTENT_TYPE, "application/json").body(Body::from(body)).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        response.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string()
    }

    fn upload_headers<'a>(cookie: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
        vec![(header::COOKIE.as_str(), cookie), (FILE_NAME_HEADER, name), (header::CONTENT_TYPE.as_str(), "application/octet-stream")]
    }

    #[tokio::test]
    async fn uploads_and_downloads_follow_the_chat_and_stay_inert() {
        std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
        let state = demo().await;
        let router = chats::http::router(state.clone());
        let (boris, vera) = (login(&router, "boris").await, login(&router, "vera").await);

        // Boris uploads a PDF (its name percent-encoded) and sends it.
        let up = call(&router, "POST", "/api/files?chat=vivan", &upload_headers(&boris, "%D1%81%D1%87%D1%91%D1%82.pdf"), PDF.to_vec()).await;
        assert_eq!(up.status, StatusCode::OK, "{}", String::from_utf8_lossy(&up.body));
        let pdf: chats::model::attachment::Attachment = serde_json::from_slice(&up.body).unwrap();
        assert_eq!((pdf.name.as_str(), pdf.mime.as_str()), ("счёт.pdf", "application/pdf"));
        let actor = signed_in(&state, "boris").await;
        messages::send_as_employee(&state, &actor, message("vivan", "route-file-1", "", vec![pdf.id.clone()], false)).await.unwrap();

        // Downloaded as an attachment, inert, with the bytes intact.
        let url = format!("/api/files/{}", pdf.id);
        let down = call(&router, "GET", &url, &[(header::COOKIE.as_str(), boris.as_str())], vec![]).await;
        assert_eq!(down.status, StatusCode::OK);
        assert_eq!(down.body, PDF);
        let disposition = down.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''%D1%81%D1%87%D1%91%D1%82%2Epdf"), "{disposition}");
        assert_eq!(down.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(down.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().starts_with("sandbox"));

        // An image is shown inline; HTML never goes out as HTML.
        let png = call(&router, "POST", "/api/files?chat=vivan", &upload_headers(&boris, "shot.png"), PNG.to_vec()).await;
        let png: chats::model::attachment::Attachment = serde_json::from_slice(&png.body).unwrap();
        let html = call(&router, "POST", "/api/files?chat=vivan", &upload_headers(&boris, "page.svg"), b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec()).await;
        let html: chats::model::attachment::Attachment = serde_json::from_slice(&html.body).unwrap();
        messages::send_as_employee(&state, &actor, message("vivan", "route-file-2", "", vec![png.id.clone(), html.id.clone()], false)).await.unwrap();
        let inline = call(&router, "GET", &format!("/api/files/{}", png.id), &[(header::COOKIE.as_str(), boris.as_str())], vec![]).await;
        assert_eq!(inline.headers[header::CONTENT_TYPE], "image/png");
        assert!(inline.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("inline;"));
        let svg = call(&router, "GET", &format!("/api/files/{}", html.id), &[(header::COOKIE.as_str(), boris.as_str())], vec![]).await;
        assert_eq!(svg.headers[header::CONTENT_TYPE], "application/octet-stream");
        assert!(svg.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));

        // The authorization rows of the plain routes: nobody else gets in.
        let other = visitors::start(&state, "sales", "Чужой посетитель").await.unwrap();
        let refusals: Vec<(&str, String, Vec<(&str, &str)>, StatusCode)> = vec![
            ("GET", url.clone(), vec![], StatusCode::UNAUTHORIZED),
            ("GET", url.clone(), vec![(header::COOKIE.as_str(), "chats_session=0123")], StatusCode::UNAUTHORIZED),
            ("GET", url.clone(), vec![(header::COOKIE.as_str(), vera.as_str())], StatusCode::NOT_FOUND),
            ("GET", format!("/api/widget/files/{}", pdf.id), vec![], StatusCode::UNAUTHORIZED),
            ("GET", format!("/api/widget/files/{}", pdf.id), vec![(VISITOR_TOKEN_HEADER, other.token.as_str())], StatusCode::NOT_FOUND),
            ("POST", "/api/files?chat=vivan".into(), vec![(FILE_NAME_HEADER, "a.pdf")], StatusCode::UNAUTHORIZED),
            ("POST", "/api/files?chat=vivan".into(), upload_headers(&vera, "a.pdf"), StatusCode::NOT_FOUND),
            ("POST", "/api/widget/files".into(), vec![(FILE_NAME_HEADER, "a.pdf")], StatusCode::UNAUTHORIZED),
            // No file-name header: not one of our pages (a cross-site form cannot set it).
            ("POST", "/api/files?chat=vivan".into(), vec![(header::COOKIE.as_str(), boris.as_str()), (header::CONTENT_TYPE.as_str(), "text/plain")], StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ];
        let before = super::file_rows(&state).await;
        for (method, uri, headers, expected) in refusals {
            let reply = call(&router, method, &uri, &headers, PDF.to_vec()).await;
            let status = if reply.status == StatusCode::FORBIDDEN && expected == StatusCode::NOT_FOUND { StatusCode::NOT_FOUND } else { reply.status };
            assert_eq!(status, expected, "{method} {uri} with {headers:?}: {}", String::from_utf8_lossy(&reply.body));
        }
        // From another site, even with the session and the header.
        let cross = call(&router, "POST", "/api/files?chat=vivan", &[upload_headers(&boris, "a.pdf"), vec![("origin", "https://evil.test"), ("sec-fetch-site", "cross-site")]].concat(), PDF.to_vec()).await;
        assert_eq!(cross.status, StatusCode::FORBIDDEN);
        assert_eq!(super::file_rows(&state).await, before, "no refused upload was stored");

        // The visitor of the chat gets it with their token.
        let session = visitors::start(&state, "support", "Клиент С Файлом").await.unwrap();
        let up = call(&router, "POST", "/api/widget/files", &[(VISITOR_TOKEN_HEADER, session.token.as_str()), (FILE_NAME_HEADER, "photo.png"), (header::CONTENT_TYPE.as_str(), "application/octet-stream")], PNG.to_vec()).await;
        assert_eq!(up.status, StatusCode::OK, "{}", String::from_utf8_lossy(&up.body));
        let photo: chats::model::attachment::Attachment = serde_json::from_slice(&up.body).unwrap();
        let visitor = visitors::authenticate(&state, &session.token).await.unwrap();
        visitors::send_with_files(&state, &visitor, "visitor-route-1", "Вот", &[photo.id.clone()]).await.unwrap();
        let mine = call(&router, "GET", &format!("/api/widget/files/{}", photo.id), &[(VISITOR_TOKEN_HEADER, session.token.as_str())], vec![]).await;
        assert_eq!((mine.status, mine.body.as_slice()), (StatusCode::OK, PNG));

        // The limit is public and the declared length is checked first.
        let limit = call(&router, "GET", "/api/file-limit", &[], vec![]).await;
        assert_eq!(limit.status, StatusCode::OK);
        let huge = format!("{}", state.files.max_bytes + 1);
        let refused = call(&router, "POST", "/api/files?chat=vivan", &[upload_headers(&boris, "big.bin"), vec![(header::CONTENT_LENGTH.as_str(), huge.as_str())]].concat(), vec![0u8; 16]).await;
        assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    }
}
