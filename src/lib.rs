//! Chats: the operator workspace's chat section, one crate for browser and server.

pub mod api;
pub mod app;
#[cfg(feature = "server")]
pub mod http;
pub mod model;
#[cfg(feature = "server")]
pub mod server;
pub mod ui;

/// A candidate allocator for the server (#18): mimalloc, with the `mimalloc`
/// feature, for every binary linking this crate (the server, its tests and
/// benchmarks). Under load glibc's malloc took about a fifth of the server's
/// CPU, much of it waiting on its locks. Not the default until `make load`
/// shows the gain on an idle machine (docs/performance.md, «Allocator»).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
