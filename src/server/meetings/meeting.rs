//! Meetings (R3, R4, C3, C4, C13): creating a conference or webinar, its
//! settings and link, guests on the link, and the ticket that decides how
//! someone joins a chat's call. Every decision goes through `rights::may`.

use std::net::IpAddr;

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::meetings::calls::{Ticket, Whose};
use crate::server::chats::events::{event, HistoryAction};
use crate::server::chats::summary::summary;
use crate::server::chats::requests::{earlier, made_before, request};
use crate::server::clock::{new_digits, new_token, now_ms};
use crate::server::store::db::{first, made_now, rows};
use crate::server::error::{ResultContext, ServiceError, ServiceResult};
use crate::server::meetings::ice;
use crate::server::store::records::{key, keys, record, records};
use crate::server::rights::{may, require, Action, Actor, Object};
use crate::server::state::AppState;
use crate::model::chat::ChatSummary;
use crate::model::employee::EmployeeRef;
use crate::model::meeting::{
    GuestPass, MeetingInfo, MeetingSettings, NewMeeting, Peer, WhoStarts, GUEST_NAME_MAX_CHARS,
};
use crate::model::problem::{Problem, Thing};
use crate::model::room::RoomKind;

#[derive(SurrealValue)]
struct MeetingRow {
    code: Option<String>,
    organiser: Option<RecordId>,
    organiser_name: Option<String>,
    starts_ms: Option<i64>,
    lobby: bool,
    max_participants: i64,
    who_starts: String,
    presenters: Vec<RecordId>,
}

/// A chat's meeting as stored, or its defaults when it has none yet.
struct Meeting {
    chat: ChatSummary,
    code: Option<String>,
    organiser: Option<EmployeeRef>,
    starts_ms: Option<i64>,
    settings: MeetingSettings,
}

impl Meeting {
    fn object(&self) -> Object<'_> {
        Object::Meeting {
            chat: &self.chat,
            organiser: self.organiser.as_ref().map(|o| o.id.as_str()),
            who_starts: self.settings.who_starts,
        }
    }

    /// Sends media in the call: everyone but a webinar's viewers.
    fn presents(&self, employee: Option<&str>) -> bool {
        if self.chat.room_kind != RoomKind::Webinar {
            return true;
        }
        employee.is_some_and(|e| self.organiser.as_ref().is_some_and(|o| o.id == e) || self.settings.presenters.iter().any(|p| p == e))
    }
}

const MEETING_FIELDS: &str = "SELECT code, organiser, organiser.name AS organiser_name, starts_ms, lobby,
    max_participants, who_starts, presenters FROM $meeting";

async fn load(state: &AppState, chat: ChatSummary) -> ServiceResult<Meeting> {
    let mut response = state.db.query(MEETING_FIELDS).bind(("meeting", record("meeting", &chat.id)?)).await?;
    let row: Option<MeetingRow> = first(&mut response, 0)?;
    Ok(match row {
        Some(row) => Meeting {
            code: row.code,
            organiser: row.organiser.map(|id| EmployeeRef { id: key(&id), name: row.organiser_name.unwrap_or_default() }),
            starts_ms: row.starts_ms,
            settings: MeetingSettings {
                lobby: row.lobby,
                max_participants: row.max_participants.clamp(0, u32::MAX as i64) as u32,
                who_starts: if row.who_starts == "organiser" { WhoStarts::Organiser } else { WhoStarts::Participants },
                presenters: keys(&row.presenters),
            },
            chat,
        },
        None => Meeting { settings: MeetingSettings::defaults(chat.room_kind), code: None, organiser: None, starts_ms: None, chat },
    })
}

/// The chat's meeting, if the actor may join its call (404 for a chat they
/// cannot see; 400 for a client chat, which has no calls).
async fn meeting_for(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<Meeting> {
    let summary = summary(state, chat).await?.ok_or(ServiceError::not_found(Thing::Chat))?;
    if !may(actor, Action::View, Object::Chat(&summary)) {
        return Err(ServiceError::not_found(Thing::Chat));
    }
    if summary.room_kind == RoomKind::Client {
        return Err(Problem::NoCallsInClientChats.into());
    }
    if summary.deleted {
        return Err(Problem::MeetingDeleted.into());
    }
    load(state, summary).await
}

/// A meeting whose chat is in a closed status has ended: nobody joins it.
fn refuse_ended(chat: &ChatSummary) -> ServiceResult<()> {
    if chat.status.closed && chat.room_kind != RoomKind::Internal {
        return Err(Problem::MeetingEnded.into());
    }
    Ok(())
}

fn info_of(actor: &Actor, meeting: &Meeting, call_running: bool) -> MeetingInfo {
    MeetingInfo {
        chat: meeting.chat.id.clone(),
        kind: meeting.chat.room_kind,
        topic: meeting.chat.topic.clone().unwrap_or_default(),
        code: meeting.code.clone(),
        starts_ms: meeting.starts_ms,
        organiser: meeting.organiser.clone(),
        settings: meeting.settings.clone(),
        call_running,
        may_manage: may(actor, Action::ManageMeeting, meeting.object()),
        may_start: may(actor, Action::StartCall, meeting.object()),
    }
}

/// The meeting of a chat, as its menu and call view show it.
pub async fn info(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<MeetingInfo> {
    let meeting = meeting_for(state, actor, chat).await?;
    // The call may run on another node (#17).
    let running = crate::server::cluster::calls::running(state, &meeting.chat.id).await;
    Ok(info_of(actor, &meeting, running))
}

/// R3, R4: a conference or webinar with me as organiser. A retry with the
/// same key returns the meeting the first attempt made.
pub async fn create(state: &AppState, actor: &Actor, new: NewMeeting) -> ServiceResult<ChatSummary> {
    let new = new.normalized(&actor.id);
    let room = record("room", &new.room)?;
    if !may(actor, Action::CreateMeeting, Object::Room { id: &new.room }) {
        return Err(if actor.rooms.contains(&new.room) { ServiceError::from(Problem::Forbidden) } else { ServiceError::not_found(Thing::Room) });
    }
    let kind = crate::server::chats::rooms::kind(state, &new.room).await?;
    if !matches!(kind, RoomKind::Conference | RoomKind::Webinar) {
        return Err(Problem::MeetingRoomRequired.into());
    }
    if let Some(problem) = new.problem(now_ms()) {
        return Err(problem.into());
    }
    let request = request(&actor.id, &new.key)?;
    if let Some(chat) = made_before(state, &request).await? {
        return earlier(state, actor, &chat, &new.room).await;
    }
    let staff = crate::server::people::auth::enabled_staff(state).await?;
    if new.participants.iter().any(|p| !staff.iter().any(|s| &s.actor.id == p)) {
        return Err(ServiceError::not_found(Thing::Employee));
    }
    let mut people = new.participants.clone();
    people.push(actor.id.clone());
    let defaults = MeetingSettings::defaults(kind);
    let created = state
        .db
        .query(
            "BEGIN;
             CREATE $request SET chat = $chat, at_ms = $now;
             CREATE $chat SET room = $room, source = source:workspace, topic = $topic, participants = $people,
                status = (SELECT VALUE id FROM chat_status WHERE is_default = true LIMIT 1)[0],
                created_ms = $now, last_seq = 0, deleted = false, rev = 1;
             CREATE $meeting SET chat = $chat, code = $code, organiser = $me, starts_ms = $starts,
                lobby = $lobby, max_participants = $max, who_starts = 'participants', presenters = [];
             COMMIT;",
        )
        .bind(("request", request.id.clone()))
        .bind(("chat", record("chat", &request.chat)?))
        .bind(("meeting", record("meeting", &request.chat)?))
        .bind(("room", room))
        .bind(("topic", new.topic.clone()))
        .bind(("people", records("employee", &people)?))
        .bind(("me", record("employee", &actor.id)?))
        .bind(("now", now_ms()))
        .bind(("code", new_code()))
        .bind(("starts", new.starts_ms))
        .bind(("lobby", defaults.lobby))
        .bind(("max", defaults.max_participants as i64))
        .await?
        .check();
    // Two clicks racing with one key: the other one made it.
    if !made_now(created).context("create meeting", Some(&new.key))? {
        let chat = made_before(state, &request).await?.ok_or_else(|| ServiceError::internal("create meeting: request without a chat", Some(&new.key)))?;
        return earlier(state, actor, &chat, &new.room).await;
    }
    let made = summary(state, &request.chat).await?.ok_or_else(|| ServiceError::internal("create meeting: not found after creating", Some(&request.chat)))?;
    let what = if kind == RoomKind::Webinar { HistoryAction::WebinarCreated } else { HistoryAction::ConferenceCreated };
    event(state, actor, &made, what, Some(new.topic.clone())).await?;
    Ok(made)
}

/// C4: saves a meeting's settings (its organiser or «Управление встречами»).
pub async fn save_settings(state: &AppState, actor: &Actor, chat: &str, settings: MeetingSettings) -> ServiceResult<MeetingInfo> {
    let meeting = meeting_for(state, actor, chat).await?;
    require(actor, Action::ManageMeeting, meeting.object())?;
    if let Some(problem) = settings.problem(meeting.chat.room_kind) {
        return Err(problem.into());
    }
    let mut presenters = settings.presenters.clone();
    presenters.sort();
    presenters.dedup();
    if presenters.iter().any(|p| !meeting.chat.participants.iter().any(|m| &m.id == p)) {
        return Err(Problem::PresenterNotParticipant.into());
    }
    let who = match settings.who_starts {
        WhoStarts::Organiser => "organiser",
        WhoStarts::Participants => "participants",
    };
    state
        .db
        .query(
            "UPSERT $meeting SET chat = $chat, lobby = $lobby, max_participants = $max, who_starts = $who,
                presenters = $presenters, organiser = organiser ?? $me",
        )
        .bind(("meeting", record("meeting", chat)?))
        .bind(("chat", record("chat", chat)?))
        .bind(("lobby", settings.lobby))
        .bind(("max", settings.max_participants as i64))
        .bind(("who", who))
        .bind(("presenters", records("employee", &presenters)?))
        .bind(("me", record("employee", &actor.id)?))
        .await?
        .check()?;
    event(state, actor, &meeting.chat, HistoryAction::MeetingSettingsChanged, None).await?;
    info(state, actor, chat).await
}

/// C13: the meeting's ID, made on first use (conferences and webinars only).
pub async fn link_code(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<String> {
    let meeting = meeting_for(state, actor, chat).await?;
    if meeting.chat.room_kind == RoomKind::Internal {
        return Err(Problem::NoMeetingLink.into());
    }
    if let Some(code) = meeting.code {
        return Ok(code);
    }
    let code = new_code();
    state
        .db
        // A meeting stored for the first time keeps the settings it was shown with.
        .query("UPSERT $meeting SET chat = $chat, code = code ?? $code, max_participants = max_participants ?? $max, lobby = lobby ?? $lobby")
        .bind(("meeting", record("meeting", chat)?))
        .bind(("chat", record("chat", chat)?))
        .bind(("code", code))
        .bind(("max", meeting.settings.max_participants as i64))
        .bind(("lobby", meeting.settings.lobby))
        .await?
        .check()?;
    let again = load(state, meeting.chat).await?;
    again.code.ok_or_else(|| ServiceError::internal("meeting link: no code after storing one", Some(chat)))
}

/// How an employee joins the chat's call.
pub async fn employee_ticket(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<Ticket> {
    let meeting = meeting_for(state, actor, chat).await?;
    require(actor, Action::JoinCall, meeting.object())?;
    refuse_ended(&meeting.chat)?;
    let peer_id = new_peer_id();
    Ok(Ticket {
        chat: chat.to_string(),
        peer: Peer { id: peer_id.clone(), name: actor.name.clone(), presenter: meeting.presents(Some(&actor.id)), guest: false },
        employee: Some(actor.id.clone()),
        // The socket's caller adds the session it was opened with.
        session: None,
        pass: None,
        lobby: false,
        may_admit: may(actor, Action::ManageMeeting, meeting.object()),
        may_start: may(actor, Action::StartCall, meeting.object()),
        max_participants: meeting.settings.max_participants,
        ice: ice::servers(&peer_id),
    })
}

/// A guest gives their name on the meeting link and gets a pass to its call.
pub async fn guest_pass(state: &AppState, code: &str, name: &str) -> ServiceResult<GuestPass> {
    guest_pass_from(state, None, code, name).await
}

/// [`guest_pass`] from a known address: one that tried too many wrong
/// meeting IDs waits (as for sign-ins), so IDs cannot be guessed in bulk,
/// and an address gets only so many passes and lookups a minute
/// (`server::limits`).
pub async fn guest_pass_from(state: &AppState, address: Option<IpAddr>, code: &str, name: &str) -> ServiceResult<GuestPass> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Problem::GuestNameMissing.into());
    }
    if name.chars().count() > GUEST_NAME_MAX_CHARS {
        return Err(Problem::NameTooLong { max: GUEST_NAME_MAX_CHARS }.into());
    }
    state.limits.guest_pass(address)?;
    let meeting = meeting_by_code_from(state, address, code).await?;
    refuse_ended(&meeting.chat)?;
    if is_employee_name(state, name).await? {
        return Err(Problem::GuestNameTaken.into());
    }
    let token = new_token();
    let hash = crate::server::people::auth::token_hash(&token);
    state.calls.add_guest(&hash, &meeting.chat.id, name);
    // The guest's call socket may reach another node (#17).
    crate::server::cluster::calls::share_guest(state, &hash, &meeting.chat.id, name).await;
    Ok(GuestPass {
        token,
        chat: meeting.chat.id.clone(),
        topic: meeting.chat.topic.clone().unwrap_or_default(),
        kind: meeting.chat.room_kind,
        name: name.to_string(),
    })
}

/// Whether `name` is an employee's name (case and spacing aside): a guest
/// may not pass for a colleague.
async fn is_employee_name(state: &AppState, name: &str) -> ServiceResult<bool> {
    let normal = |n: &str| n.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let wanted = normal(name);
    let mut response = state.db.query("SELECT VALUE name FROM employee").await?;
    let names = rows::<Option<String>>(&mut response, 0)?;
    Ok(names.iter().flatten().any(|n| normal(n) == wanted))
}

/// How a guest with `token` joins: never a presenter of a webinar, and
/// through the lobby when the meeting has one.
pub async fn guest_ticket(state: &AppState, token: &str) -> ServiceResult<Ticket> {
    let hash = crate::server::people::auth::token_hash(token);
    let guest = match state.calls.guest(&hash) {
        Some(guest) => guest,
        None => crate::server::cluster::calls::shared_guest(state, &hash).await.ok_or(Problem::SignInRequired)?,
    };
    let chat = summary(state, &guest.chat).await?.ok_or(ServiceError::not_found(Thing::Chat))?;
    if chat.deleted {
        return Err(Problem::MeetingDeleted.into());
    }
    refuse_ended(&chat)?;
    let meeting = load(state, chat).await?;
    let peer_id = new_peer_id();
    Ok(Ticket {
        chat: guest.chat,
        peer: Peer { id: peer_id.clone(), name: guest.name, presenter: meeting.chat.room_kind == RoomKind::Conference, guest: true },
        employee: None,
        session: None,
        pass: Some(crate::server::people::auth::token_hash(token)),
        lobby: meeting.settings.lobby,
        may_admit: false,
        may_start: false,
        max_participants: meeting.settings.max_participants,
        ice: ice::servers(&peer_id),
    })
}

/// The meeting page's heading for a link, before the guest gives a name.
pub async fn topic_by_code(state: &AppState, address: Option<IpAddr>, code: &str) -> ServiceResult<(String, RoomKind)> {
    let meeting = meeting_by_code_from(state, address, code).await?;
    Ok((meeting.chat.topic.clone().unwrap_or_default(), meeting.chat.room_kind))
}

async fn meeting_by_code_from(state: &AppState, address: Option<IpAddr>, code: &str) -> ServiceResult<Meeting> {
    state.limits.meeting_lookup(address)?;
    let Some(address) = address else { return meeting_by_code(state, code).await };
    let wait = state.meeting_codes.wait_secs(address, now_ms());
    if wait > 0 {
        return Err(Problem::TooManyAttempts { retry_secs: wait }.into());
    }
    let found = meeting_by_code(state, code).await;
    if matches!(found, Err(ServiceError::Refused(Problem::NotFound { .. }))) {
        state.meeting_codes.record_failure(address, now_ms());
        state.bus.publish(crate::server::cluster::bus::BusEvent::MeetingCodeWrong { address });
    }
    found
}

async fn meeting_by_code(state: &AppState, code: &str) -> ServiceResult<Meeting> {
    let code: String = code.chars().filter(|c| c.is_ascii_digit()).collect();
    if code.is_empty() || code.len() > 12 {
        return Err(ServiceError::not_found(Thing::Meeting));
    }
    let mut response = state.db.query("SELECT VALUE chat FROM meeting WHERE code = $code LIMIT 1").bind(("code", code)).await?;
    let chat = first::<RecordId>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::Meeting))?;
    let chat = summary(state, &key(&chat)).await?.ok_or(ServiceError::not_found(Thing::Meeting))?;
    if chat.deleted || chat.room_kind == RoomKind::Internal {
        return Err(ServiceError::not_found(Thing::Meeting));
    }
    load(state, chat).await
}

/// A meeting ID: ten random digits (a guess hits one meeting in 10¹⁰, and
/// guests still wait in the lobby by default).
fn new_code() -> String {
    new_digits(10)
}

fn new_peer_id() -> String {
    format!("p{}", &new_token()[..12])
}

/// The calls running now in chats the actor may see.
pub async fn running_calls(state: &AppState, actor: &Actor) -> ServiceResult<Vec<crate::model::live::RunningCall>> {
    let mut running = Vec::new();
    for call in crate::server::cluster::calls::running_calls(state).await {
        let Some(summary) = summary(state, &call.chat).await? else { continue };
        if may(actor, Action::View, Object::Chat(&summary)) {
            running.push(call);
        }
    }
    Ok(running)
}

/// «Отклонить» on a ringing call (#15): the employee's devices that ring for
/// it by push stop ringing. Only for a chat they may see.
pub async fn decline(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<()> {
    crate::server::chats::summary::accessible(state, actor, chat, Action::View).await?;
    crate::server::push::triggers::on_call_over(state, chat, Some(&actor.id));
    Ok(())
}

/// Closes the call connections that may no longer be open: in `chat` (or in
/// every call), those of a meeting that ended or was deleted, and those of
/// employees whose session ended or who may no longer join (removed from
/// the chat, rights changed). Called when a chat or rights change.
pub async fn recheck_calls(state: &AppState, chat: Option<&str>) {
    let chats: Vec<String> = match chat {
        Some(chat) if state.calls.has_connections(chat) => vec![chat.to_string()],
        Some(_) => return,
        None => state.calls.chats(),
    };
    for chat in &chats {
        let ended = match summary(state, chat).await {
            Ok(None) => Some(Problem::MeetingDeleted),
            Ok(Some(summary)) if summary.deleted => Some(Problem::MeetingDeleted),
            Ok(Some(summary)) => refuse_ended(&summary).err().map(|e| e.problem()),
            Err(error) => {
                tracing::warn!("re-checking the call in {chat}: {error}");
                None
            }
        };
        if let Some(problem) = ended {
            end_call(state, chat, problem);
        }
    }
    for connection in state.calls.employee_connections(chat) {
        let actor = match &connection.session {
            Some(hash) => crate::server::people::auth::actor_for_session_hash(state, hash).await.ok(),
            None => crate::server::people::auth::actor_for_employee(state, &connection.employee).await.ok().flatten(),
        };
        let problem = match actor {
            None => Some(Problem::CallSessionEnded),
            Some(actor) => match employee_ticket(state, &actor, &connection.chat).await {
                Ok(_) => None,
                Err(ServiceError::Refused(problem @ (Problem::MeetingEnded | Problem::MeetingDeleted))) => Some(problem),
                Err(ServiceError::Refused(_)) => Some(Problem::CallAccessLost),
                // A database hiccup is no reason to drop someone from a call.
                Err(error) => {
                    tracing::warn!("re-checking {} in the call in {}: {error}", connection.employee, connection.chat);
                    None
                }
            },
        };
        if let Some(problem) = problem {
            state.calls.close(Whose::Peer { chat: &connection.chat, peer: &connection.peer }, problem);
        }
    }
}

/// The meeting in `chat` ended or was deleted: everyone in its call and
/// lobby is let go, and its guest passes are dropped.
pub fn end_call(state: &AppState, chat: &str, problem: Problem) {
    state.calls.close(Whose::Meeting(chat), problem);
    state.calls.forget_guests_of(chat);
    crate::server::cluster::calls::forget_guests_of(state, chat);
}
