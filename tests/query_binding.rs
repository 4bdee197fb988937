//! No SurrealQL is built from text at run time: a `format!` whose string holds
//! a query keyword anywhere in `src/` fails this test. Queries are constant
//! strings (or `concat!` of constants) with `$parameters` bound separately.

use std::path::Path;

const KEYWORDS: [&str; 9] = ["SELECT ", "UPDATE ", "DELETE ", "CREATE ", "UPSERT ", "INSERT ", "RELATE ", "DEFINE ", "LIVE "];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `( … )` with nested parentheses, as written after `format!`.
fn balanced_call(text: &str) -> String {
    let mut depth = 0;
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn no_query_is_formatted() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut offenders = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Look at each format!( … ) call up to its closing parenthesis.
        for (start, _) in text.match_indices("format!(") {
            let call = balanced_call(&text[start + "format!".len()..]);
            if KEYWORDS.iter().any(|k| call.contains(k)) {
                offenders.push(format!("{}: {}", file.display(), call.lines().next().unwrap_or_default()));
            }
        }
    }
    assert!(offenders.is_empty(), "queries built with format!:\n{}", offenders.join("\n"));
}
