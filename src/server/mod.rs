//! Server-only code: database and schema, services, rights, live fan-out.

pub mod address_limit;
pub mod audit;
pub mod auth;
pub mod blocks;
pub mod chat_actions;
pub mod chat_events;
pub mod chat_topics;
pub mod participants;
#[macro_use]
pub mod chats;
pub mod client_panel;
pub mod clients;
pub mod clock;
pub mod db;
pub mod directory;
pub mod demo;
pub mod error;
pub mod filter;
pub mod groups;
pub mod histories;
pub mod internal_chats;
pub mod live;
pub mod media;
pub mod messages;
pub mod profile;
pub mod records;
pub mod room_settings;
pub mod rights;
pub mod rooms;
pub mod sources;
pub mod setup;
pub mod staff;
pub mod startup;
pub mod state;
pub mod users;
pub mod visitors;
