//! Types shared by the browser and the server: plain data with serde, no I/O.

pub mod attachment;
pub mod block;
pub mod channel;
pub mod chat;
pub mod client_panel;
pub mod directory;
pub mod employee;
pub mod filter;
pub mod history;
pub mod hours;
pub mod internal_chat;
pub mod lists;
pub mod live;
pub mod meeting;
pub mod mention;
pub mod menu;
pub mod message;
pub mod problem;
pub mod push;
pub mod rating;
pub mod room;
pub mod saved_reply;
pub mod settings;
pub mod user_info;
pub mod visitor;
