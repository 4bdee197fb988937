//! The client panel (C1): the widget reports the visitor's page; employees
//! read the panel of a chat.

use dioxus::prelude::*;

use crate::model::client_panel::{ClientPanel, PageReport};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{people::client_panel, people::visitors::Visitor, state::{AppState, PeerAddress}}, dioxus::server::axum::Extension};

/// The widget's loader: the page the visitor is on now (by their token).
#[post("/api/widget/page", state: Extension<AppState>, visitor: Visitor, peer: Extension<PeerAddress>)]
pub async fn visitor_page(report: PageReport) -> ServerFnResult<()> {
    Ok(client_panel::report_page_from(&state, peer.0 .0, &visitor, report).await?)
}

/// The panel beside a client chat: only the parts its room shows.
#[get("/api/chats/{chat}/client-panel", state: Extension<AppState>, actor: Actor)]
pub async fn chat_client_panel(chat: String) -> ServerFnResult<ClientPanel> {
    Ok(client_panel::panel(&state, &actor, &chat).await?)
}
