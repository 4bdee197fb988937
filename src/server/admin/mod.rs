//! Administration: groups and rights, rooms and their settings, directories,
//! sources, the audit log, first-run setup, room images and the demo data.

pub mod audit;
pub mod demo;
pub mod directory;
pub mod groups;
pub mod media;
pub mod ratings;
pub mod room_hours;
pub mod room_settings;
pub mod setup;
pub mod sources;
