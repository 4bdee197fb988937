//! Menus: the chat menu (C2) and the pickers and panels its items open.

mod block;
mod chat_menu;
mod people;
mod pickers;

pub use self::chat_menu::ChatMenu;
