//! Chats: the operator workspace's chat section, one crate for browser and server.

pub mod api;
pub mod app;
#[cfg(feature = "server")]
pub mod http;
pub mod model;
#[cfg(feature = "server")]
pub mod server;
pub mod ui;

/// The server's allocator (#18): mimalloc, for every binary linking this crate
/// with the server feature (the server, its tests and benchmarks). Under load
/// glibc's malloc took about a fifth of the server's CPU, much of it waiting on
/// its locks; see docs/performance.md, «Allocator».
#[cfg(all(feature = "server", not(feature = "system-allocator")))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
