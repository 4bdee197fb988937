//! Server functions of people: sign-in, employees, profile, users and
//! clients, blocks, the client panel and the website widget's visitor.

pub mod auth;
pub mod blocks;
pub mod client_panel;
pub mod clients;
pub mod profile;
pub mod push;
pub mod staff;
pub mod users;
pub mod visitor;
