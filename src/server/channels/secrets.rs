//! Secrets at rest (#16): mailbox passwords and bot tokens are stored
//! encrypted with AES-256-GCM under the server's key, never in the clear.
//!
//! The key comes from `SECRETS_KEY` (64 hex digits), or from the file
//! `secrets.key` beside an on-disk database, made on first start with mode
//! 0600. A `mem://` database (tests) gets a key for the process's life. A
//! database copied without its key file (a backup, say) holds no usable
//! password: the administrator enters it again.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine as _;

/// What an encrypted value starts with; anything else is an old plaintext
/// value, read as it is and encrypted at the next save.
const PREFIX: &str = "enc1:";

pub struct Secrets {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

impl Secrets {
    pub fn from_key(key: [u8; 32]) -> Self {
        Secrets { cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key)) }
    }

    /// A key for this process only.
    pub fn ephemeral() -> Self {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the OS random source works");
        Self::from_key(key)
    }

    /// The server's key: `SECRETS_KEY`, or the key file beside a database on
    /// disk (made now if missing), or a process key for `mem://`.
    pub fn from_env(database_url: &str) -> anyhow::Result<Self> {
        if let Ok(hex) = std::env::var("SECRETS_KEY") {
            return Ok(Self::from_key(parse_hex_key(hex.trim())?));
        }
        let Some(path) = database_url.strip_prefix("surrealkv://") else {
            if !database_url.starts_with("mem://") {
                tracing::warn!("SECRETS_KEY is not set: mailbox passwords saved now are readable by this process only");
            }
            return Ok(Self::ephemeral());
        };
        let dir = std::path::Path::new(path).parent().unwrap_or(std::path::Path::new("."));
        let file = dir.join("secrets.key");
        match std::fs::read_to_string(&file) {
            Ok(hex) => Ok(Self::from_key(parse_hex_key(hex.trim())?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key).expect("the OS random source works");
                let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
                write_private(&file, &hex)?;
                tracing::info!("made the key that encrypts stored secrets: {}", file.display());
                Ok(Self::from_key(key))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// `plain` encrypted, with a fresh nonce each time.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).expect("the OS random source works");
        let sealed = self.cipher.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()).expect("AES-GCM encrypts any length we store");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        [PREFIX, &B64.encode(bytes)].concat()
    }

    /// The plain text of a stored value; `None` when it was sealed under
    /// another key (or altered).
    pub fn open(&self, stored: &str) -> Option<String> {
        let Some(body) = stored.strip_prefix(PREFIX) else {
            return Some(stored.to_string());
        };
        let bytes = B64.decode(body).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), sealed).ok()?;
        String::from_utf8(plain).ok()
    }
}

fn parse_hex_key(hex: &str) -> anyhow::Result<[u8; 32]> {
    anyhow::ensure!(hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()), "SECRETS_KEY (or secrets.key) must be 64 hex digits");
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16)?;
    }
    Ok(key)
}

fn write_private(file: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(file)?.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_under_their_key() {
        let secrets = Secrets::ephemeral();
        let sealed = secrets.seal("пароль");
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("пароль"));
        assert_ne!(sealed, secrets.seal("пароль"), "a fresh nonce each time");
        assert_eq!(secrets.open(&sealed).as_deref(), Some("пароль"));
        assert_eq!(Secrets::ephemeral().open(&sealed), None);
        assert_eq!(secrets.open("old plaintext").as_deref(), Some("old plaintext"));
        assert!(parse_hex_key("12").is_err());
        assert_eq!(parse_hex_key(&"ab".repeat(32)).unwrap(), [0xab; 32]);
    }
}
