//! Storage: opening SurrealDB with its versioned schema, record-id helpers, and
//! the write-ahead-log guard that runs before SurrealKV opens.

pub mod db;
pub mod records;
pub mod wal_guard;
