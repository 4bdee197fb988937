//! The HTTP router above every layer: Dioxus pages and server functions, the
//! live sockets' upgrade, room images, and the headers every answer carries.

use dioxus::server::axum::{self, Extension};

use crate::model::problem::Problem;
use crate::server::state::AppState;

/// The app's router: Dioxus pages and server functions, plus our headers.
pub fn router(state: AppState) -> axum::Router {
    dioxus::server::router(crate::app::App)
        .merge(widget_pages())
        .route("/healthz", axum::routing::get(crate::server::cluster::health::alive))
        .route("/readyz", axum::routing::get(crate::server::cluster::health::ready))
        .route("/media/rooms/{room}", axum::routing::get(crate::server::admin::media::room_image_route))
        .route("/api/files", axum::routing::post(crate::api::chats::files::employee_upload))
        .route("/api/files/{id}", axum::routing::get(crate::api::chats::files::employee_download))
        .route("/api/widget/files", axum::routing::post(crate::api::chats::files::visitor_upload))
        .route("/api/widget/files/{id}", axum::routing::get(crate::api::chats::files::visitor_download))
        .layer(axum::middleware::from_fn(crate::server::live::socket::small_buffer_upgrade))
        .layer(axum::middleware::from_fn(crate::server::meetings::signalling::upgrade))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(axum::middleware::from_fn(retry_after))
        .layer(axum::middleware::from_fn(same_site_api))
        .layer(axum::middleware::from_fn(body_limit))
        .layer(axum::middleware::from_fn(peer_address))
        .layer(Extension(state))
}

/// The widget build's page (`widget/index.html` beside the server binary),
/// read once by [`load_widget_pages`].
static WIDGET_PAGES: std::sync::OnceLock<dioxus::server::ServeConfig> = std::sync::OnceLock::new();

/// Reads the website widget's own build (#18) if `make build` or `make
/// release` put it beside the server binary. Call it before the server
/// starts any thread: Dioxus reads a page only from `DIOXUS_PUBLIC_PATH`,
/// which this sets for the moment of the read.
pub fn load_widget_pages() {
    let Some(dir) = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|d| d.join("widget"))) else { return };
    if !dir.join("index.html").exists() {
        return;
    }
    let before = std::env::var_os("DIOXUS_PUBLIC_PATH");
    std::env::set_var("DIOXUS_PUBLIC_PATH", &dir);
    let config = dioxus::server::ServeConfig::new();
    match before {
        Some(value) => std::env::set_var("DIOXUS_PUBLIC_PATH", value),
        None => std::env::remove_var("DIOXUS_PUBLIC_PATH"),
    }
    let _ = WIDGET_PAGES.set(config);
}

/// `/widget/{room}` rendered by the widget's own root and page, whose small
/// WASM then hydrates it; without the widget build, the app renders it.
fn widget_pages() -> axum::Router {
    use dioxus::server::FullstackState;
    let Some(config) = WIDGET_PAGES.get() else { return axum::Router::new() };
    axum::Router::new()
        .route("/widget/{room}", axum::routing::get(FullstackState::render_handler))
        .with_state(FullstackState::new(config.clone(), crate::app::WidgetRoot))
}

/// Makes the caller's address available to handlers as [`PeerAddress`]: the
/// socket's peer when the server was started with connection info (see
/// `main.rs`), or, behind `TRUST_PROXY=N` reverse proxies, the address the
/// outermost of them saw (see [`client_address`]).
async fn peer_address(mut request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use crate::server::state::PeerAddress;
    let socket = request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    static HOPS: std::sync::LazyLock<usize> = std::sync::LazyLock::new(|| std::env::var("TRUST_PROXY").ok().and_then(|v| v.parse().ok()).unwrap_or(0));
    let hops = *HOPS;
    let forwarded = request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let address = client_address(socket, forwarded, hops);
    request.extensions_mut().insert(PeerAddress(address));
    next.run(request).await
}

/// The caller's address behind `hops` trusted proxies. Each proxy appends the
/// address it was connected from to `X-Forwarded-For`, so only the last
/// `hops` entries were written by proxies we trust: the one `hops` places
/// from the right is the client as our outermost proxy saw it. Anything to
/// its left was written by the client and is ignored. With fewer entries than
/// `hops`, or an unreadable one, the socket's peer is used.
pub fn client_address(socket: Option<std::net::IpAddr>, forwarded: Option<&str>, hops: usize) -> Option<std::net::IpAddr> {
    if hops == 0 {
        return socket;
    }
    let entries: Vec<&str> = forwarded.unwrap_or_default().split(',').map(str::trim).filter(|e| !e.is_empty()).collect();
    let from_right = entries.len().checked_sub(hops).map(|i| entries[i]);
    from_right.and_then(|e| e.parse().ok()).or(socket)
}

/// A server function is called by our own pages only: a write (`POST` and
/// the like) to `/api` with a body must be JSON, which no cross-site form can
/// send, and one that says where it comes from (`Origin`, `Sec-Fetch-Site`,
/// which browsers always send on such requests) must come from this site.
/// This stops login CSRF and any other cross-site write.
async fn same_site_api(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{header, Method};
    let headers = request.headers();
    let is_write = ![Method::GET, Method::HEAD, Method::OPTIONS].contains(request.method());
    if is_write && request.uri().path().starts_with("/api/") {
        // Dioxus sends a call without arguments with no body and no Content-Type.
        let has_body = axum::body::HttpBody::size_hint(request.body()).exact() != Some(0);
        let json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/json"));
        // An upload (#14) is raw bytes; its file-name header, which no
        // cross-site form can send, stands in for the JSON type.
        let upload = crate::api::chats::files::is_upload(request.method().as_str(), request.uri().path())
            && headers.contains_key(crate::model::attachment::FILE_NAME_HEADER);
        if has_body && !json && !upload {
            return crate::server::error::problem_response(&Problem::NotJson);
        }
        let cross_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|v| v == "cross-site")
            || crate::server::live::socket::check_origin(headers).is_err();
        if cross_site {
            return crate::server::error::problem_response(&Problem::CrossSite);
        }
    }
    next.run(request).await
}

/// The largest request body: larger ones are refused with 413 before any
/// handler runs (Dioxus would otherwise fail inside with a 500). Room images
/// (≤ 1 MiB, sent as base64) are the largest legitimate body.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

async fn body_limit(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    // Uploads stream through under their own, larger limit (see api::chats::files).
    if crate::api::chats::files::is_upload(request.method().as_str(), request.uri().path()) {
        return next.run(request).await;
    }
    let too_large = || crate::server::error::problem_response(&Problem::BodyTooLarge { max_kib: MAX_BODY_BYTES / 1024 });
    let declared = request.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(length) if length > MAX_BODY_BYTES => too_large(),
        Some(_) => next.run(request).await,
        // No length given (chunked): read at most the limit before passing it on.
        None => {
            let (parts, body) = request.into_parts();
            match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
                Ok(bytes) => next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))).await,
                Err(_) => too_large(),
            }
        }
    }
}

async fn security_headers(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::header::{HeaderValue, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
    let widget = request.uri().path().starts_with("/widget/");
    let response = malformed_is_bad_request(next.run(request).await).await;
    let mut response = with_script_nonce(response, widget).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if crate::server::people::auth::cookie_secure() {
        headers.insert(axum::http::header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    response
}

/// Pages get a Content-Security-Policy whose only inline scripts are the
/// ones Dioxus wrote into this response (hydration data), marked with a
/// fresh nonce. User text is escaped by the renderer, so it can never form
/// a `<script>` tag and gets no nonce. The widget may be framed by the
/// customer's site; the workspace may not be framed at all.
async fn with_script_nonce(response: axum::response::Response, widget: bool) -> axum::response::Response {
    use axum::http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 8 * 1024 * 1024).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    let nonce = crate::server::clock::new_token();
    let html = String::from_utf8_lossy(&bytes)
        .replace("<script>", &format!("<script nonce=\"{nonce}\">"))
        .replace("<script type=\"module\"", &format!("<script nonce=\"{nonce}\" type=\"module\""));
    let frame_ancestors = if widget { "*" } else { "'none'" };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        parts.headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    parts.headers.remove(CONTENT_LENGTH);
    axum::response::Response::from_parts(parts, axum::body::Body::from(html))
}

/// A 429 says when to come back: the `retry_secs` of its problem (in the
/// JSON body every refusal carries, see `server::error::problem_response`)
/// becomes its `Retry-After` header, whichever layer refused.
async fn retry_after(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{header::RETRY_AFTER, HeaderValue, StatusCode};
    let response = next.run(request).await;
    if response.status() != StatusCode::TOO_MANY_REQUESTS || response.headers().contains_key(RETRY_AFTER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if let Some(secs) = serde_json::from_slice::<serde_json::Value>(&bytes).ok().as_ref().and_then(retry_secs_in) {
        parts.headers.insert(RETRY_AFTER, HeaderValue::from(secs.max(1)));
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The first `retry_secs` number anywhere in a refusal's JSON.
fn retry_secs_in(value: &serde_json::Value) -> Option<i64> {
    match value {
        serde_json::Value::Object(fields) => fields.get("retry_secs").and_then(serde_json::Value::as_i64).or_else(|| fields.values().find_map(retry_secs_in)),
        serde_json::Value::Array(items) => items.iter().find_map(retry_secs_in),
        _ => None,
    }
}

/// Dioxus answers a request body it cannot decode with 500; it is the
/// caller's mistake, so say 400 and why ([`Problem::MalformedRequest`]), in
/// the JSON shape of every other refusal.
async fn malformed_is_bad_request(response: axum::response::Response) -> axum::response::Response {
    use axum::http::StatusCode;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    if text.contains("error deserializing server function") {
        return crate::server::error::problem_response(&Problem::MalformedRequest);
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}
