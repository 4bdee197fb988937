//! The server's clock and record keys.

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A new record key: 20 random lowercase letters and digits, starting with a
/// letter, so it never needs quoting in SurrealQL.
pub fn new_key() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    bytes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let range = if i == 0 { 26 } else { ALPHABET.len() };
            ALPHABET[*b as usize % range] as char
        })
        .collect()
}

/// A secret token: 32 random bytes as hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` random decimal digits (for IDs people type, such as a meeting's).
pub fn new_digits(n: usize) -> String {
    let mut digits = String::with_capacity(n);
    while digits.len() < n {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("the OS random source works");
        // 250 = 25 × 10: below it every digit is equally likely.
        digits.extend(bytes.iter().filter(|b| **b < 250).map(|b| char::from(b'0' + b % 10)));
    }
    digits.truncate(n);
    digits
}
