//! What every settings section shares: its frame (heading and error line) and how its forms report a change.

use dioxus::prelude::*;

use crate::model::problem::Problem;
use crate::ui::feedback::{use_error_line, ErrorLine, ErrorMessage};
use crate::ui::i18n::{tr, use_lang};

/// Where a section's forms report: its error line, and the page's reload
/// after a change the server took.
#[derive(Clone, Copy, PartialEq)]
pub struct Report {
    pub error: ErrorLine,
    on_changed: EventHandler<()>,
}

/// A section's report: an error line of its own, and the page's `on_changed`.
pub fn use_report(on_changed: EventHandler<()>) -> Report {
    Report { error: use_error_line(), on_changed }
}

impl Report {
    /// Whether the model's check passed; if not, the error line says why.
    pub fn check(self, checked: Result<(), Problem>) -> bool {
        self.error.check(checked)
    }

    /// A change the server answered: taken, it clears the error line and
    /// reloads the page; refused, the error line says why. Whether it was taken.
    pub fn saved<T>(self, answer: Result<T, ServerFnError>) -> bool {
        let taken = self.error.settle(answer).is_some();
        if taken {
            self.on_changed.call(());
        }
        taken
    }

    /// As [`Report::saved`], but a success leaves the error line as it is:
    /// the buttons and boxes of a row, whose refusals stay until the next form is sent.
    pub fn done<T>(self, answer: Result<T, ServerFnError>) -> bool {
        match answer {
            Ok(_) => {
                self.on_changed.call(());
                true
            }
            Err(error) => {
                self.error.fail(&error);
                false
            }
        }
    }

    /// Reloads the page.
    pub fn reload(self) {
        self.on_changed.call(());
    }
}

/// A settings section: its heading (`title`, a message id), its error line, its forms.
#[component]
pub fn Section(id: &'static str, title: &'static str, report: Report, children: Element) -> Element {
    let lang = use_lang();
    rsx! {
        section { class: "settings-section", id,
            h2 { {tr(lang(), title)} }
            ErrorMessage { line: report.error }
            {children}
        }
    }
}

/// A form's submit button: «Создать» for a new entry, «Сохранить» for a stored one.
#[component]
pub fn SubmitButton(is_new: bool) -> Element {
    let lang = use_lang();
    rsx! {
        button { class: "primary", r#type: "submit", if is_new { {tr(lang(), "create")} } else { {tr(lang(), "save")} } }
    }
}
