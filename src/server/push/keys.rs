//! The VAPID key pair (RFC 8292): made once, stored, and used to sign the
//! token that proves each push comes from this server.

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use surrealdb::types::SurrealValue;
use web_push_native::p256::ecdsa::signature::Signer as _;
use web_push_native::p256::ecdsa::{Signature, SigningKey};
use web_push_native::p256::elliptic_curve::rand_core::OsRng;

use crate::server::clock::now_ms;
use crate::server::state::Db;
use crate::server::store::db::first;

#[derive(SurrealValue)]
struct KeyRow {
    private_key: String,
}

/// The stored key pair, or a new one stored now.
pub async fn load_or_create(db: &Db) -> anyhow::Result<SigningKey> {
    let mut response = db.query("SELECT private_key FROM push_key:vapid").await?;
    if let Some(row) = first::<KeyRow>(&mut response, 0)? {
        return Ok(SigningKey::from_slice(&B64.decode(row.private_key)?)?);
    }
    let key = SigningKey::random(&mut OsRng);
    // Two nodes starting at once: the first to create wins, the other reads it.
    let created = db
        .query("CREATE push_key:vapid SET private_key = $key, created_ms = $now")
        .bind(("key", B64.encode(key.to_bytes())))
        .bind(("now", now_ms()))
        .await?
        .check();
    if created.is_err() {
        let mut response = db.query("SELECT private_key FROM push_key:vapid").await?;
        let row = first::<KeyRow>(&mut response, 0)?.ok_or_else(|| anyhow::anyhow!("the VAPID key could be neither created nor read"))?;
        return Ok(SigningKey::from_slice(&B64.decode(row.private_key)?)?);
    }
    tracing::info!("made this server's VAPID key pair for Web Push");
    Ok(key)
}

/// The public key as browsers take it for `applicationServerKey`: the
/// uncompressed P-256 point, base64url without padding.
pub fn application_server_key(key: &SigningKey) -> String {
    B64.encode(key.verifying_key().to_encoded_point(false).as_bytes())
}

/// The `Authorization: vapid t=…, k=…` header for a push to `endpoint`
/// (its origin is the token's audience), valid for `valid` (at most 24 h).
pub fn authorization(key: &SigningKey, endpoint: &reqwest::Url, subject: &str, valid: Duration) -> anyhow::Result<String> {
    let audience = endpoint.origin().ascii_serialization();
    let expires = now_ms() / 1000 + valid.as_secs().min(24 * 3600) as i64;
    let header = B64.encode(r#"{"typ":"JWT","alg":"ES256"}"#);
    let claims = B64.encode(serde_json::json!({ "aud": audience, "exp": expires, "sub": subject }).to_string());
    let input = format!("{header}.{claims}");
    let signature: Signature = key.sign(input.as_bytes());
    Ok(format!("vapid t={input}.{}, k={}", B64.encode(signature.to_bytes()), application_server_key(key)))
}
