//! The administrator's directories (S5): statuses, topics, custom fields.
//! An entry still in use is never deleted silently: the caller is told where
//! it is used, or names a replacement.

pub mod fields;
pub mod statuses;
pub mod topics;

use crate::server::error::{ServiceError, ServiceResult};
use crate::model::directory::check_entry_name;

/// A checked name that no other entry (`except` is the one being edited) has.
fn unique_name<'a>(taken: impl IntoIterator<Item = (&'a str, &'a str)>, name: &str, except: &str, what: &str) -> ServiceResult<String> {
    let name = check_entry_name(name).map_err(ServiceError::BadInput)?;
    let lower = name.to_lowercase();
    if taken.into_iter().any(|(id, other)| id != except && other.to_lowercase() == lower) {
        return Err(ServiceError::BadInput(format!("{what} с таким названием уже есть")));
    }
    Ok(name)
}

/// The message for an entry that is still in use.
fn in_use(what: &str, count: usize, where_: &str, replaceable: bool) -> ServiceError {
    let next = if replaceable { "Выберите замену" } else { "Сначала очистите значения" };
    ServiceError::BadInput(format!("{what} используется ({where_}: {count}). {next}"))
}
