//! Server functions of the settings area: audit log, directories, groups,
//! rooms and sources.

pub mod audit;
pub mod directory;
pub mod groups;
pub mod ratings;
pub mod room_hours;
pub mod room_settings;
pub mod sources;
