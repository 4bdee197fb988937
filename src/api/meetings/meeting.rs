//! Meetings (R3, R4, C4, C13): create, settings, link, and the running calls.

use dioxus::prelude::*;

use crate::model::chat::ChatSummary;
use crate::model::live::RunningCall;
use crate::model::meeting::{MeetingInfo, MeetingSettings, NewMeeting};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{meetings::meeting, state::AppState}, dioxus::server::axum::Extension};

/// A chat's meeting: settings, link ID, whether its call runs, what I may do.
#[get("/api/meetings/{chat}", state: Extension<AppState>, actor: Actor)]
pub async fn meeting_info(chat: String) -> ServerFnResult<MeetingInfo> {
    Ok(meeting::info(&state, &actor, &chat).await?)
}

/// «Создать новую конференцию или вебинар»; a retry with the same key returns the same meeting.
#[post("/api/meetings/create", state: Extension<AppState>, actor: Actor)]
pub async fn create_meeting(meeting: NewMeeting) -> ServerFnResult<ChatSummary> {
    Ok(meeting::create(&state, &actor, meeting).await?)
}

/// «Настройки конференции (вебинара)».
#[post("/api/meetings/settings", state: Extension<AppState>, actor: Actor)]
pub async fn save_meeting_settings(chat: String, settings: MeetingSettings) -> ServerFnResult<MeetingInfo> {
    Ok(meeting::save_settings(&state, &actor, &chat, settings).await?)
}

/// The meeting's ID for its link, made on first use.
#[post("/api/meetings/link", state: Extension<AppState>, actor: Actor)]
pub async fn meeting_link(chat: String) -> ServerFnResult<String> {
    Ok(meeting::link_code(&state, &actor, &chat).await?)
}

/// «Отклонить»: my phones stop ringing for this chat's call (#15).
#[post("/api/calls/decline", state: Extension<AppState>, actor: Actor)]
pub async fn decline_call(chat: String) -> ServerFnResult<()> {
    Ok(meeting::decline(&state, &actor, &chat).await?)
}

/// The calls running now in chats I may see.
#[get("/api/calls/running", state: Extension<AppState>, actor: Actor)]
pub async fn running_calls() -> ServerFnResult<Vec<RunningCall>> {
    Ok(meeting::running_calls(&state, &actor).await?)
}
