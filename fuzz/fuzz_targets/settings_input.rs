//! The settings checks run in the browser and again on the server: any
//! input is accepted or refused, never panics, and what is accepted holds
//! the promised shape (a colour that is safe in a style attribute).
#![no_main]

use chats::model::directory::{check_custom_field, check_entry_name, check_status, is_color, CustomField, Status};
use chats::model::settings::{check_email_source, EmailSource};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).to_string();
    if let Ok(name) = check_entry_name(&text) {
        assert!(!name.is_empty() && name == name.trim());
    }
    if is_color(&text) {
        assert!(text.bytes().all(|b| b == b'#' || b.is_ascii_hexdigit()));
    }
    let status = Status { name: text.clone(), color: text.clone(), message: Some(text.clone()), ..Default::default() };
    let _ = check_status(&status);
    let _ = check_custom_field(&CustomField { name: text.clone(), choices: text.split(',').map(str::to_string).collect(), ..Default::default() });
    let port = data.len() as i64 * 37 - 5;
    let _ = check_email_source(&EmailSource { address: text.clone(), imap_host: text.clone(), smtp_host: text, imap_port: port, smtp_port: port, ..Default::default() });
});
