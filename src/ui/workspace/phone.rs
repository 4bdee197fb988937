//! Phone navigation (#15): one pane at a time, each step forward an entry in
//! the browser's history, so that its back button (and a phone's back
//! gesture) steps back the way the in-page «Назад» does.

use std::cell::Cell;
use std::rc::Rc;

use dioxus::prelude::*;

use super::store::Store;
use crate::ui::browser::{history_back, history_push, is_narrow_window, on_window_event, track_visual_viewport};

/// The history entries this tab added, and the `popstate`s it caused itself.
#[derive(Default)]
struct Steps {
    pushed: Cell<u32>,
    own_pops: Cell<u32>,
}

/// Mirrors the phone's depth (rooms → list → chat → client panel) in the
/// browser's history, and steps back on its back button.
pub fn use_phone_steps(store: Store) {
    let steps = use_hook(|| Rc::new(Steps::default()));
    use_hook(track_visual_viewport);

    let on_pop = steps.clone();
    use_hook(move || {
        Rc::new(on_window_event("popstate", move || {
            if on_pop.own_pops.get() > 0 {
                on_pop.own_pops.set(on_pop.own_pops.get() - 1);
                return;
            }
            if on_pop.pushed.get() > 0 {
                on_pop.pushed.set(on_pop.pushed.get() - 1);
                store.step_back();
            }
        }))
    });

    // Every way forward (a list, a chat item, a notification, a ringing
    // call) and every way back (the «Назад» buttons, a chat that is gone)
    // changes the depth; the history follows it.
    use_effect(move || {
        let depth = if is_narrow_window() { store.depth() } else { 0 };
        let pushed = steps.pushed.get();
        if depth > pushed {
            for _ in pushed..depth {
                history_push();
            }
        } else if depth < pushed {
            steps.own_pops.set(steps.own_pops.get() + 1);
            history_back(pushed - depth);
        }
        steps.pushed.set(depth);
    });
}
