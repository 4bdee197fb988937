//! How a screen says where it stands: still loading, or why the last action failed (its error line).

use dioxus::prelude::*;

use crate::model::problem::Problem;
use crate::ui::i18n::{tr, use_lang, Lang};
use crate::ui::problem::{error_text, problem_text};

/// The error line of a form or a section: empty, or why the last action
/// failed, in the tab's language. `Copy`, so every handler can hold it.
#[derive(Clone, Copy, PartialEq)]
pub struct ErrorLine {
    message: Signal<Option<String>>,
    lang: Signal<Lang>,
}

/// An empty error line, kept by the calling component.
pub fn use_error_line() -> ErrorLine {
    ErrorLine { message: use_signal(|| None), lang: use_lang() }
}

impl ErrorLine {
    pub fn message(self) -> Option<String> {
        (self.message)()
    }

    pub fn show(mut self, message: String) {
        self.message.set(Some(message));
    }

    pub fn clear(mut self) {
        self.message.set(None);
    }

    /// Shows why a server function failed.
    pub fn fail(self, error: &ServerFnError) {
        self.show(error_text((self.lang)(), error));
    }

    /// Whether the model's check passed; if not, shows why.
    pub fn check(self, checked: Result<(), Problem>) -> bool {
        match checked {
            Ok(()) => true,
            Err(problem) => {
                self.show(problem_text((self.lang)(), &problem));
                false
            }
        }
    }

    /// A server function's answer: a success clears the line, a failure shows why.
    pub fn settle<T>(self, answer: Result<T, ServerFnError>) -> Option<T> {
        match answer {
            Ok(value) => {
                self.clear();
                Some(value)
            }
            Err(error) => {
                self.fail(&error);
                None
            }
        }
    }
}

/// The line itself, `div.error[role=alert]`, while it holds a message.
#[component]
pub fn ErrorMessage(line: ErrorLine) -> Element {
    rsx! {
        if let Some(message) = line.message() {
            div { class: "error", role: "alert", "{message}" }
        }
    }
}

/// A resource's value once it has come; until then the loading line, or
/// the error line if it failed, for the component to return instead:
/// `let list = match loaded(lang(), &list) { Ok(list) => list, Err(shown) => return shown };`
pub fn loaded<T: Clone>(lang: Lang, resource: &Resource<Result<T, ServerFnError>>) -> Result<T, Element> {
    match &*resource.read() {
        None => Err(rsx! { div { class: "muted", {tr(lang, "loading")} } }),
        Some(Err(e)) => Err(rsx! { div { class: "error", role: "alert", {error_text(lang, e)} } }),
        Some(Ok(value)) => Ok(value.clone()),
    }
}
