//! Chats: the operator workspace's chat section, one crate for browser and server.

pub mod api;
pub mod app;
#[cfg(feature = "server")]
pub mod http;
pub mod model;
#[cfg(feature = "server")]
pub mod server;
pub mod ui;
