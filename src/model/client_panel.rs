//! The client panel beside a client chat (C1, S4) and what the widget
//! reports about the page its visitor is on.

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// The longest page address the widget may report, in bytes.
pub const PAGE_URL_MAX: usize = 2000;
/// The longest page title and location, in characters.
pub const PAGE_TEXT_MAX: usize = 300;

/// What the widget's loader reports whenever the host page changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageReport {
    pub url: String,
    pub title: String,
    /// The browser's time zone, e.g. "Europe/Moscow".
    pub timezone: String,
    /// The browser's language, e.g. "ru-RU".
    pub language: String,
}

impl PageReport {
    pub fn problem(&self) -> Option<Problem> {
        if !(self.url.starts_with("https://") || self.url.starts_with("http://")) {
            return Some(Problem::PageUrlScheme);
        }
        if self.url.len() > PAGE_URL_MAX {
            return Some(Problem::PageUrlTooLong);
        }
        if [&self.title, &self.timezone, &self.language].iter().any(|t| t.chars().count() > PAGE_TEXT_MAX) {
            return Some(Problem::PageTextTooLong);
        }
        None
    }

    /// "Europe/Moscow · ru-RU", or nothing when the browser said nothing.
    pub fn location(&self) -> Option<String> {
        let parts: Vec<&str> = [self.timezone.trim(), self.language.trim()].into_iter().filter(|p| !p.is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// The `utm_*` tags of an address, in order, decoded ("+" is a space).
pub fn utm_tags(url: &str) -> Vec<(String, String)> {
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    let query = query.split('#').next().unwrap_or_default();
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, value)| key.starts_with("utm_") && !value.is_empty())
        .map(|(key, value)| (decode(key), decode(value)))
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page a visitor is on now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentPage {
    pub url: String,
    pub title: String,
    pub at_ms: i64,
}

/// One custom field as the panel shows it (S5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub name: String,
    pub value: Option<String>,
}

/// The panel of one client chat: only the parts the room shows (S4).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClientPanel {
    pub client_name: Option<String>,
    /// The room's `panel_fields`, in their order.
    pub shown: Vec<String>,
    pub responsible: Option<String>,
    pub location: Option<String>,
    pub page: Option<CurrentPage>,
    pub utm: Vec<(String, String)>,
    pub fields: Vec<FieldValue>,
    /// A block in force (C14): until when and why.
    pub block: Option<crate::model::block::BlockInfo>,
    /// The e-mail address the visitor left in the offline form (#14).
    #[serde(default)]
    pub email: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_tags_are_read_from_the_address() {
        let tags = utm_tags("https://shop.example/pricing?utm_source=google&x=1&utm_campaign=spring+sale%21&utm_term=#top");
        assert_eq!(tags, vec![("utm_source".into(), "google".into()), ("utm_campaign".into(), "spring sale!".into())]);
        assert!(utm_tags("https://shop.example/").is_empty());
        assert_eq!(utm_tags("https://x.example/?utm_source=%D1%8F%")[0].1, "я%");
    }

    #[test]
    fn reports_are_checked() {
        let ok = PageReport { url: "https://shop.example/".into(), title: "Магазин".into(), timezone: "Europe/Moscow".into(), language: "ru-RU".into() };
        assert_eq!(ok.problem(), None);
        assert_eq!(ok.location().as_deref(), Some("Europe/Moscow · ru-RU"));
        assert!(PageReport { url: "javascript:alert(1)".into(), ..ok.clone() }.problem().is_some());
        assert!(PageReport { url: format!("https://x.example/{}", "a".repeat(PAGE_URL_MAX)), ..ok.clone() }.problem().is_some());
        assert!(PageReport { title: "я".repeat(301), ..ok }.problem().is_some());
    }
}
