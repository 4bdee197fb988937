//! Storage: opening SurrealDB with its versioned schema, record-id helpers, the
//! write-ahead-log guard that runs before SurrealKV opens, and attached files' object store.

pub mod db;
pub mod files;
pub mod records;
pub mod wal_guard;
