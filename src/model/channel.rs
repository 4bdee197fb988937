//! E-mail and messenger sources (#16): how an answer travels to the client,
//! and how a source's connection stands.

use serde::{Deserialize, Serialize};

/// Where an employee's answer in an e-mail chat is on its way to the client.
/// Widget chats have none: the widget reads the message itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    /// Waiting for its turn, or for a retry after `error` (`attempts` so far).
    Queued {
        #[serde(default)]
        attempts: i64,
        #[serde(default)]
        error: Option<String>,
    },
    /// The client's mail server took it.
    Sent,
    /// Refused for good, with the server's answer; «Отправить снова» queues it again.
    Failed { error: String },
}

impl Delivery {
    /// From the message row's three fields.
    pub fn from_parts(state: Option<&str>, attempts: Option<i64>, error: Option<String>) -> Option<Delivery> {
        match state? {
            "queued" => Some(Delivery::Queued { attempts: attempts.unwrap_or(0), error }),
            "sent" => Some(Delivery::Sent),
            "failed" => Some(Delivery::Failed { error: error.unwrap_or_default() }),
            _ => None,
        }
    }
}

/// A delivery error that is the server's own reason, not the other side's
/// words: stored as `code:<reason>` (or `code:<reason>:<file name>`), shown
/// in the reader's language.
pub mod reason {
    pub const NO_CHANNEL: &str = "code:no_channel";
    pub const MESSAGE_GONE: &str = "code:message_gone";
    pub const NO_EMAIL: &str = "code:no_email";
    pub const NO_MAILBOX: &str = "code:no_mailbox";
    pub const NO_TELEGRAM_CHAT: &str = "code:no_telegram_chat";
    pub const NO_BOT: &str = "code:no_bot";
    pub const FILE_TOO_LARGE_FOR_TELEGRAM: &str = "code:file_too_large_for_telegram";
}

/// How a delivery error reads: one of [`reason`]'s (its Fluent id
/// `delivery-reason-…` and the file it names, if any), or the other side's words.
pub fn delivery_reason(error: &str) -> Result<(String, Option<String>), &str> {
    match error.strip_prefix("code:") {
        Some(rest) => {
            let (code, file) = match rest.split_once(':') {
                Some((code, file)) => (code, Some(file.to_string())),
                None => (rest, None),
            };
            Ok((["delivery-reason-", &code.replace('_', "-")].concat(), file))
        }
        None => Err(error),
    }
}

/// How a source's connection stands, as settings show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SourceHealth {
    /// Not running: switched off, or not started yet.
    #[default]
    Stopped,
    /// Logged in and waiting for mail (IDLE, or polling where the server has no IDLE).
    Connected { since_ms: i64 },
    /// The server failed; the next try comes with a growing pause.
    Retrying { since_ms: i64, error: String },
}

/// One step of «Проверить подключение»: what was tried and what it answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionStep {
    /// "imap" or "smtp".
    pub server: String,
    pub ok: bool,
    /// The server's own words on failure; empty when it worked.
    pub detail: String,
}

/// The Telegram bot of a client room (S3, #16). The token is write-only:
/// the server never sends it back, only whether one is stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TelegramSource {
    pub room: String,
    /// Empty when saving keeps the stored token.
    pub token: String,
    pub has_token: bool,
    pub enabled: bool,
    /// The bot's @username, learnt from Telegram («Проверить подключение»).
    #[serde(default)]
    pub bot_username: Option<String>,
    #[serde(default)]
    pub health: SourceHealth,
}

/// A token as @BotFather gives it: the bot's number, a colon, a secret.
pub fn check_telegram_source(source: &TelegramSource) -> Result<(), crate::model::problem::Problem> {
    let token = source.token.trim();
    if token.is_empty() {
        return Ok(());
    }
    let well_formed = token.len() <= 100
        && token.split_once(':').is_some_and(|(id, secret)| {
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) && secret.len() >= 20 && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
    if well_formed { Ok(()) } else { Err(crate::model::problem::Problem::BadBotToken) }
}

/// Telegram's longest text message, in characters.
pub const TELEGRAM_MAX_TEXT: usize = 4096;

/// A long answer in pieces Telegram takes, cut at line ends where it can.
pub fn telegram_pieces(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > TELEGRAM_MAX_TEXT {
        let window = &rest[..TELEGRAM_MAX_TEXT];
        let cut = window.iter().rposition(|c| *c == '\n').filter(|i| *i > TELEGRAM_MAX_TEXT / 2).map(|i| i + 1).unwrap_or(TELEGRAM_MAX_TEXT);
        pieces.push(rest[..cut].iter().collect::<String>().trim_end().to_string());
        rest = rest[cut..].to_vec();
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(rest.into_iter().collect());
    }
    pieces
}

/// The subject of a reply: the client's, with one «Re: » in front.
pub fn reply_subject(subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        let lower = rest.get(..3).map(str::to_ascii_lowercase);
        match lower.as_deref() {
            Some("re:") => rest = rest[3..].trim_start(),
            _ => break,
        }
    }
    if rest.is_empty() {
        "Re: ".trim_end().to_string()
    } else {
        ["Re: ", rest].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_subject_has_one_re() {
        assert_eq!(reply_subject("Заказ 15"), "Re: Заказ 15");
        assert_eq!(reply_subject("RE: re:  Заказ 15"), "Re: Заказ 15");
        assert_eq!(reply_subject(""), "Re:");
    }

    #[test]
    fn bot_tokens_are_checked_and_long_answers_cut() {
        let source = |token: &str| TelegramSource { token: token.into(), ..Default::default() };
        assert!(check_telegram_source(&source("123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms")).is_ok());
        assert!(check_telegram_source(&source("")).is_ok(), "empty keeps the stored one");
        for bad in ["abc:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K", "123456789", "123:short", "123:AAEhBOweik6ad9r QXMENQjcrGbqCr4K"] {
            assert!(check_telegram_source(&source(bad)).is_err(), "{bad}");
        }
        assert_eq!(telegram_pieces("short"), vec!["short".to_string()]);
        let long = ["a".repeat(3000), "b".repeat(3000)].join("\n");
        let pieces = telegram_pieces(&long);
        assert_eq!(pieces, vec!["a".repeat(3000), "b".repeat(3000)]);
        assert!(telegram_pieces(&"x".repeat(9000)).iter().all(|p| p.chars().count() <= TELEGRAM_MAX_TEXT));
    }

    #[test]
    fn our_reasons_are_codes_and_theirs_are_words() {
        assert_eq!(delivery_reason(reason::NO_MAILBOX), Ok(("delivery-reason-no-mailbox".to_string(), None)));
        let big = [reason::FILE_TOO_LARGE_FOR_TELEGRAM, ":video.mp4"].concat();
        assert_eq!(delivery_reason(&big), Ok(("delivery-reason-file-too-large-for-telegram".to_string(), Some("video.mp4".to_string()))));
        assert_eq!(delivery_reason("550 5.1.1 no such user"), Err("550 5.1.1 no such user"));
    }

    #[test]
    fn delivery_reads_from_its_row() {
        assert_eq!(Delivery::from_parts(None, None, None), None);
        assert_eq!(Delivery::from_parts(Some("queued"), Some(2), Some("451".into())), Some(Delivery::Queued { attempts: 2, error: Some("451".into()) }));
        assert_eq!(Delivery::from_parts(Some("failed"), None, Some("550 no such user".into())), Some(Delivery::Failed { error: "550 no such user".into() }));
        assert_eq!(Delivery::from_parts(Some("sent"), Some(1), None), Some(Delivery::Sent));
    }
}
