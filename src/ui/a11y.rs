//! Keyboard use of elements that act as buttons (#15): Enter and Space
//! activate them, as they do a `<button>`.

use dioxus::prelude::*;

/// Whether a key press activates a `role="button"` element.
pub fn activates(event: &KeyboardEvent) -> bool {
    matches!(event.key(), Key::Enter) || matches!(event.key(), Key::Character(ref c) if c == " ")
}
