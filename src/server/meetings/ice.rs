//! ICE servers for the browsers' peer connections (X3), from the
//! environment: `STUN_URLS`, and `TURN_URLS` with `TURN_SECRET` for TURN
//! credentials that expire (coturn's `use-auth-secret`; see docs/meetings.md).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::model::meeting::IceServer;

/// How long a TURN credential lasts unless `TURN_TTL_SECS` says otherwise.
const DEFAULT_TTL_SECS: i64 = 3600;

/// The servers one peer gets; TURN credentials are made for that peer.
pub fn servers(peer: &str) -> Vec<IceServer> {
    let list = |name: &str| -> Vec<String> {
        std::env::var(name).unwrap_or_default().split(',').map(str::trim).filter(|u| !u.is_empty()).map(String::from).collect()
    };
    let mut servers = Vec::new();
    let stun = list("STUN_URLS");
    if !stun.is_empty() {
        servers.push(IceServer { urls: stun, username: None, credential: None });
    }
    let turn = list("TURN_URLS");
    if let (false, Ok(secret)) = (turn.is_empty(), std::env::var("TURN_SECRET")) {
        let ttl = std::env::var("TURN_TTL_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_TTL_SECS);
        let expires = crate::server::clock::now_ms() / 1000 + ttl;
        let (username, credential) = turn_credential(&secret, expires, peer);
        servers.push(IceServer { urls: turn, username: Some(username), credential: Some(credential) });
    }
    servers
}

/// coturn's REST scheme: the user name is `expiry:peer`, the password the
/// base64 HMAC-SHA1 of that name under the shared secret.
pub fn turn_credential(secret: &str, expires_secs: i64, peer: &str) -> (String, String) {
    let username = format!("{expires_secs}:{peer}");
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(username.as_bytes());
    let credential = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    (username, credential)
}

#[cfg(test)]
mod tests {
    #[test]
    fn turn_credential_matches_coturn() {
        // RFC 2202 test case 2 key and data give this well-known HMAC-SHA1.
        let mut mac = <hmac::Hmac<sha1::Sha1> as hmac::Mac>::new_from_slice(b"Jefe").unwrap();
        hmac::Mac::update(&mut mac, b"what do ya want for nothing?");
        let hex: String = hmac::Mac::finalize(mac).into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        let (user, password) = super::turn_credential("secret", 1_700_000_000, "p1");
        assert_eq!(user, "1700000000:p1");
        assert_eq!(password.len(), 28, "base64 of 20 bytes");
    }
}
