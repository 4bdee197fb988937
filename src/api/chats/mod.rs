//! Server functions of chats: lists, messages, the chat menu's actions,
//! participants, the filter, internal chats, the rooms column, saved replies,
//! and attached files' routes.

pub mod actions;
pub mod files;
pub mod filter;
pub mod internal;
pub mod lists;
pub mod messages;
pub mod participants;
pub mod rooms;
pub mod saved_replies;
