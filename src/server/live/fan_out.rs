//! The fan-out: one LIVE SELECT per table for the whole server, drained by one
//! task, each change handed to the hub for the connections allowed to see it.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use surrealdb::types::{Action as LiveAction, SurrealValue, Value};
use surrealdb::Notification;

use super::hub::Hub;
use crate::model::chat::ChatSummary;
use crate::server::chats::messages::MessageRow;
use crate::server::chats::summary;
use crate::server::state::AppState;
use crate::server::store::records::key;

/// Starts the server's two live queries and the task that fans them out.
/// If a subscription fails (e.g. a remote database restarted) it is renewed.
pub fn spawn_fan_out(state: AppState) {
    tokio::spawn(async move {
        let mut subscribed_before = false;
        loop {
            if let Err(error) = fan_out(&state, &mut subscribed_before).await {
                tracing::warn!("live fan-out stopped: {error}; resubscribing");
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    });
}

enum Change {
    Chat(Notification<Value>),
    Message(Notification<Value>),
}

/// One subscription's life. Changes made while it was down reach nobody
/// live, so when it is renewed (a database server that restarted), every
/// tab on this node is disconnected and catches up on reconnecting.
async fn fan_out(state: &AppState, subscribed_before: &mut bool) -> Result<(), surrealdb::Error> {
    // The chat subscription projects the summary itself, so a chat change
    // costs no extra query in this single fan-out loop (one query per change
    // made the loop the bottleneck under load).
    // A database server that just restarted takes the client's reconnection
    // before its sign-in: a live query registered then would be anonymous and
    // hear nothing. This needs the session, so it waits for it.
    state.db.query("INFO FOR DB").await?.check()?;
    let chat_stream = state
        .db
        .query(concat!("LIVE SELECT ", summary_fields!(), " FROM chat"))
        .await?
        .stream::<Notification<Value>>(0)?;
    let message_stream = state.db.query("LIVE SELECT * FROM message").await?.stream::<Notification<Value>>(0)?;
    let mut changes = Box::pin(futures::stream::select(
        chat_stream.map(|n| n.map(Change::Chat)),
        message_stream.map(|n| n.map(Change::Message)),
    ));
    // Every chat, read once now that the subscriptions run (a change made
    // meanwhile arrives on the stream too, and the newer copy wins): the
    // chat index then follows the stream (#12), and a burst of messages
    // never re-reads its chat.
    let all = summary::all_summaries(state).await.map_err(|error| surrealdb::Error::internal(error.to_string()))?;
    super::counts::reloaded(state, all);
    if std::mem::replace(subscribed_before, true) {
        let closed = state.hub.close_all();
        tracing::warn!("live fan-out renewed after an outage: {closed} live connections closed to catch up");
    }
    while let Some(change) = changes.next().await {
        match change {
            Ok(Change::Chat(notification)) => {
                let id = match notification.data.get("id") {
                    Value::RecordId(id) => key(id),
                    other => {
                        tracing::warn!("live chat notification without an id, skipped: {other:?}");
                        continue;
                    }
                };
                if notification.action == LiveAction::Delete {
                    super::counts::chat_erased(state, &id);
                    state.hub.publish_chat_gone(&id);
                    crate::server::meetings::meeting::end_call(state, &id, crate::model::problem::Problem::MeetingDeleted);
                    continue;
                }

                let projected = summary::SummaryRow::from_value(notification.data).map(summary::SummaryRow::into_summary);
                let summary = match projected {
                    Ok(summary) => Some(summary),
                    // Not in the projected shape: say so, and read it.
                    Err(error) => {
                        tracing::warn!("live chat {id} did not decode as a summary ({error}); reading it instead");
                        summary::summary(state, &id).await.unwrap_or_else(|error| {
                            tracing::warn!("chat {id} summary failed: {error}");
                            None
                        })
                    }
                };
                if let Some(summary) = summary {
                    // An older copy than the one held (read at start after this
                    // change was made) says nothing new.
                    let Ok(previous) = super::counts::chat_updated(state, summary.clone()) else { continue };
                    // A call in this chat: a new status, room or participants, or its
                    // deletion, may have closed it to some of those in it.
                    let access_changed = previous.as_ref().is_none_or(|p| {
                        p.participants != summary.participants || p.status != summary.status || p.deleted != summary.deleted || p.room != summary.room
                    });
                    if access_changed && state.calls.has_connections(&id) {
                        let (state, id) = (state.clone(), id.clone());
                        tokio::spawn(async move { crate::server::meetings::meeting::recheck_calls(&state, Some(&id)).await });
                    }
                    state.hub.publish_chat(&summary, previous.as_ref(), |employee| state.chat_index.read_seq(employee, &id));
                }
            }
            Ok(Change::Message(notification)) => {
                let created = notification.action == LiveAction::Create;
                if !created && notification.action != LiveAction::Update {
                    continue;
                }
                let row = match MessageRow::from_value(notification.data) {
                    Ok(row) => row,
                    Err(error) => {
                        tracing::error!("live message notification did not decode, skipped: {error}");
                        continue;
                    }
                };
                let message = row.into_message();
                if !created {
                    // An answer's delivery moved (#16): the staff who show
                    // the chat repaint its bubble. Other updates say nothing.
                    if message.delivery.is_some() {
                        if let Some(summary) = chat_of(state, &message.chat).await {
                            state.hub.publish_message_update(&message, &summary);
                        }
                    }
                    continue;
                }
                if matches!(message.delivery, Some(crate::model::channel::Delivery::Queued { .. })) {
                    state.channels.outbound.notify_one();
                }
                if let Some(summary) = chat_of(state, &message.chat).await {
                    state.hub.publish_message(&message, &summary);
                    crate::server::push::triggers::on_message(state, &message, &summary);
                }
            }
            // The database server went away: this subscription is over.
            Err(error) if crate::server::error::unreachable(&error) => return Err(error),
            Err(error) => tracing::warn!("live notification error: {error}"),
        }
    }
    Ok(())
}

/// A message's chat: from the index, which holds every chat; read (and
/// kept) if its own notification has not arrived yet.
async fn chat_of(state: &AppState, chat: &str) -> Option<ChatSummary> {
    if let Some(summary) = state.chat_index.get(chat) {
        return Some(summary);
    }
    let summary = summary::summary(state, chat).await.ok().flatten()?;
    let _ = super::counts::chat_updated(state, summary.clone());
    Some(summary)
}

/// Shared hub for an [`AppState`].
pub fn new_hub() -> Arc<Hub> {
    Arc::new(Hub::default())
}

/// Rights, groups or rooms changed: every open workspace gets its employee's
/// current rights at once and reloads; chats no longer visible leave its lists,
/// and calls the employee may no longer join close. On every node.
pub async fn refresh_rights(state: &AppState) {
    refresh_rights_here(state).await;
    state.bus.publish(crate::server::cluster::bus::BusEvent::RightsChanged);
}

/// [`refresh_rights`] for this node's connections.
pub async fn refresh_rights_here(state: &AppState) {
    for (id, session_hash) in state.hub.employee_sessions() {
        let actor = crate::server::people::auth::actor_for_session_hash(state, &session_hash).await.ok();
        if let Some(actor) = &actor {
            // The tab reloads its counters; what it was sent before no longer counts.
            super::counts::forget_sent(state, &actor.id);
        }
        state.hub.replace_actor(id, actor);
    }
    crate::server::meetings::meeting::recheck_calls(state, None).await;
}
