//! Menus: the chat menu (C2) and the pickers its items open.

mod chat_menu;
mod pickers;

pub use self::chat_menu::ChatMenu;
