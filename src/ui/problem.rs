//! A [`Problem`] from the server or the model, in the tab's language (messages `problem-*` in locales/*.ftl).

use dioxus::prelude::ServerFnError;
use fluent_bundle::FluentValue;
use serde_json::Value;

use crate::model::problem::Problem;
use crate::ui::i18n::{tr_args, Lang};

/// The problem's text in `lang`.
pub fn problem_text(lang: Lang, problem: &Problem) -> String {
    let (id, args) = message(problem);
    let args: Vec<(&str, FluentValue)> = args.iter().map(|(name, value)| (name.as_str(), value.clone())).collect();
    tr_args(lang, &id, &args)
}

/// Why a server function failed, in `lang` (see [`crate::api::problem_of`]).
pub fn error_text(lang: Lang, error: &ServerFnError) -> String {
    problem_text(lang, &crate::api::problem_of(error))
}

/// The message of a problem and its arguments, read off its serde form
/// `{"code": "snake_case_name", ...fields}`: the id is `problem-` and the
/// code in kebab case, the arguments are the variant's fields (a `Thing` by
/// its code, a list of names joined by commas). tests/problems.rs renders
/// every variant in both languages.
fn message(problem: &Problem) -> (String, Vec<(String, FluentValue<'static>)>) {
    let Ok(Value::Object(mut fields)) = serde_json::to_value(problem) else {
        return (String::from("problem-internal"), Vec::new());
    };
    let code = fields.remove("code").and_then(|code| code.as_str().map(str::to_string)).unwrap_or_default();
    let args = fields.into_iter().map(|(name, value)| (name, argument(value))).collect();
    (format!("problem-{}", code.replace('_', "-")), args)
}

fn argument(value: Value) -> FluentValue<'static> {
    match value {
        Value::Number(n) => n.as_f64().unwrap_or_default().into(),
        Value::String(text) => text.into(),
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ").into(),
        other => other.to_string().into(),
    }
}
