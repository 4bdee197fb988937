//! The UI's translations (src/ui/locales/*.ftl): both files parse, have the
//! same messages with the same arguments, cover every id the code uses, and
//! English shows no Cyrillic; the UI's code itself holds no Russian text.
//! Reads the files only, so it builds with any features.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

const LOCALES: [&str; 2] = ["ru", "en"];

/// Code under src/ui or src/app.rs allowed to hold Cyrillic outside comments:
/// (file, the text, why). Demo data and the manual's words belong elsewhere.
const CYRILLIC_ALLOWED: &[(&str, &str, &str)] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn locale_source(lang: &str) -> String {
    read(&root().join(format!("src/ui/locales/{lang}.ftl")))
}

/// Message id → the argument names its value uses, for one locale file.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let source = locale_source(lang);
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("{lang}.ftl does not parse: {errors:#?}"),
    };
    let mut found = BTreeMap::new();
    for entry in resource.body {
        match entry {
            Entry::Message(message) => {
                let pattern = message.value.unwrap_or_else(|| panic!("{lang}.ftl: message {} has no value", message.id.name));
                let mut args = BTreeSet::new();
                pattern_args(&pattern, &mut args);
                assert!(found.insert(message.id.name.to_string(), args).is_none(), "{lang}.ftl: message {} twice", message.id.name);
            }
            Entry::Junk { content } => panic!("{lang}.ftl: cannot read {content:?}"),
            _ => {}
        }
    }
    found
}

fn pattern_args(pattern: &Pattern<&str>, args: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_args(expression, args);
        }
    }
}

fn expression_args(expression: &Expression<&str>, args: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_args(selector, args);
            for variant in variants {
                pattern_args(&variant.value, args);
            }
        }
        Expression::Inline(inline) => inline_args(inline, args),
    }
}

fn inline_args(inline: &InlineExpression<&str>, args: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            args.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_args(expression, args),
        _ => {}
    }
}

/// Message id → Russian text, for messages without arguments.
fn russian_texts() -> BTreeMap<String, String> {
    let source = locale_source("ru");
    let resource = fluent_syntax::parser::parse(source.as_str()).unwrap_or_else(|(resource, _)| resource);
    let mut texts = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let Some(pattern) = message.value else { continue };
            let text: Option<String> = pattern
                .elements
                .iter()
                .map(|e| match e {
                    PatternElement::TextElement { value } => Some(*value),
                    PatternElement::Placeable { .. } => None,
                })
                .collect();
            if let Some(text) = text {
                texts.insert(message.id.name.to_string(), text);
            }
        }
    }
    texts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The string literal at `at` (plain or escaped inside another literal, as
/// in rsx's `"{tr(lang(), \"id\")}"`), if there is one.
fn literal_at(text: &str, at: usize) -> Option<String> {
    let rest = text[at..].trim_start();
    let rest = rest.strip_prefix("\\\"").or_else(|| rest.strip_prefix('"'))?;
    let end = rest.find(['"', '\\'])?;
    Some(rest[..end].to_string())
}

/// Ids the code passes as literals: `tr(…, "id")`, `tr_args(…, "id", …)`
/// and `msg("id")`, with where each is.
fn used_ids() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    let mut used = Vec::new();
    for file in files {
        let text = read(&file);
        let bytes = text.as_bytes();
        for name in ["tr", "tr_args", "msg"] {
            let call = format!("{name}(");
            let mut from = 0;
            while let Some(found) = text[from..].find(&call) {
                let start = from + found;
                from = start + call.len();
                if start > 0 && (is_ident(bytes[start - 1]) || bytes[start - 1] == b'.') {
                    continue;
                }
                let line = text[..start].matches('\n').count() + 1;
                let mut at = from;
                if name != "msg" {
                    // Skip the first argument (the language) to its comma.
                    let mut depth = 0;
                    loop {
                        match bytes.get(at) {
                            Some(b'(' | b'[' | b'{') => depth += 1,
                            Some(b')' | b']' | b'}') if depth == 0 => break,
                            Some(b')' | b']' | b'}') => depth -= 1,
                            Some(b',') if depth == 0 => break,
                            None => break,
                            _ => {}
                        }
                        at += 1;
                    }
                    if bytes.get(at) != Some(&b',') {
                        continue;
                    }
                    at += 1;
                }
                if let Some(id) = literal_at(&text, at) {
                    used.push((id, format!("{}:{line}", relative(&file))));
                }
            }
        }
    }
    used
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// The code of a Rust file with comments blanked out (strings, chars and
/// lifetimes kept), line breaks kept so line numbers stay.
fn without_comments(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && (i == 0 || !chars[i - 1].is_alphanumeric() && chars[i - 1] != '_') {
            // A raw string r"…" / r#"…"#: copied whole.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let body: String = chars[j + 1..].iter().collect();
            let end = body.find(&closing).map_or(chars.len(), |e| j + 1 + body[..e].chars().count() + closing.chars().count());
            out.extend(&chars[i..end]);
            i = end;
        } else if c == '"' {
            out.push(c);
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            if i < chars.len() {
                out.push('"');
                i += 1;
            }
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') is copied; a lifetime is just a quote.
            let close = if next == Some('\\') {
                chars.get(i + 3..).and_then(|rest| rest.iter().position(|&c| c == '\'')).map(|p| i + 3 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            let end = close.map_or(i + 1, |e| e + 1);
            out.extend(&chars[i..end]);
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[test]
fn locale_files_parse() {
    for lang in LOCALES {
        let source = locale_source(lang);
        if let Err((_, errors)) = FluentResource::try_new(source) {
            panic!("{lang}.ftl has parse errors: {errors:#?}");
        }
    }
}

#[test]
fn both_locales_have_the_same_messages_and_arguments() {
    let ru = messages("ru");
    let en = messages("en");
    let only_ru: Vec<_> = ru.keys().filter(|id| !en.contains_key(*id)).collect();
    let only_en: Vec<_> = en.keys().filter(|id| !ru.contains_key(*id)).collect();
    assert!(only_ru.is_empty() && only_en.is_empty(), "missing in en.ftl: {only_ru:?}\nmissing in ru.ftl: {only_en:?}");
    let differing: Vec<_> =
        ru.iter().filter(|(id, args)| en[*id] != **args).map(|(id, args)| format!("{id}: ru {args:?}, en {:?}", en[id])).collect();
    assert!(differing.is_empty(), "messages whose arguments differ:\n{}", differing.join("\n"));
    for id in ru.keys() {
        assert!(
            !id.is_empty() && id.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "message id {id:?} is not ASCII kebab-case"
        );
    }
}

#[test]
fn every_id_the_code_uses_is_in_both_locales() {
    let ru = messages("ru");
    let en = messages("en");
    let used = used_ids();
    assert!(used.len() > 100, "found only {} ids in src/: is the scan broken?", used.len());
    let problems: Vec<String> = used
        .iter()
        .filter_map(|(id, at)| match (ru.contains_key(id), en.contains_key(id)) {
            (true, true) => None,
            (false, false) => Some(format!("{at}: {id:?} is in neither ru.ftl nor en.ftl")),
            (true, false) => Some(format!("{at}: {id:?} is missing in en.ftl")),
            (false, true) => Some(format!("{at}: {id:?} is missing in ru.ftl")),
        })
        .collect();
    assert!(problems.is_empty(), "ids used in src/ without a message:\n{}", problems.join("\n"));
}

#[test]
fn english_has_no_cyrillic() {
    let lines: Vec<String> = locale_source("en")
        .lines()
        .enumerate()
        .filter(|(_, line)| line.chars().any(is_cyrillic))
        .map(|(n, line)| format!("en.ftl:{}: {line}", n + 1))
        .collect();
    assert!(lines.is_empty(), "Cyrillic in en.ftl:\n{}", lines.join("\n"));
}

/// src/model's tables of rights and client-panel parts carry Russian labels
/// (the manual's words, kept with the keys they label); the UI words each key
/// itself and falls back to `tr_model`, which finds a label by its Russian
/// text: each must be a message's text. Refusals are not phrases any more
/// but `model::Problem` codes (see tests/problems.rs).
#[test]
fn russian_labels_from_the_model_have_messages() {
    let texts: BTreeSet<String> = russian_texts().into_values().collect();
    let mut phrases = Vec::new();
    for file in ["room.rs", "settings.rs"] {
        let path = root().join("src/model").join(file);
        let source = read(&path);
        // The model's own tests come last; they are not shown.
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        let mut keep = |phrase: &str, line: usize| {
            if phrase.chars().any(is_cyrillic) {
                phrases.push((phrase.to_string(), format!("src/model/{file}:{line}")));
            }
        };
        // The labels of `RIGHTS` and `PANEL_FIELDS`: ("key", "label") rows.
        for table in ["pub const RIGHTS", "pub const PANEL_FIELDS"] {
            let Some(start) = code.find(table) else { continue };
            let first_line = code[..start].matches('\n').count();
            for (n, line) in code[start..].lines().enumerate().skip(1).take_while(|(_, l)| !l.trim_start().starts_with("];")) {
                keep(line.split('"').nth(3).unwrap_or_default(), first_line + n + 1);
            }
        }
    }
    assert!(phrases.len() >= 10, "found only {} model labels: is the scan broken?", phrases.len());
    let missing: Vec<String> = phrases.iter().filter(|(p, _)| !texts.contains(p)).map(|(p, at)| format!("{at}: {p:?}")).collect();
    assert!(missing.is_empty(), "Russian phrases from src/model with no message in ru.ftl:\n{}", missing.join("\n"));
}

#[test]
fn ui_code_holds_no_cyrillic() {
    let mut files = vec![root().join("src/app.rs")];
    rust_files(&root().join("src/ui"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let name = relative(&file);
        let code = without_comments(&read(&file));
        for (n, line) in code.lines().enumerate() {
            if !line.chars().any(is_cyrillic) {
                continue;
            }
            if CYRILLIC_ALLOWED.iter().any(|(f, text, _)| name == *f && line.contains(text)) {
                continue;
            }
            found.push(format!("{name}:{}: {}", n + 1, line.trim()));
        }
    }
    assert!(found.is_empty(), "Cyrillic in UI code (put it in src/ui/locales/*.ftl):\n{}", found.join("\n"));
}

#[test]
fn the_comment_stripper_keeps_strings_and_drops_comments() {
    let code = "let a = \"// не комментарий\"; // комментарий\nlet b: &'static str = r#\"\"сырой\"\"#; /* блок */ let c = 'ы';";
    let stripped = without_comments(code);
    assert!(stripped.contains("не комментарий") && stripped.contains("сырой") && stripped.contains("'ы'"), "{stripped}");
    assert!(!stripped.contains("комментарий\n") && !stripped.contains("блок"), "{stripped}");
}
