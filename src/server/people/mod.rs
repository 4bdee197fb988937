//! People: employees (sign-in, staff, profile), website visitors and users,
//! clients, blocks, and the client panel.

pub mod address_limit;
pub mod auth;
pub mod blocks;
pub mod client_panel;
pub mod clients;
pub mod passwords;
pub mod profile;
pub mod sign_in_limit;
pub mod staff;
pub mod users;
pub mod visitors;
