//! Meetings (R3, R4, C4, C13): create, settings, link, and the running calls.

use dioxus::prelude::*;

use crate::model::chat::ChatSummary;
use crate::model::live::RunningCall;
use crate::model::meeting::{MeetingInfo, MeetingSettings, NewMeeting};

#[cfg(feature = "server")]
use {super::guard, crate::server::{meetings, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// A chat's meeting: settings, link ID, whether its call runs, what I may do.
#[get("/api/meetings/{chat}", state: Extension<AppState>, headers: HeaderMap)]
pub async fn meeting_info(chat: String) -> ServerFnResult<MeetingInfo> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(meetings::info(&state, &actor, &chat).await?)
}

/// «Создать новую конференцию или вебинар»; a retry with the same key returns the same meeting.
#[post("/api/meetings/create", state: Extension<AppState>, headers: HeaderMap)]
pub async fn create_meeting(meeting: NewMeeting) -> ServerFnResult<ChatSummary> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(meetings::create(&state, &actor, meeting).await?)
}

/// «Настройки конференции (вебинара)».
#[post("/api/meetings/settings", state: Extension<AppState>, headers: HeaderMap)]
pub async fn save_meeting_settings(chat: String, settings: MeetingSettings) -> ServerFnResult<MeetingInfo> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(meetings::save_settings(&state, &actor, &chat, settings).await?)
}

/// The meeting's ID for its link, made on first use.
#[post("/api/meetings/link", state: Extension<AppState>, headers: HeaderMap)]
pub async fn meeting_link(chat: String) -> ServerFnResult<String> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(meetings::link_code(&state, &actor, &chat).await?)
}

/// The calls running now in chats I may see.
#[get("/api/calls/running", state: Extension<AppState>, headers: HeaderMap)]
pub async fn running_calls() -> ServerFnResult<Vec<RunningCall>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(meetings::running_calls(&state, &actor).await?)
}
