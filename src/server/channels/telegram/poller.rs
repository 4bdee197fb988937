//! Reading the bots (#16): one task per switched-on bot long-polls
//! `getUpdates` from the stored offset, stores each update, then moves the
//! offset past it. A failure is retried with a growing pause (a 429's
//! `retry_after` is honoured); settings show the state.

use std::time::Duration;

use crate::model::channel::SourceHealth;
use crate::server::channels::email::reader::retry_pause;
use crate::server::channels::telegram::{bots, health_key, receive::receive, BotConfig};
use crate::server::clock::now_ms;
use crate::server::state::AppState;
use crate::server::store::db::first;
use crate::server::store::records::record;

/// How long one `getUpdates` waits for news.
const POLL_TIMEOUT_S: i64 = 25;

impl crate::server::channels::supervisor::Source for BotConfig {
    fn room(&self) -> &str {
        &self.room
    }

    fn health_key(&self) -> String {
        health_key(&self.room)
    }
}

/// Keeps one poller per switched-on bot.
pub fn spawn_supervisor(state: AppState) {
    // One node polls a bot (Telegram allows one getUpdates at a time): the
    // one holding its lease (#17).
    let run = |state: AppState, bot: BotConfig| async move {
        let job = ["telegram_", &bot.room].concat();
        crate::server::cluster::lease::while_held(&state.clone(), &job, poll_forever(state, bot)).await
    };
    crate::server::channels::supervisor::supervise(state, "telegram bots", |state| async move { bots(&state).await }, run);
}

async fn poll_forever(state: AppState, config: BotConfig) {
    let key = health_key(&config.room);
    let mut failures = 0u32;
    let mut failing_since: Option<i64> = None;
    let source = match record("telegram_source", &config.room) {
        Ok(source) => source,
        Err(_) => return,
    };
    loop {
        let mut response = match state.db.query("SELECT VALUE update_offset FROM $source").bind(("source", source.clone())).await {
            Ok(response) => response,
            Err(error) => {
                tracing::warn!("telegram offset: {error}");
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            }
        };
        let offset = first::<Option<i64>>(&mut response, 0).ok().flatten().flatten().unwrap_or(0);
        let bot = config.bot(&state);
        // Connected once Telegram knows the token (a long poll can take 25 s
        // to say anything).
        let connected = matches!(state.channels.health(&key), SourceHealth::Connected { .. });
        let polled = if connected { bot.get_updates(offset, POLL_TIMEOUT_S).await } else {
            match bot.get_me().await {
                Ok(_) => {
                    state.channels.set_health(&key, SourceHealth::Connected { since_ms: now_ms() });
                    bot.get_updates(offset, POLL_TIMEOUT_S).await
                }
                Err(error) => Err(error),
            }
        };
        match polled {
            Ok(updates) => {
                failures = 0;
                failing_since = None;
                for update in updates {
                    if let Err(error) = receive(&state, &config, &bot, &update).await {
                        // Stored nothing: the offset stays, so it comes again.
                        tracing::warn!("telegram update {}: {error}", update.update_id);
                        tokio::time::sleep(Duration::from_secs(2)).await;
                        break;
                    }
                    let stored = state
                        .db
                        .query("UPDATE $source SET update_offset = $offset")
                        .bind(("source", source.clone()))
                        .bind(("offset", update.update_id + 1))
                        .await
                        .and_then(|r| r.check());
                    if let Err(error) = stored {
                        tracing::warn!("telegram offset: {error}");
                        break;
                    }
                }
            }
            Err(error) => {
                failures += 1;
                let since = *failing_since.get_or_insert_with(now_ms);
                state.channels.set_health(&key, SourceHealth::Retrying { since_ms: since, error: error.to_string() });
                let pause = error.retry_after_ms().map(|ms| Duration::from_millis(ms as u64)).unwrap_or_else(|| retry_pause(failures));
                tokio::time::sleep(pause).await;
            }
        }
    }
}
