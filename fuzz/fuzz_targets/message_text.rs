//! Message rules and the text renderers of chat items: any text is accepted
//! or refused with a reason, previews stay within their length, wait timers
//! format any duration.
#![no_main]

use chats::model::chat::{format_wait, wait_fraction};
use chats::model::message::{check_new_message, preview, MAX_MESSAGE_CHARS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (id, body) = text.split_at(text.char_indices().nth(8).map(|(i, _)| i).unwrap_or(text.len()));
    if check_new_message(body, id).is_ok() {
        assert!(!body.trim().is_empty() && body.chars().count() <= MAX_MESSAGE_CHARS);
    }
    let max = data.first().copied().unwrap_or(0) as usize;
    assert!(preview(body, max).chars().count() <= max + 1);
    let n = data.iter().take(8).fold(0i64, |acc, b| acc.wrapping_mul(256).wrapping_add(*b as i64));
    let _ = format_wait(n);
    let f = wait_fraction(n, n.wrapping_shr(7));
    assert!((0.0..=1.0).contains(&f), "{f}");
});
