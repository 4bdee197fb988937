//! Reading the mailboxes (#16): one task per switched-on mailbox logs in to
//! IMAP, reads what arrived since the last UID it stored, then waits with
//! IDLE (or polls a server without it). A failed server is retried with a
//! growing pause; settings show the state. The position (UIDVALIDITY and
//! the last UID) is stored after each mail, so no mail is lost or read
//! twice across an outage or a restart.

use std::time::Duration;

use futures::TryStreamExt as _;
use surrealdb::types::SurrealValue;

use crate::model::channel::SourceHealth;
use crate::server::channels::email::connect::{imap_error, imap_login, ImapSession, Mailbox};
use crate::server::channels::email::receive::receive;
use crate::server::clock::now_ms;
use crate::server::state::AppState;
use crate::server::store::db::first;
use crate::server::store::records::record;

/// How long one IDLE lasts before it is renewed (servers drop it at 30 min).
const IDLE_FOR: Duration = Duration::from_secs(5 * 60);
/// How often a server without IDLE is asked for new mail.
const POLL_EVERY: Duration = Duration::from_secs(30);

/// The pause after `failures` failed connections in a row: 2 s, 4 s … 5 min.
pub fn retry_pause(failures: u32) -> Duration {
    Duration::from_secs((2u64 << failures.min(10)).min(300))
}

impl crate::server::channels::supervisor::Source for Mailbox {
    fn room(&self) -> &str {
        &self.room
    }

    fn health_key(&self) -> String {
        self.room.clone()
    }
}

/// Keeps one reader running per switched-on mailbox.
pub fn spawn_supervisor(state: AppState) {
    // One node reads a mailbox: the one holding its lease (#17).
    let run = |state: AppState, mailbox: Mailbox| async move {
        let job = ["mailbox_", &mailbox.room].concat();
        crate::server::cluster::lease::while_held(&state.clone(), &job, read_forever(state, mailbox)).await
    };
    crate::server::channels::supervisor::supervise(state, "mailboxes", |state| async move { super::mailboxes(&state).await }, run);
}

async fn read_forever(state: AppState, mailbox: Mailbox) {
    let mut failures = 0u32;
    let mut failing_since = None;
    loop {
        let error = read_session(&state, &mailbox, &mut failures).await;
        // A session that logged in reset `failures`: this outage starts now.
        if failures == 0 {
            failing_since = None;
        }
        failures += 1;
        let since = *failing_since.get_or_insert_with(now_ms);
        tracing::info!("mailbox {}: {error}; next try in {} s", mailbox.address, retry_pause(failures).as_secs());
        state.channels.set_health(&mailbox.room, SourceHealth::Retrying { since_ms: since, error });
        tokio::time::sleep(retry_pause(failures)).await;
    }
}

/// One connection's life; returns why it ended.
async fn read_session(state: &AppState, mailbox: &Mailbox, failures: &mut u32) -> String {
    let mut session = match imap_login(mailbox).await {
        Ok(session) => session,
        Err(error) => return error,
    };
    *failures = 0;
    state.channels.set_health(&mailbox.room, SourceHealth::Connected { since_ms: now_ms() });
    let idle = match session.capabilities().await {
        Ok(capabilities) => capabilities.has_str("IDLE"),
        Err(error) => return imap_error(error),
    };
    loop {
        if let Err(error) = read_new(state, mailbox, &mut session).await {
            return error;
        }
        if idle {
            let mut handle = session.idle();
            if let Err(error) = handle.init().await {
                return imap_error(error);
            }
            let (wait, _stop) = handle.wait_with_timeout(IDLE_FOR);
            if let Err(error) = wait.await {
                return imap_error(error);
            }
            session = match handle.done().await {
                Ok(session) => session,
                Err(error) => return imap_error(error),
            };
        } else {
            tokio::time::sleep(POLL_EVERY).await;
            if let Err(error) = session.noop().await {
                return imap_error(error);
            }
        }
    }
}

#[derive(SurrealValue)]
struct PositionRow {
    uid_validity: Option<i64>,
    last_uid: Option<i64>,
}

/// Reads every mail after the stored position, storing the position after
/// each. A mailbox read for the first time starts with the last day's mail
/// (older mail stays where it is).
async fn read_new(state: &AppState, mailbox: &Mailbox, session: &mut ImapSession) -> Result<(), String> {
    let selected = session.select("INBOX").await.map_err(imap_error)?;
    let validity = selected.uid_validity.map(i64::from);
    let source = record("email_source", &mailbox.room).map_err(|e| e.to_string())?;
    let mut response = state.db.query("SELECT uid_validity, last_uid FROM $source").bind(("source", source.clone())).await.map_err(|e| e.to_string())?;
    let position = first::<PositionRow>(&mut response, 0).map_err(|e| e.to_string())?;
    let last = match position {
        Some(PositionRow { uid_validity, last_uid: Some(last) }) if uid_validity == validity => Some(last),
        // A new mailbox, or one whose UIDs the server renumbered: the
        // Message-ID index keeps mail already read from coming twice.
        _ => None,
    };
    let query = match last {
        Some(last) => ["UID ", &(last + 1).to_string(), ":*"].concat(),
        None => {
            let yesterday = time::OffsetDateTime::now_utc() - time::Duration::days(1);
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][usize::from(u8::from(yesterday.month())) - 1];
            ["SINCE ", &yesterday.day().to_string(), "-", month, "-", &yesterday.year().to_string()].concat()
        }
    };
    let mut uids: Vec<u32> = session.uid_search(&query).await.map_err(imap_error)?.into_iter().filter(|uid| last.is_none_or(|last| i64::from(*uid) > last)).collect();
    uids.sort_unstable();
    if uids.is_empty() && last.is_none() {
        // Nothing recent: start after the newest mail there is.
        let next = selected.uid_next.map(|n| i64::from(n) - 1).unwrap_or(0);
        store_position(state, &source, validity, next).await?;
    }
    for uid in uids {
        let fetched: Vec<_> = session.uid_fetch(uid.to_string(), "(UID BODY.PEEK[])").await.map_err(imap_error)?.try_collect().await.map_err(imap_error)?;
        for fetch in &fetched {
            if let Some(body) = fetch.body() {
                match receive(state, mailbox, body).await {
                    Ok(received) => tracing::debug!("mailbox {} uid {uid}: {received:?}", mailbox.address),
                    // Stored nothing: the position stays, so it is read again.
                    Err(error) => return Err(["storing mail: ", &error.to_string()].concat()),
                }
            }
        }
        store_position(state, &source, validity, i64::from(uid)).await?;
    }
    Ok(())
}

async fn store_position(state: &AppState, source: &surrealdb::types::RecordId, validity: Option<i64>, uid: i64) -> Result<(), String> {
    state
        .db
        .query("UPDATE $source SET uid_validity = $validity, last_uid = $uid")
        .bind(("source", source.clone()))
        .bind(("validity", validity))
        .bind(("uid", uid))
        .await
        .and_then(|r| r.check())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reconnects_back_off_to_five_minutes() {
        assert_eq!(super::retry_pause(0).as_secs(), 2);
        assert_eq!(super::retry_pause(2).as_secs(), 8);
        assert_eq!(super::retry_pause(20).as_secs(), 300);
    }
}
