//! A received mail, read into what the chat needs (#16): who wrote, what it
//! answers, the text without the quoted history, the files, and whether a
//! person wrote it at all (a bounce or an auto-reply opens nothing).

use mail_parser::{MessageParser, MimeHeaders as _};
use sha2::Digest as _;

use crate::model::attachment::MAX_FILES_PER_MESSAGE;
use crate::model::message::MAX_MESSAGE_CHARS;

/// Who, or what, sent a mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    /// A person: the mail becomes a message.
    Person,
    /// A delivery report (a bounce): kept in the mail log, opens nothing.
    Bounce,
    /// An auto-reply or bulk mail (`Auto-Submitted`, `Precedence: bulk`):
    /// kept in the mail log, opens nothing and is never answered.
    Automatic,
}

impl MailKind {
    /// The mail log's word for what the mail became, when not a message.
    pub fn outcome(self) -> &'static str {
        match self {
            MailKind::Person => "chat",
            MailKind::Bounce => "bounce",
            MailKind::Automatic => "auto",
        }
    }
}

/// A file that came with a mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One received mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingMail {
    /// Its Message-ID without the angle brackets (made from its bytes when missing).
    pub message_id: String,
    /// In-Reply-To, then References from the newest back: where to look for its chat.
    pub thread: Vec<String>,
    pub from_address: String,
    pub from_name: Option<String>,
    /// To, Cc and Delivered-To, lower case (a reply address carries its chat).
    pub recipients: Vec<String>,
    pub subject: String,
    pub text: String,
    pub files: Vec<MailFile>,
    pub kind: MailKind,
}

impl IncomingMail {
    /// The message's idempotency key in its chat: the same mail read twice
    /// is stored once.
    pub fn client_id(&self) -> String {
        let digest = sha2::Sha256::digest(self.message_id.as_bytes());
        let hex: String = digest.iter().take(20).map(|b| format!("{b:02x}")).collect();
        ["mail_", &hex].concat()
    }

    /// The name the chat list shows for the sender.
    pub fn display_name(&self) -> String {
        let name = self.from_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or(&self.from_address);
        name.chars().take(100).collect()
    }
}

/// Reads a raw mail; `None` when it has no sender address to answer.
pub fn parse(raw: &[u8]) -> Option<IncomingMail> {
    let mail = MessageParser::default().parse(raw)?;
    let from = mail.from().and_then(|a| a.first());
    let from_address = from.and_then(|a| a.address()).map(|a| a.trim().to_lowercase()).filter(|a| a.contains('@'))?;
    let from_name = from.and_then(|a| a.name()).map(str::to_string);
    let message_id = match mail.message_id() {
        Some(id) if !id.trim().is_empty() => id.trim().trim_matches(['<', '>']).to_string(),
        _ => {
            let digest = sha2::Sha256::digest(raw);
            let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
            [hex.as_str(), "@no-message-id"].concat()
        }
    };
    let mut thread: Vec<String> = ids(mail.in_reply_to());
    let mut references = ids(mail.references());
    references.reverse();
    for id in references {
        if !thread.contains(&id) {
            thread.push(id);
        }
    }
    let mut recipients: Vec<String> = mail.to().into_iter().chain(mail.cc()).flat_map(|a| a.iter()).filter_map(|a| a.address()).map(str::to_lowercase).collect();
    for value in mail.header_values("Delivered-To").chain(mail.header_values("X-Original-To")) {
        if let Some(text) = value.as_text() {
            recipients.push(text.trim().trim_matches(['<', '>']).to_lowercase());
        }
    }
    let subject = mail.subject().unwrap_or_default().chars().take(500).collect();
    let kind = kind_of(&mail, &from_address);
    // body_text turns an HTML-only mail into plain text: no markup reaches
    // the workspace, which shows messages as text.
    let body = mail.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
    let text = limit(&strip_quoted(&body), MAX_MESSAGE_CHARS);
    let files = mail
        .attachments()
        .filter(|part| !part.is_message())
        .take(MAX_FILES_PER_MESSAGE)
        .map(|part| MailFile { name: part.attachment_name().unwrap_or("attachment").to_string(), bytes: part.contents().to_vec() })
        .collect();
    Some(IncomingMail { message_id, thread, from_address, from_name, recipients, subject, text, files, kind })
}

fn ids(value: &mail_parser::HeaderValue<'_>) -> Vec<String> {
    let list: Vec<String> = match (value.as_text_list(), value.as_text()) {
        (Some(list), _) => list.iter().map(|s| s.to_string()).collect(),
        (None, Some(one)) => vec![one.to_string()],
        _ => Vec::new(),
    };
    list.into_iter().map(|id| id.trim().trim_matches(['<', '>']).to_string()).filter(|id| !id.is_empty()).collect()
}

fn kind_of(mail: &mail_parser::Message<'_>, from: &str) -> MailKind {
    let header = |name: &str| mail.header_raw(name).map(|v| v.trim().to_ascii_lowercase());
    let local = from.split('@').next().unwrap_or_default();
    let report = mail.content_type().is_some_and(|ct| {
        ct.c_type.eq_ignore_ascii_case("multipart") && ct.c_subtype.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    if report || header("Return-Path").as_deref() == Some("<>") || ["mailer-daemon", "postmaster"].contains(&local) {
        return MailKind::Bounce;
    }
    let auto_submitted = header("Auto-Submitted").is_some_and(|v| v != "no");
    let bulk = header("Precedence").is_some_and(|v| ["bulk", "junk", "list", "auto_reply"].contains(&v.as_str()));
    let flagged = ["X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"].iter().any(|h| header(h).is_some_and(|v| v == "yes" || v == "all" || !v.is_empty() && *h != "X-Auto-Response-Suppress"));
    if auto_submitted || bulk || flagged || mail.header_raw("List-Id").is_some() {
        return MailKind::Automatic;
    }
    MailKind::Person
}

/// The new part of a reply: the quoted history below it (a «> » block, or
/// everything after an «On … wrote:» line or an Outlook header) is already
/// in the chat, so it is left out.
pub fn strip_quoted(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let lower = trimmed.to_lowercase();
        let attribution = (lower.ends_with("wrote:") || lower.ends_with("писал:") || lower.ends_with("писал(а):") || lower.ends_with("пишет:"))
            && lines[i + 1..].iter().any(|l| l.trim_start().starts_with('>'));
        let outlook = lower.starts_with("-----original message-----") || lower.starts_with("-----исходное сообщение-----");
        if attribution || outlook {
            end = i;
            break;
        }
    }
    // A trailing block of quoted lines with no attribution above it.
    while end > 0 && (lines[end - 1].trim_start().starts_with('>') || lines[end - 1].trim().is_empty()) {
        if lines[..end].iter().all(|l| l.trim_start().starts_with('>') || l.trim().is_empty()) {
            break;
        }
        end -= 1;
    }
    lines[..end].join("\n").trim().to_string()
}

fn limit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// The chat a reply address names: `local+TOKEN@domain` for the mailbox
/// `local@domain` (our replies set it as Reply-To).
pub fn reply_token(recipients: &[String], mailbox: &str) -> Option<String> {
    let (local, domain) = mailbox.split_once('@')?;
    recipients.iter().find_map(|r| {
        let (r_local, r_domain) = r.split_once('@')?;
        let token = r_local.strip_prefix(local)?.strip_prefix('+')?;
        (r_domain.eq_ignore_ascii_case(domain) && !token.is_empty() && token.len() <= 80 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
            .then(|| token.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = "From: =?utf-8?b?0JjQstCw0L0=?= <Ivan@Customer.test>\r\nTo: support@example.test\r\nSubject: =?utf-8?b?0JfQsNC60LDQtw==?=\r\nMessage-ID: <abc@customer.test>\r\nIn-Reply-To: <m.2@example.test>\r\nReferences: <m.1@example.test> <m.2@example.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nДобрый день!\r\n\r\nOn Mon, 1 Dec 2026 Support wrote:\r\n> old text\r\n> more\r\n";

    #[test]
    fn a_persons_reply_is_read_with_its_thread() {
        let mail = parse(PLAIN.as_bytes()).unwrap();
        assert_eq!(mail.message_id, "abc@customer.test");
        assert_eq!(mail.thread, vec!["m.2@example.test".to_string(), "m.1@example.test".to_string()]);
        assert_eq!(mail.from_address, "ivan@customer.test");
        assert_eq!(mail.display_name(), "Иван");
        assert_eq!(mail.subject, "Заказ");
        assert_eq!(mail.text, "Добрый день!");
        assert_eq!(mail.kind, MailKind::Person);
        assert_eq!(mail.recipients, vec!["support@example.test".to_string()]);
        assert!(mail.client_id().len() <= 64 && mail.client_id().starts_with("mail_"));
    }

    #[test]
    fn html_becomes_text_without_markup() {
        let raw = "From: a@b.test\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n<p>Hello <b>there</b><script>alert(1)</script></p>";
        let mail = parse(raw.as_bytes()).unwrap();
        assert!(mail.text.contains("Hello") && mail.text.contains("there"), "{}", mail.text);
        assert!(!mail.text.contains('<'), "{}", mail.text);
    }

    #[test]
    fn bounces_and_auto_replies_are_told_apart() {
        let bounce = "From: MAILER-DAEMON@example.test\r\nSubject: Undelivered\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--x--\r\n";
        assert_eq!(parse(bounce.as_bytes()).unwrap().kind, MailKind::Bounce);
        let auto = "From: a@b.test\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\naway";
        assert_eq!(parse(auto.as_bytes()).unwrap().kind, MailKind::Automatic);
        let bulk = "From: a@b.test\r\nPrecedence: bulk\r\nSubject: News\r\n\r\nnews";
        assert_eq!(parse(bulk.as_bytes()).unwrap().kind, MailKind::Automatic);
        let person = "From: a@b.test\r\nAuto-Submitted: no\r\nSubject: Hi\r\n\r\nhi";
        assert_eq!(parse(person.as_bytes()).unwrap().kind, MailKind::Person);
        assert!(parse(b"Subject: nobody\r\n\r\ntext").is_none(), "no sender to answer");
    }

    #[test]
    fn quoted_history_is_left_out() {
        assert_eq!(strip_quoted("Да, спасибо\n\n> Вопрос?\n> ещё"), "Да, спасибо");
        assert_eq!(strip_quoted("Ok\n-----Original Message-----\nFrom: x"), "Ok");
        assert_eq!(strip_quoted("> only a quote"), "> only a quote");
        assert_eq!(strip_quoted("no quote at all\nsecond line"), "no quote at all\nsecond line");
    }

    #[test]
    fn a_reply_address_names_its_chat() {
        let to = vec!["other@x.test".to_string(), "support+vabc_2@example.test".to_string()];
        assert_eq!(reply_token(&to, "support@example.test").as_deref(), Some("vabc_2"));
        assert_eq!(reply_token(&to, "help@example.test"), None);
        assert_eq!(reply_token(&["support+x@evil.test".to_string()], "support@example.test"), None);
    }

    #[test]
    fn attachments_come_with_their_names() {
        let raw = "From: a@b.test\r\nSubject: f\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--b\r\nContent-Type: application/pdf; name=\"счёт.pdf\"\r\nContent-Disposition: attachment; filename=\"счёт.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
        let mail = parse(raw.as_bytes()).unwrap();
        assert_eq!(mail.text, "see file");
        assert_eq!(mail.files, vec![MailFile { name: "счёт.pdf".into(), bytes: b"%PDF-1.4\n".to_vec() }]);
    }
}
