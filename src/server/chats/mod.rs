//! Chats and their messages: list summaries, sending and reading, the chat
//! menu's actions, topics, participants, the filter, histories, internal chats,
//! attached files.

#[macro_use]
pub mod summary;
pub mod actions;
pub mod attachments;
pub mod events;
pub mod filter;
pub mod group_commit;
pub mod histories;
pub mod internal;
pub mod lists;
pub mod mentions;
pub mod messages;
pub mod participants;
pub mod requests;
pub mod rooms;
pub mod saved_replies;
pub mod search_index;
pub mod statuses;
pub mod topics;
