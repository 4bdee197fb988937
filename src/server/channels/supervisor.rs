//! One task per switched-on source (a mailbox's reader, a bot's poller),
//! restarted when its settings change and stopped when it is switched off.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::time::Duration;

use crate::model::channel::SourceHealth;
use crate::server::error::ServiceResult;
use crate::server::state::AppState;

/// A source's settings, as its task runs with them.
pub trait Source: Clone + PartialEq + Send + Sync + 'static {
    /// The client room it belongs to (one source of a kind per room).
    fn room(&self) -> &str;
    /// Its key in the health map.
    fn health_key(&self) -> String;
}

/// Runs `run` for every source `load` returns, on start, when settings are
/// saved (`Channels::settings_changed`) and every 30 s.
pub fn supervise<S, L, LF, R, RF>(state: AppState, what: &'static str, load: L, run: R)
where
    S: Source,
    L: Fn(AppState) -> LF + Send + 'static,
    LF: Future<Output = ServiceResult<Vec<S>>> + Send,
    R: Fn(AppState, S) -> RF + Send + 'static,
    RF: Future<Output = ()> + Send + 'static,
{
    let mut changed = state.channels.reload.subscribe();
    tokio::spawn(async move {
        let mut running: HashMap<String, (S, tokio::task::JoinHandle<()>)> = HashMap::new();
        loop {
            match load(state.clone()).await {
                Ok(sources) => {
                    let wanted: HashSet<String> = sources.iter().map(|s| s.room().to_string()).collect();
                    running.retain(|room, (source, task)| {
                        let keep = wanted.contains(room);
                        if !keep {
                            task.abort();
                            state.channels.set_health(&source.health_key(), SourceHealth::Stopped);
                        }
                        keep
                    });
                    for source in sources {
                        if running.get(source.room()).is_some_and(|(s, task)| *s == source && !task.is_finished()) {
                            continue;
                        }
                        if let Some((_, task)) = running.remove(source.room()) {
                            task.abort();
                        }
                        let task = tokio::spawn(run(state.clone(), source.clone()));
                        running.insert(source.room().to_string(), (source, task));
                    }
                }
                Err(error) => tracing::warn!("{what}: {error}"),
            }
            tokio::select! {
                _ = changed.changed() => {}
                _ = tokio::time::sleep(Duration::from_secs(30)) => {}
            }
        }
    });
}
