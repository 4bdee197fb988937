//! Server functions of chats: lists, messages, the chat menu's actions,
//! participants, the filter, internal chats and the rooms column.

pub mod actions;
pub mod filter;
pub mod internal;
pub mod lists;
pub mod messages;
pub mod participants;
pub mod rooms;
