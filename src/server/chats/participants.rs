//! Operators and participants of a chat (C5, C8, C9): who takes part, who
//! can be added (several at once), adding and removing. Taking part lets an
//! employee see a chat beyond their rooms and topics (`rights::may`).

use std::collections::HashSet;

use crate::server::people::auth::{enabled_staff, StaffMember};
use crate::server::chats::events::{event, HistoryAction};
use crate::server::chats::summary::accessible;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::record;
use crate::server::rights::{Action, Actor};
use crate::server::state::AppState;
use crate::model::chat::ChatSummary;
use crate::model::employee::{Assignee, EmployeeRef};
use crate::model::problem::{Problem, Thing};

/// The most employees one call adds.
pub const MAX_ADD: usize = 50;

/// An employee as the pickers show them, with whether their Chats window is open.
pub fn assignee(person: StaffMember, online: &HashSet<String>) -> Assignee {
    let is_online = online.contains(&person.actor.id);
    Assignee { id: person.actor.id, name: person.actor.name, email: person.email, is_bot: person.is_bot, active: person.active, online: is_online }
}

/// The chat's participants, with whose Chats window is open now.
pub async fn participants(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<Vec<Assignee>> {
    let summary = accessible(state, actor, chat, Action::View).await?;
    picked(state, &summary, true).await
}

/// Enabled employees who do not take part yet: people first, bots last.
pub async fn operator_candidates(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<Vec<Assignee>> {
    let summary = accessible(state, actor, chat, Action::Write).await?;
    picked(state, &summary, false).await
}

/// Enabled employees who take part in the chat (or, with `taking_part`
/// false, who do not), with whose Chats window is open now.
async fn picked(state: &AppState, summary: &ChatSummary, taking_part: bool) -> ServiceResult<Vec<Assignee>> {
    let ids: HashSet<&str> = summary.participants.iter().map(|p| p.id.as_str()).collect();
    let viewers = crate::server::cluster::presence::online(state).await;
    Ok(enabled_staff(state)
        .await?
        .into_iter()
        .filter(|person| ids.contains(person.actor.id.as_str()) == taking_part)
        .map(|person| assignee(person, &viewers))
        .collect())
}

/// C8 «Добавить оператора» / C9 «Добавить участника»: several at once.
/// Unknown or disabled employees are refused by name and nothing is added.
pub async fn add(state: &AppState, actor: &Actor, chat: &str, employees: &[String]) -> ServiceResult<()> {
    let summary = accessible(state, actor, chat, Action::Write).await?;
    if employees.is_empty() {
        return Err(Problem::NobodyChosen.into());
    }
    if employees.len() > MAX_ADD {
        return Err(Problem::TooManyAtOnce { max: MAX_ADD }.into());
    }
    let staff = enabled_staff(state).await?;
    let mut names = Vec::new();
    let mut ids = Vec::new();
    for key in employees {
        let person = &staff.iter().find(|p| &p.actor.id == key).ok_or(ServiceError::not_found(Thing::Employee))?.actor;
        if summary.participants.iter().any(|p| &p.id == key) || ids.contains(&record("employee", key)?) {
            continue;
        }
        ids.push(record("employee", key)?);
        names.push(person.name.clone());
    }
    if ids.is_empty() {
        return Ok(());
    }
    state
        .db
        .query("UPDATE $chat SET participants = array::union(participants, $ids), rev += 1")
        .bind(("chat", record("chat", chat)?))
        .bind(("ids", ids))
        .await?
        .check()?;
    event(state, actor, &summary, HistoryAction::ParticipantsAdded, Some(names.join(", "))).await
}

/// Removes a participant. The responsible person stays until another is
/// assigned; an internal chat keeps at least one participant.
pub async fn remove(state: &AppState, actor: &Actor, chat: &str, employee: &str) -> ServiceResult<()> {
    let summary = accessible(state, actor, chat, Action::Write).await?;
    let person = summary.participants.iter().find(|p| p.id == employee).ok_or(Problem::NotInChat)?;
    if summary.responsible.as_ref().is_some_and(|r| r.id == employee) {
        return Err(Problem::ResponsibleCannotBeRemoved.into());
    }
    if summary.participants.len() == 1 && summary.responsible.is_none() && summary.user.is_none() {
        return Err(Problem::LastParticipant.into());
    }
    let name = person.name.clone();
    state
        .db
        .query("UPDATE $chat SET participants -= $employee, rev += 1")
        .bind(("chat", record("chat", chat)?))
        .bind(("employee", record("employee", employee)?))
        .await?
        .check()?;
    crate::server::meetings::meeting::recheck_calls(state, Some(chat)).await;
    event(state, actor, &summary, HistoryAction::ParticipantRemoved, Some(name)).await
}

/// Enabled employees by name (people first), for the filter's «Ответственный».
pub async fn colleagues(state: &AppState) -> ServiceResult<Vec<EmployeeRef>> {
    Ok(enabled_staff(state).await?.into_iter().map(|p| EmployeeRef { id: p.actor.id, name: p.actor.name }).collect())
}
