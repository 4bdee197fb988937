//! The outbox: messages written but not yet stored by the server, kept in
//! the browser's storage so a reload, a closed tab or a lost connection
//! loses none of them. They are sent in order, each with the client id it
//! was given when written, so the server stores each exactly once however
//! often it is tried.

use std::future::Future;

use dioxus::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api;
use crate::model::attachment::Attachment;
use crate::model::message::Message;
use crate::model::problem::Problem;
use crate::ui::browser::{random_id, sleep_ms, storage_get, storage_remove, storage_set};

/// One message on its way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    pub client_id: String,
    /// The chat it goes to (the widget's is the visitor's own, left empty).
    pub chat: String,
    pub text: String,
    /// A private note for staff (#14).
    #[serde(default)]
    pub note: bool,
    /// Files uploaded for it (#14): kept with it across reloads, so a
    /// message waiting for the connection still goes with its files.
    #[serde(default)]
    pub files: Vec<Attachment>,
    /// Why the last try failed. `NoConnection` (or a wait the server asked
    /// for) is tried again by itself; any other reason waits for the
    /// writer's «Повторить» or «Удалить».
    #[serde(default)]
    pub failed: Option<Problem>,
}

impl Outgoing {
    /// Tried again without being asked: the connection, or a rate limit.
    fn retried_by_itself(&self) -> bool {
        self.failed.as_ref().is_none_or(|p| *p == Problem::NoConnection || p.retry_secs().is_some())
    }
}

/// The outbox of one writer (an employee, or a visitor in one room).
#[derive(Clone, Copy, PartialEq)]
pub struct Outbox {
    key: Signal<String>,
    pub items: Signal<Vec<Outgoing>>,
    /// A flush is running: one at a time keeps the order.
    flushing: Signal<bool>,
}

impl Outbox {
    /// The outbox kept under `key` in this browser, as it was left.
    pub fn load(key: String) -> Self {
        let items = storage_get(&key).and_then(|json| serde_json::from_str::<Vec<Outgoing>>(&json).ok()).unwrap_or_default();
        Outbox { key: Signal::new(key), items: Signal::new(items), flushing: Signal::new(false) }
    }

    /// Hook form: loaded once for the component's life.
    pub fn use_outbox(key: impl FnOnce() -> String) -> Self {
        use_hook(|| Outbox::load(key()))
    }

    /// Forgets everything in it (its writer is gone).
    pub fn clear(mut self) {
        self.items.set(Vec::new());
        self.save();
    }

    fn save(&self) {
        let items = self.items.peek();
        let key = self.key.peek();
        if items.is_empty() {
            storage_remove(&key);
        } else if let Ok(json) = serde_json::to_string(&*items) {
            storage_set(&key, &json);
        }
    }

    /// Adds a message (or a private `note`) at the end; returns its client id.
    pub fn push(self, chat: String, text: String, note: bool) -> String {
        self.push_with_files(chat, text, note, Vec::new())
    }

    /// [`Outbox::push`] with the files uploaded for the message.
    pub fn push_with_files(mut self, chat: String, text: String, note: bool, files: Vec<Attachment>) -> String {
        let client_id = random_id();
        self.items.write().push(Outgoing { client_id: client_id.clone(), chat, text, note, files, failed: None });
        self.save();
        client_id
    }

    /// Takes a message out (stored by the server, or deleted by its writer).
    pub fn remove(mut self, client_id: &str) {
        self.items.write().retain(|item| item.client_id != client_id);
        self.save();
    }

    /// «Повторить»: the message is tried again, with the others.
    pub fn retry(mut self, client_id: &str) {
        if let Some(item) = self.items.write().iter_mut().find(|item| item.client_id == client_id) {
            item.failed = None;
        }
        self.save();
    }

    fn mark(mut self, client_id: &str, failed: Option<Problem>) {
        if let Some(item) = self.items.write().iter_mut().find(|item| item.client_id == client_id) {
            item.failed = failed;
        }
        self.save();
    }

    /// Sends what waits, oldest first, one at a time. A message the server
    /// refuses for good keeps its reason and the next ones go on; a lost
    /// connection stops the round (the next connect starts another), and a
    /// wait the server asks for is kept before trying again.
    pub async fn flush<F, Fut>(mut self, send: F, on_sent: impl Fn(Message))
    where
        F: Fn(Outgoing) -> Fut,
        Fut: Future<Output = Result<Message, ServerFnError>>,
    {
        if *self.flushing.peek() {
            return;
        }
        self.flushing.set(true);
        let mut tried = std::collections::HashSet::new();
        loop {
            let next = self.items.peek().iter().find(|item| item.retried_by_itself() && !tried.contains(&item.client_id)).cloned();
            let Some(item) = next else { break };
            tried.insert(item.client_id.clone());
            match send(item.clone()).await {
                Ok(message) => {
                    self.remove(&item.client_id);
                    on_sent(message);
                }
                Err(error) => {
                    let problem = api::problem_of(&error);
                    let stop = problem == Problem::NoConnection;
                    let wait = problem.retry_secs();
                    self.mark(&item.client_id, Some(problem));
                    if let Some(secs) = wait {
                        sleep_ms((secs.clamp(1, 60) * 1000) as u32).await;
                        tried.remove(&item.client_id);
                        continue;
                    }
                    if stop {
                        // The ones behind it wait for the connection too: say so.
                        let waiting: Vec<String> = self.items.peek().iter().filter(|i| i.failed.is_none()).map(|i| i.client_id.clone()).collect();
                        for client_id in waiting {
                            self.mark(&client_id, Some(Problem::NoConnection));
                        }
                        break;
                    }
                }
            }
        }
        self.flushing.set(false);
    }
}
