//! Imports go down the layers, never up: `model` ← `server` ← `api` ← `ui`/`app`,
//! with the HTTP router (`src/http.rs`) above them all. A file under `src/model`
//! that names `server`, `api`, `ui` or `app`, a file under `src/server` that
//! names `api`, `ui`, `app` or `http`, or a file under `src/api` that names
//! `ui`, `app` or `http` fails this test.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments, so a doc line may name a layer.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The layers of `forbidden` that `code` names as `crate::<layer>…`, also inside `crate::{…}`.
fn named_layers<'a>(code: &str, forbidden: &[&'a str]) -> Vec<&'a str> {
    let code = code_of(code);
    forbidden
        .iter()
        .copied()
        .filter(|layer| {
            let direct = code.contains(&format!("crate::{layer}::")) || code.contains(&format!("crate::{layer};"));
            let grouped = code.match_indices("crate::{").any(|(at, _)| {
                let end = code[at..].find(';').map_or(code.len(), |end| at + end);
                code[at..end]
                    .split(|c: char| c == '{' || c == ',' || c.is_whitespace())
                    .any(|item| item == *layer || item.starts_with(&format!("{layer}::")))
            });
            direct || grouped
        })
        .collect()
}

/// Every file under `src/<dir>` naming one of `forbidden`.
fn upward_imports(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root.join(dir), &mut files);
    assert!(!files.is_empty(), "no files under src/{dir}");
    let mut offenders = Vec::new();
    for file in files {
        for layer in named_layers(&std::fs::read_to_string(&file).unwrap(), forbidden) {
            offenders.push(format!("{} imports crate::{layer}", file.strip_prefix(&root).unwrap().display()));
        }
    }
    offenders
}

#[test]
fn model_imports_no_other_layer() {
    let offenders = upward_imports("model", &["server", "api", "ui", "app", "http"]);
    assert!(offenders.is_empty(), "model must stand alone:\n{}", offenders.join("\n"));
}

#[test]
fn server_imports_only_model() {
    let offenders = upward_imports("server", &["api", "ui", "app", "http"]);
    assert!(offenders.is_empty(), "server must not import the layers above it:\n{}", offenders.join("\n"));
}

#[test]
fn api_imports_no_ui() {
    let offenders = upward_imports("api", &["ui", "app", "http"]);
    assert!(offenders.is_empty(), "api must not import the UI or the router:\n{}", offenders.join("\n"));
}

#[test]
fn the_check_sees_upward_imports_and_ignores_comments() {
    let forbidden = ["api", "ui", "app"];
    assert_eq!(named_layers("use crate::api::guard;", &forbidden), ["api"]);
    assert_eq!(named_layers("use crate::{model::chat, ui::i18n};", &forbidden), ["ui"]);
    assert_eq!(named_layers("let r = crate::app::App;", &forbidden), ["app"]);
    assert!(named_layers("// see crate::api::live\nuse crate::model::chat;", &forbidden).is_empty());
    assert!(named_layers("use crate::server::apiary;", &forbidden).is_empty());
}
