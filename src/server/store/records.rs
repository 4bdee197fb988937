//! Conversions between SurrealDB record ids and the plain keys the model uses.

use surrealdb::types::{RecordId, RecordIdKey};

use crate::model::problem::Thing;
use crate::server::error::{ServiceError, ServiceResult};

/// The record id `table:key` for a key that came from outside. Keys are
/// checked first, so a caller cannot point at another table or a range.
pub fn record(table: &str, key: &str) -> ServiceResult<RecordId> {
    if !is_key(key) {
        return Err(ServiceError::not_found(Thing::of_table(table)));
    }
    Ok(RecordId::new(table, key))
}

/// [`record`] for each key, or the first refusal.
pub fn records(table: &str, keys: impl IntoIterator<Item = impl AsRef<str>>) -> ServiceResult<Vec<RecordId>> {
    keys.into_iter().map(|key| record(table, key.as_ref())).collect()
}

/// Keys this application makes: lowercase letters, digits, `_` and `-`.
pub fn is_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The key of a record id the database returned (`chat:abc` → `abc`).
pub fn key(id: &RecordId) -> String {
    match &id.key {
        RecordIdKey::String(key) => key.clone(),
        RecordIdKey::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// The keys of record ids the database returned.
pub fn keys(ids: &[RecordId]) -> Vec<String> {
    ids.iter().map(key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked_and_parsed() {
        assert_eq!(key(&RecordId::new("chat", "abc")), "abc");
        assert_eq!(keys(&[RecordId::new("chat", "a-b")]), vec!["a-b".to_string()]);
        assert!(is_key("abc123"));
        assert!(!is_key("abc:def"));
        assert!(!is_key("ABC"));
        assert!(!is_key(""));
        assert!(record("chat", "x;DELETE chat").is_err());
    }
}
