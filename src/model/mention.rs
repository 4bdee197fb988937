//! Mentions (#14): `@Имя Фамилия` in a private note or a staff chat names a
//! colleague, who is told and finds the chat marked until they read it.

/// The ids of the `candidates` (id, name) that `text` mentions: `@` and the
/// full name in any case, or `@` and the first name when only one candidate
/// has it, each followed by something that is not a letter or digit.
pub fn mentioned(text: &str, candidates: &[(String, String)]) -> Vec<String> {
    if !text.contains('@') {
        return Vec::new();
    }
    let text = text.to_lowercase();
    let first_name = |name: &str| name.split_whitespace().next().unwrap_or_default().to_lowercase();
    candidates
        .iter()
        .filter(|(_, name)| {
            let full = name.trim().to_lowercase();
            let first = first_name(name);
            let unique_first = !first.is_empty() && candidates.iter().filter(|(_, other)| first_name(other) == first).count() == 1;
            (!full.is_empty() && names(&text, &full)) || (unique_first && names(&text, &first))
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// `text` holds `@name` with nothing word-like right after it.
fn names(text: &str, name: &str) -> bool {
    let needle = format!("@{name}");
    text.match_indices(&needle).any(|(at, _)| text[at + needle.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::mentioned;

    fn staff() -> Vec<(String, String)> {
        [("anna", "Анна Смирнова"), ("anna2", "Анна Петрова"), ("boris", "Борис Иванов")]
            .iter()
            .map(|(id, name)| (id.to_string(), name.to_string()))
            .collect()
    }

    #[test]
    fn full_names_and_unique_first_names_are_mentions() {
        assert_eq!(mentioned("@Анна Смирнова, глянь", &staff()), ["anna"]);
        assert_eq!(mentioned("@борис иванов и @анна петрова", &staff()), ["anna2", "boris"]);
        assert_eq!(mentioned("@Борис, посмотри", &staff()), ["boris"], "one Борис: his first name is enough");
        assert!(mentioned("@Анна, посмотри", &staff()).is_empty(), "two Анна: the first name says nobody");
    }

    #[test]
    fn only_whole_names_after_an_at_sign_count() {
        assert!(mentioned("Борис Иванов сказал", &staff()).is_empty());
        assert!(mentioned("@Борисыч", &staff()).is_empty());
        assert!(mentioned("mail boris@example.com", &staff()).is_empty());
        assert_eq!(mentioned("(@Борис)", &staff()), ["boris"]);
    }
}
