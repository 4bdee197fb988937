//! The administrator's directories (S5): statuses, topics, custom fields.
//! An entry still in use is never deleted silently: the caller is told where
//! it is used, or names a replacement.

pub mod fields;
pub mod statuses;
pub mod topics;

use crate::model::directory::check_entry_name;
use crate::model::problem::{Problem, Thing};
use crate::server::error::{ServiceError, ServiceResult};

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
