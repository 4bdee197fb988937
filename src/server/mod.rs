//! Server-only code, by domain: storage, live updates, chats, people, meetings
//! and administration, over the one rights model. Imports only `model`.

#[macro_use]
pub mod chats;
pub mod channels;
pub mod cluster;
pub mod admin;
pub mod clock;
pub mod error;
pub mod limits;
pub mod live;
pub mod meetings;
pub mod people;
pub mod push;
pub mod rights;
pub mod startup;
pub mod state;
pub mod store;
