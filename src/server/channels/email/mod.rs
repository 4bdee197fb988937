//! The e-mail source (S2, #16): a client room's mailbox, read over IMAP and
//! answered over SMTP, its mail in the same lists as the widget's chats.

pub mod connect;
pub mod parse;
pub mod reader;
pub mod receive;
pub mod send;

use surrealdb::types::{RecordId, SurrealValue};

use crate::model::channel::{ConnectionStep, Delivery};
use crate::model::problem::{Problem, Thing};
use crate::server::chats::summary::accessible;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::rights::{administer, Action, Actor};
use crate::server::state::AppState;
use crate::server::store::db::{first, rows};
use crate::server::store::records::{key, record};
use connect::Mailbox;

#[derive(SurrealValue)]
struct MailboxRow {
    room: RecordId,
    room_name: String,
    address: String,
    imap_host: String,
    imap_port: i64,
    smtp_host: String,
    smtp_port: i64,
    login: String,
    password: String,
}

impl MailboxRow {
    fn into_mailbox(self, state: &AppState) -> Option<Mailbox> {
        let Some(password) = state.channels.secrets.open(&self.password) else {
            tracing::warn!("mailbox {}: its password was saved under another key (SECRETS_KEY); enter it again in settings", self.address);
            return None;
        };
        Some(Mailbox {
            room: key(&self.room),
            room_name: self.room_name,
            address: self.address,
            imap_host: self.imap_host,
            imap_port: u16::try_from(self.imap_port).ok()?,
            smtp_host: self.smtp_host,
            smtp_port: u16::try_from(self.smtp_port).ok()?,
            login: self.login,
            password,
        })
    }
}

macro_rules! mailbox_fields {
    () => {
        "room, room.name AS room_name, address, imap_host, imap_port, smtp_host, smtp_port, login, password"
    };
}

/// Every switched-on mailbox whose password opens.
pub async fn mailboxes(state: &AppState) -> ServiceResult<Vec<Mailbox>> {
    let mut response = state.db.query(concat!("SELECT ", mailbox_fields!(), " FROM email_source WHERE enabled != false AND room.deleted != true")).await?;
    Ok(rows::<MailboxRow>(&mut response, 0)?.into_iter().filter_map(|row| row.into_mailbox(state)).collect())
}

/// A room's mailbox, if it is switched on.
pub async fn mailbox(state: &AppState, room: &str) -> ServiceResult<Option<Mailbox>> {
    let mut response = state
        .db
        .query(concat!("SELECT ", mailbox_fields!(), " FROM email_source WHERE room = $room AND enabled != false LIMIT 1"))
        .bind(("room", record("room", room)?))
        .await?;
    Ok(first::<MailboxRow>(&mut response, 0)?.and_then(|row| row.into_mailbox(state)))
}

/// «Проверить подключение»: logs in to the room's IMAP and SMTP servers with
/// the stored settings and says what each answered.
pub async fn check_connection(state: &AppState, actor: &Actor, room: &str) -> ServiceResult<Vec<ConnectionStep>> {
    administer(actor)?;
    let mut response = state
        .db
        .query(concat!("SELECT ", mailbox_fields!(), " FROM email_source WHERE room = $room LIMIT 1"))
        .bind(("room", record("room", room)?))
        .await?;
    let row = first::<MailboxRow>(&mut response, 0)?.ok_or(Problem::MailboxPasswordMissing)?;
    let mailbox = row.into_mailbox(state).ok_or(Problem::MailboxPasswordMissing)?;
    let imap = match connect::imap_login(&mailbox).await {
        Ok(mut session) => {
            let _ = session.logout().await;
            Ok(())
        }
        Err(error) => Err(error),
    };
    let smtp = connect::smtp_check(&mailbox).await;
    Ok([("imap", imap), ("smtp", smtp)]
        .into_iter()
        .map(|(server, result)| ConnectionStep { server: server.into(), ok: result.is_ok(), detail: result.err().unwrap_or_default() })
        .collect())
}

#[derive(SurrealValue)]
struct ResendRow {
    id: RecordId,
    delivery: Option<String>,
}

/// «Отправить снова»: a failed answer goes back into the queue, with its
/// own Message-ID (a client who did get it sees it once).
pub async fn resend(state: &AppState, actor: &Actor, chat: &str, seq: i64) -> ServiceResult<()> {
    accessible(state, actor, chat, Action::Write).await?;
    let mut response = state
        .db
        .query("SELECT id, delivery FROM message WHERE chat = $chat AND seq = $seq LIMIT 1")
        .bind(("chat", record("chat", chat)?))
        .bind(("seq", seq))
        .await?;
    let row = first::<ResendRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::Message))?;
    match Delivery::from_parts(row.delivery.as_deref(), None, None) {
        Some(Delivery::Failed { .. }) | Some(Delivery::Queued { .. }) => {}
        _ => return Err(Problem::NothingToResend.into()),
    }
    state
        .db
        .query("UPDATE $message SET delivery = 'queued', delivery_attempts = 0, delivery_error = NONE, delivery_next_ms = NONE WHERE delivery IN ['failed', 'queued']")
        .bind(("message", row.id))
        .await?
        .check()?;
    state.channels.outbound.notify_one();
    Ok(())
}
