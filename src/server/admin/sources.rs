//! Sources of a client room (S1, S2): the website widget exists with the room;
//! the e-mail mailbox is configured here, and `server::channels::email`
//! reads and answers it (#16). The password is stored encrypted.

use surrealdb::types::{RecordId, SurrealValue};
use serde_json::json;

use crate::server::admin::audit;
use crate::server::store::db::{exists, first, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::store::records::{key, record};
use crate::server::rights::{administer, Actor};
use crate::server::state::AppState;
use crate::model::problem::{Problem, Thing};
use crate::model::room::RoomKind;
use crate::model::settings::{check_email_source, AuditAction, EmailSource};

#[derive(SurrealValue)]
struct EmailRow {
    room: RecordId,
    address: String,
    imap_host: String,
    imap_port: i64,
    smtp_host: String,
    smtp_port: i64,
    login: String,
    has_password: bool,
    enabled: Option<bool>,
}

/// Every configured mailbox; passwords stay on the server.
pub async fn email_sources(state: &AppState, actor: &Actor) -> ServiceResult<Vec<EmailSource>> {
    administer(actor)?;
    let mut response = state
        .db
        .query("SELECT room, address, imap_host, imap_port, smtp_host, smtp_port, login, password != '' AS has_password, enabled FROM email_source ORDER BY address")
        .await?;
    Ok(rows::<EmailRow>(&mut response, 0)?
        .into_iter()
        .map(|r| EmailSource {
            room: key(&r.room),
            address: r.address,
            imap_host: r.imap_host,
            imap_port: r.imap_port,
            smtp_host: r.smtp_host,
            smtp_port: r.smtp_port,
            login: r.login,
            password: String::new(),
            has_password: r.has_password,
            enabled: r.enabled.unwrap_or(true),
            health: state.channels.health(&key(&r.room)),
        })
        .collect())
}

/// Saves the mailbox of a client room. An empty password keeps the stored one.
pub async fn save_email_source(state: &AppState, actor: &Actor, source: EmailSource) -> ServiceResult<()> {
    administer(actor)?;
    check_email_source(&source)?;
    let room = record("room", &source.room)?;
    let mut response = state.db.query("SELECT VALUE kind FROM $room").bind(("room", room.clone())).await?;
    match first::<String>(&mut response, 0)?.as_deref().and_then(RoomKind::parse) {
        Some(RoomKind::Client) => {}
        Some(_) => return Err(Problem::EmailOnlyInClientRooms.into()),
        None => return Err(ServiceError::not_found(Thing::Room)),
    }
    let old = email_sources(state, actor).await?.into_iter().find(|s| s.room == source.room);
    if old.as_ref().is_none_or(|o| !o.has_password) && source.password.is_empty() {
        return Err(Problem::MailboxPasswordMissing.into());
    }
    let address = source.address.trim().to_lowercase();
    let mut response = state
        .db
        .query("SELECT VALUE room FROM email_source WHERE address = $address AND room != $room")
        .bind(("address", address.clone()))
        .bind(("room", room.clone()))
        .await?;
    if exists(&mut response, 0)? {
        return Err(Problem::MailboxTaken.into());
    }
    // An empty password keeps the stored one.
    let sql = if source.password.is_empty() {
        "BEGIN;
         UPSERT $mailbox SET room = $room, address = $address, imap_host = $imap_host, imap_port = $imap_port,
             smtp_host = $smtp_host, smtp_port = $smtp_port, login = $login, enabled = $enabled;
         UPSERT $source SET kind = 'email', name = $address, room = $room;
         COMMIT;"
    } else {
        "BEGIN;
         UPSERT $mailbox SET room = $room, address = $address, imap_host = $imap_host, imap_port = $imap_port,
             smtp_host = $smtp_host, smtp_port = $smtp_port, login = $login, password = $password, enabled = $enabled;
         UPSERT $source SET kind = 'email', name = $address, room = $room;
         COMMIT;"
    };
    state
        .db
        .query(sql)
        .bind(("mailbox", record("email_source", &source.room)?))
        .bind(("source", record("source", &format!("{}_email", source.room))?))
        .bind(("room", room))
        .bind(("address", address.clone()))
        .bind(("imap_host", source.imap_host.trim().to_lowercase()))
        .bind(("imap_port", source.imap_port))
        .bind(("smtp_host", source.smtp_host.trim().to_lowercase()))
        .bind(("smtp_port", source.smtp_port))
        .bind(("login", source.login.trim().to_string()))
        // Encrypted with the server's key (#16); never logged or audited.
        .bind(("password", state.channels.secrets.seal(&source.password)))
        .bind(("enabled", source.enabled))
        .await?
        .check()?;
    // The password is never logged.
    let describe = |s: &EmailSource| json!({ "address": s.address, "imap": format!("{}:{}", s.imap_host, s.imap_port), "smtp": format!("{}:{}", s.smtp_host, s.smtp_port), "login": s.login, "enabled": s.enabled });
    // The reader picks up the new settings (or stops) now.
    state.channels.settings_changed();
    let new = EmailSource { address, ..source };
    audit::write(state, actor, AuditAction::MailSource, &new.room, old.as_ref().map(describe), Some(describe(&new))).await
}
