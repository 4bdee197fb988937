//! Live updates: the hub of open connections, the database fan-out that feeds
//! it, and the websocket serving loop of workspaces and widgets.

pub mod chat_index;
pub mod counts;
mod fan_out;
mod hub;
pub mod socket;

pub use fan_out::{new_hub, refresh_rights, refresh_rights_here, spawn_fan_out};
pub use chat_index::ChatIndex;
pub use hub::{decode, encode, Audience, Frame, Hub};
