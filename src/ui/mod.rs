//! Components, grouped by screen region.

pub mod a11y;
pub mod browser;
pub mod chat;
pub mod chat_list;
pub mod conversation;
pub mod dialogs;
pub mod feedback;
pub mod i18n;
pub mod icons;
pub mod login;
pub mod meeting;
pub mod menus;
pub mod problem;
pub mod profile;
pub mod rooms;
pub mod settings;
pub mod setup;
pub mod status_badge;
pub mod widget;
pub mod workspace;
