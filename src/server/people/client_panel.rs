//! The client panel (C1, S4): what the widget reports about the visitor's
//! page, and the panel of a chat with only the parts its room shows. A page
//! change bumps the visitor's chats so open panels reload live.

use surrealdb::types::SurrealValue;

use crate::server::people::blocks::active_block;
use crate::server::chats::summary::accessible;
use crate::server::clock::now_ms;
use crate::server::store::db::first;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::record;
use crate::server::rights::{Action, Actor};
use crate::server::state::AppState;
use crate::server::people::users::{client_of, panel_field_entries};
use crate::server::people::visitors::{authenticate, Visitor};
use crate::model::directory::FieldOwner;
use crate::model::client_panel::{utm_tags, ClientPanel, CurrentPage, FieldValue, PageReport};
use crate::model::problem::Thing;

/// The widget's loader says which page the visitor is on now.
pub async fn report_page(state: &AppState, token: &str, report: PageReport) -> ServiceResult<()> {
    report_page_as(state, &authenticate(state, token).await?, report).await
}

/// [`report_page_as`] from a known address, within the page-report limits.
pub async fn report_page_from(state: &AppState, address: Option<std::net::IpAddr>, visitor: &Visitor, report: PageReport) -> ServiceResult<()> {
    state.limits.page_report(address, &visitor.user)?;
    report_page_as(state, visitor, report).await
}

/// [`report_page`] for an authenticated visitor.
pub async fn report_page_as(state: &AppState, visitor: &Visitor, report: PageReport) -> ServiceResult<()> {
    if let Some(problem) = report.problem() {
        return Err(problem.into());
    }
    let utm: Vec<String> = utm_tags(&report.url).into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    // The same page again changes nothing and wakes nobody.
    state
        .db
        .query(
            "LET $same = (SELECT VALUE page_url FROM ONLY $user) = $url;
             IF !$same {
                 UPDATE $user SET page_url = $url, page_title = $title, page_at_ms = $now, location = $location,
                     utm = IF array::len($utm) > 0 { $utm } ELSE { utm };
                 UPDATE chat SET rev += 1 WHERE user = $user;
                 CREATE chat_event SET chat = ((SELECT VALUE record::id(id) FROM chat WHERE user = $user ORDER BY created_ms DESC LIMIT 1)[0] ?? ''),
                     user = $user, actor = NONE, actor_name = $name, action = 'page_visited', detail = $url, at_ms = $now;
             };",
        )
        .bind(("name", visitor.name.clone()))
        .bind(("user", record("user", &visitor.user)?))
        .bind(("url", report.url.clone()))
        .bind(("title", report.title.trim().to_string()))
        .bind(("location", report.location()))
        .bind(("utm", utm))
        .bind(("now", now_ms()))
        .await?
        .check()?;
    Ok(())
}

#[derive(SurrealValue)]
struct PanelRow {
    panel_fields: Option<Vec<String>>,
    page_url: Option<String>,
    page_title: Option<String>,
    page_at_ms: Option<i64>,
    location: Option<String>,
    #[surreal(default)]
    utm: Option<Vec<String>>,
    email: Option<String>,
}

/// The panel of a client chat the actor may see.
pub async fn panel(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<ClientPanel> {
    let summary = accessible(state, actor, chat, Action::View).await?;
    let Some(user) = summary.user.clone() else {
        return Ok(ClientPanel::default());
    };
    let mut response = state
        .db
        .query(
            "SELECT $room.panel_fields AS panel_fields, page_url, page_title, page_at_ms, location, utm, email FROM $user;",
        )
        .bind(("room", record("room", &summary.room)?))
        .bind(("user", record("user", &user)?))
        .await?;
    let row = first::<PanelRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::User))?;
    let shown = row.panel_fields.unwrap_or_default();
    // Only the parts the room shows leave the server.
    let shows = |part: &str| shown.iter().any(|s| s == part);
    let mut fields = Vec::new();
    if shows("fields") {
        fields = panel_field_entries(state, FieldOwner::User, &user).await?;
        // The client's fields follow the user's own, when the user is merged into one.
        if let Some(client) = client_of(state, &user).await? {
            fields.extend(panel_field_entries(state, FieldOwner::Client, &client).await?);
        }
    }
    let page = match (row.page_url, row.page_at_ms) {
        (Some(url), Some(at_ms)) if shows("page") => Some(CurrentPage { url, title: row.page_title.unwrap_or_default(), at_ms }),
        _ => None,
    };
    let utm = match row.utm {
        Some(tags) if shows("utm") => tags.iter().filter_map(|t| t.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        _ => Vec::new(),
    };
    Ok(ClientPanel {
        client_name: summary.client_name.clone(),
        responsible: summary.responsible.as_ref().filter(|_| shows("responsible")).map(|r| r.name.clone()),
        location: row.location.filter(|_| shows("location")),
        page,
        utm,
        fields: fields.into_iter().map(|f| FieldValue { name: f.name, value: f.value }).collect(),
        block: active_block(state, &user).await?,
        // The address the offline form asked for (#14): always shown, it is how to answer.
        email: row.email,
        shown,
    })
}
