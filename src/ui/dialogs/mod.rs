//! Dialogs over the workspace: the user-info window (C7).

mod fields;
mod history;
pub mod user_info;
