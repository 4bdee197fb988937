//! Interface language: Russian (the manual's words) by default, English on request; texts from `locales/*.ftl` via Fluent.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use dioxus::prelude::*;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

const RU_FTL: &str = include_str!("locales/ru.ftl");
const EN_FTL: &str = include_str!("locales/en.ftl");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("en") { Lang::En } else { Lang::Ru }
    }
}

/// The language chosen in this tab, provided at the app root.
pub fn use_lang() -> Signal<Lang> {
    use_context::<Signal<Lang>>()
}

/// The text of message `id` in `lang`, e.g. `tr(lang, "start-video-call")`.
/// For messages without arguments; see [`tr_args`].
pub fn tr(lang: Lang, id: &'static str) -> &'static str {
    let slot = lang_index(lang);
    if let Some(text) = lock_cache()[slot].get(id).copied() {
        return text;
    }
    let Some(text) = format(lang, id, None) else {
        // Reported once; the id stands in for the text.
        return *lock_cache()[slot].entry(id).or_insert(id);
    };
    // Formatted outside the lock; another thread may have cached it meanwhile.
    *lock_cache()[slot].entry(id).or_insert_with(|| Box::leak(text.into_boxed_str()))
}

/// The text of message `id` in `lang` with its arguments, e.g.
/// `tr_args(lang, "filter-found", &[("count", total.into())])`.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    format(lang, id, Some(&fluent_args)).unwrap_or_else(|| id.to_string())
}

/// Marks a message id kept for a later [`tr`] (tables, labels of enums), so
/// that tests/i18n.rs finds it.
pub const fn msg(id: &'static str) -> &'static str {
    id
}

/// A Russian label from src/model's tables (rights, client-panel parts) in
/// `lang`: the message whose Russian text it is; for a key the UI does not word
/// itself. A label with no message stays as it is. Refusals do not come this
/// way: they are `model::Problem`s (see `ui::problem`).
pub fn tr_model(lang: Lang, ru: &'static str) -> &'static str {
    if lang == Lang::Ru {
        return ru;
    }
    match by_russian_text().get(ru) {
        Some(id) => tr(lang, id),
        None => {
            report(&format!("i18n: no message has the Russian text {ru:?}"));
            ru
        }
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Ru => 0,
        Lang::En => 1,
    }
}

/// Texts without arguments, formatted once and leaked: at most one per id
/// and language, shared by all threads.
static CACHE: Mutex<[BTreeMap<&'static str, &'static str>; 2]> = Mutex::new([BTreeMap::new(), BTreeMap::new()]);

fn lock_cache() -> std::sync::MutexGuard<'static, [BTreeMap<&'static str, &'static str>; 2]> {
    CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

thread_local! {
    /// A bundle per language and thread (a bundle is not `Sync`), built on first use.
    static BUNDLES: [OnceCell<FluentBundle<FluentResource>>; 2] = const { [OnceCell::new(), OnceCell::new()] };
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let (source, code) = match lang {
        Lang::Ru => (RU_FTL, "ru"),
        Lang::En => (EN_FTL, "en"),
    };
    let langid = code.parse().expect("a valid language identifier");
    let mut bundle = FluentBundle::new(vec![langid]);
    // No Unicode isolation marks around arguments: they would show up in
    // titles, tests and copied text.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(resource, errors)| {
        report(&format!("i18n: {code}.ftl has errors: {errors:?}"));
        resource
    });
    if let Err(errors) = bundle.add_resource(resource) {
        report(&format!("i18n: {code}.ftl: {errors:?}"));
    }
    bundle
}

/// Message `id` in `lang`, or `None` (reported) when there is no such message.
fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    BUNDLES.with(|bundles| {
        let bundle = bundles[lang_index(lang)].get_or_init(|| bundle(lang));
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            report(&format!("i18n: no message {id:?} in {}.ftl", lang.code()));
            return None;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            report(&format!("i18n: message {id:?} in {}.ftl: {errors:?}", lang.code()));
        }
        Some(text)
    })
}

/// Russian text → message id, for messages without arguments.
fn by_russian_text() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        use fluent_syntax::ast::{Entry, Message};
        let resource = fluent_syntax::parser::parse(RU_FTL).unwrap_or_else(|(resource, _)| resource);
        resource
            .body
            .into_iter()
            .filter_map(|entry| match entry {
                Entry::Message(Message { id, value: Some(pattern), .. }) if is_plain_text(&pattern) => Some(id.name),
                _ => None,
            })
            .map(|id| (tr(Lang::Ru, id), id))
            .collect()
    })
}

/// A value without placeables (no arguments, no selectors).
fn is_plain_text(pattern: &fluent_syntax::ast::Pattern<&str>) -> bool {
    pattern.elements.iter().all(|e| matches!(e, fluent_syntax::ast::PatternElement::TextElement { .. }))
}

/// A translation problem: the tests catch it before release; a missed one
/// shows the id and is logged, never hidden.
fn report(problem: &str) {
    #[cfg(feature = "web")]
    web_sys::console::error_1(&problem.into());
    #[cfg(not(feature = "web"))]
    dioxus::logger::tracing::error!("{problem}");
}
