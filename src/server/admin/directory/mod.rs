//! The administrator's directories (S5): statuses, topics, custom fields.
//! An entry still in use is never deleted silently: the caller is told where
//! it is used, or names a replacement.

pub mod fields;
pub mod statuses;
pub mod topics;

use crate::model::directory::check_entry_name;
use crate::model::problem::{Problem, Thing};
use surrealdb::types::RecordId;

use crate::server::error::{ServiceError, ServiceResult};
use crate::model::settings::AuditAction;
use crate::server::admin::audit;
use crate::server::rights::Actor;
use crate::server::state::AppState;
use crate::server::store::db::first;

/// A checked name that no other entry (`except` is the one being edited) has.
fn unique_name<'a>(taken: impl IntoIterator<Item = (&'a str, &'a str)>, name: &str, except: &str, thing: Thing) -> ServiceResult<String> {
    let name = check_entry_name(name)?;
    let lower = name.to_lowercase();
    if taken.into_iter().any(|(id, other)| id != except && other.to_lowercase() == lower) {
        return Err(Problem::DuplicateName { thing }.into());
    }
    Ok(name)
}

/// The refusal for an entry that is still in use `count` times (chats of a
/// status or topic, values of a field).
fn in_use(thing: Thing, count: usize) -> ServiceError {
    Problem::InUse { thing, count }.into()
}

/// How many records `sql` (a `SELECT VALUE count() … WHERE … = $entry GROUP ALL`) counts for `entry`.
async fn uses(state: &AppState, sql: &'static str, entry: RecordId) -> ServiceResult<usize> {
    let mut response = state.db.query(sql).bind(("entry", entry)).await?;
    Ok(first::<i64>(&mut response, 0)?.unwrap_or(0) as usize)
}

/// The entry of `all` that takes over from the deleted `key`: the caller's
/// `replacement` (another existing entry), or none for an entry used nowhere.
fn replacement_for<'a, T>(all: &'a [T], id: impl Fn(&T) -> &str, key: &str, replacement: Option<&str>, used: usize, thing: Thing) -> ServiceResult<Option<&'a T>> {
    match replacement.filter(|r| !r.is_empty()) {
        Some(r) if r == key => Err(Problem::SameReplacement { thing }.into()),
        Some(r) => Ok(Some(all.iter().find(|e| id(e) == r).ok_or(ServiceError::not_found(thing))?)),
        None if used > 0 => Err(in_use(thing, used)),
        None => Ok(None),
    }
}

/// Audits a saved entry (`created` when there was no `old`, else `changed`) and returns it.
async fn audited<T: serde::Serialize>(state: &AppState, actor: &Actor, id: &str, (created, changed): (AuditAction, AuditAction), old: Option<T>, saved: T) -> ServiceResult<T> {
    let action = if old.is_some() { changed } else { created };
    audit::write(state, actor, action, id, old.map(|o| serde_json::json!(o)), Some(serde_json::json!(saved))).await?;
    Ok(saved)
}

/// Where a saved entry goes: the entry it replaces (none for a new one), its
/// key, and its position (a new entry goes last).
struct Placement<T> {
    old: Option<T>,
    key: String,
    position: i64,
}

/// The [`Placement`] of an entry with id `id` (empty for a new one) among `all`.
fn place<T: Clone>(all: &[T], id: &str, entry: impl Fn(&T) -> (&str, i64), thing: Thing) -> ServiceResult<Placement<T>> {
    if id.is_empty() {
        let position = all.iter().map(|e| entry(e).1).max().unwrap_or(0) + 1;
        return Ok(Placement { old: None, key: crate::server::clock::new_key(), position });
    }
    let old = all.iter().find(|e| entry(e).0 == id).cloned().ok_or(ServiceError::not_found(thing))?;
    Ok(Placement { position: entry(&old).1, old: Some(old), key: id.to_string() })
}
