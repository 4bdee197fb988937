//! Employees' push subscriptions: one per browser or device, kept by its
//! endpoint, listed and removed in the profile, and dropped when the push
//! service says it is gone.

use std::net::IpAddr;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use surrealdb::types::{RecordId, SurrealValue};

use crate::model::problem::{Problem, Thing};
use crate::model::push::{NewPushSubscription, PushDevice, PushSettings, DEVICE_MAX_CHARS, ENDPOINT_MAX_CHARS};
use crate::server::clock::now_ms;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::people::auth::token_hash;
use crate::server::rights::Actor;
use crate::server::state::AppState;
use crate::server::store::db::{first, rows};
use crate::server::store::records::{key, record};

/// base64url as browsers write it, padded or not.
pub const B64URL: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::URL_SAFE, GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent));

/// A subscription ready to push to.
#[derive(Clone, Debug, SurrealValue)]
pub struct SubscriptionRow {
    pub id: RecordId,
    pub employee: RecordId,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub lang: String,
}

#[derive(SurrealValue)]
struct DeviceRow {
    id: RecordId,
    device: String,
    created_ms: i64,
    seen_ms: i64,
}

/// Checks a subscription from a browser: an https endpoint on a public
/// host (plain http and loopback only with `allow_http`), a valid P-256
/// key and a 16-byte secret.
pub fn check(subscription: &NewPushSubscription, allow_http: bool) -> Result<(), Problem> {
    let invalid = Problem::PushSubscriptionInvalid;
    if subscription.endpoint.len() > ENDPOINT_MAX_CHARS || subscription.device.chars().count() > DEVICE_MAX_CHARS {
        return Err(invalid);
    }
    let url = reqwest::Url::parse(&subscription.endpoint).map_err(|_| invalid.clone())?;
    let host_ok = match url.host() {
        Some(url::Host::Domain(domain)) => allow_http || (domain != "localhost" && !domain.ends_with(".localhost") && domain.contains('.')),
        Some(url::Host::Ipv4(ip)) => allow_http || is_public(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => allow_http || is_public(IpAddr::V6(ip)),
        None => false,
    };
    let scheme_ok = url.scheme() == "https" || (allow_http && url.scheme() == "http");
    if !host_ok || !scheme_ok || !url.username().is_empty() {
        return Err(invalid);
    }
    let key = B64URL.decode(subscription.p256dh.trim()).map_err(|_| invalid.clone())?;
    if web_push_native::p256::PublicKey::from_sec1_bytes(&key).is_err() {
        return Err(invalid);
    }
    match B64URL.decode(subscription.auth.trim()) {
        Ok(secret) if secret.len() == 16 => Ok(()),
        _ => Err(invalid),
    }
}

/// Not private, loopback, link-local, unspecified, broadcast or documentation.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !(v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified() || v4.is_broadcast() || v4.is_documentation()),
        IpAddr::V6(v6) => !(v6.is_loopback() || v6.is_unspecified() || (v6.segments()[0] & 0xfe00) == 0xfc00 || (v6.segments()[0] & 0xffc0) == 0xfe80),
    }
}

/// Saves (or renews) the caller's subscription for this browser; an
/// endpoint another employee had (the same browser, signed in as someone
/// else) passes to the caller.
pub async fn subscribe(state: &AppState, actor: &Actor, subscription: NewPushSubscription) -> ServiceResult<PushDevice> {
    check(&subscription, state.push.allow_http)?;
    let lang = if subscription.lang == "en" { "en" } else { "ru" };
    let device = subscription.device.trim();
    let device = if device.is_empty() { "?" } else { device };
    let id = record("push_subscription", &token_hash(&subscription.endpoint)[..32])?;
    let now = now_ms();
    let mut response = state
        .db
        .query(
            "UPSERT $id SET employee = $employee, endpoint = $endpoint, p256dh = $p256dh, auth = $secret, device = $device,
                lang = $lang, created_ms = IF employee = $employee { created_ms ?? $now } ELSE { $now }, seen_ms = $now
             RETURN id, device, created_ms, seen_ms",
        )
        .bind(("id", id))
        .bind(("employee", record("employee", &actor.id)?))
        .bind(("endpoint", subscription.endpoint.trim().to_string()))
        .bind(("p256dh", subscription.p256dh.trim().to_string()))
        .bind(("secret", subscription.auth.trim().to_string()))
        .bind(("device", device.to_string()))
        .bind(("lang", lang.to_string()))
        .bind(("now", now))
        .await?;
    let row = first::<DeviceRow>(&mut response, 0)?.ok_or_else(|| ServiceError::internal("push subscribe", None))?;
    reload_subscribed(state).await?;
    Ok(PushDevice { id: key(&row.id), device: row.device, created_ms: row.created_ms, seen_ms: row.seen_ms })
}

/// The caller's subscribed browsers and devices, newest first.
pub async fn devices(state: &AppState, actor: &Actor) -> ServiceResult<Vec<PushDevice>> {
    let mut response = state
        .db
        .query("SELECT id, device, created_ms, seen_ms FROM push_subscription WHERE employee = $employee ORDER BY created_ms DESC")
        .bind(("employee", record("employee", &actor.id)?))
        .await?;
    Ok(rows::<DeviceRow>(&mut response, 0)?
        .into_iter()
        .map(|row| PushDevice { id: key(&row.id), device: row.device, created_ms: row.created_ms, seen_ms: row.seen_ms })
        .collect())
}

/// Removes one of the caller's own subscriptions (another's is unknown to them).
pub async fn remove(state: &AppState, actor: &Actor, device: &str) -> ServiceResult<()> {
    let mut response = state
        .db
        .query("DELETE push_job WHERE subscription = $id; DELETE $id WHERE employee = $employee RETURN BEFORE")
        .bind(("id", record("push_subscription", device)?))
        .bind(("employee", record("employee", &actor.id)?))
        .await?;
    let removed = rows::<surrealdb::types::Value>(&mut response, 1)?;
    if removed.is_empty() {
        return Err(ServiceError::not_found(Thing::Other));
    }
    reload_subscribed(state).await
}

/// The push service says the subscription is no more (404, 410).
pub async fn remove_gone(state: &AppState, id: &RecordId) -> ServiceResult<()> {
    state.db.query("DELETE push_job WHERE subscription = $id; DELETE $id").bind(("id", id.clone())).await?.check()?;
    reload_subscribed(state).await
}

/// Refreshes the set of employees who have a subscription.
pub async fn reload_subscribed(state: &AppState) -> ServiceResult<()> {
    let mut response = state.db.query("SELECT VALUE employee FROM push_subscription").await?;
    let employees: Vec<RecordId> = rows(&mut response, 0)?;
    if let Ok(mut subscribed) = state.push.subscribed.write() {
        *subscribed = employees.iter().map(key).collect();
    }
    Ok(())
}

/// An employee's subscriptions.
pub async fn of_employee(state: &AppState, employee: &str) -> ServiceResult<Vec<SubscriptionRow>> {
    let mut response = state
        .db
        .query("SELECT id, employee, endpoint, p256dh, auth, lang FROM push_subscription WHERE employee = $employee")
        .bind(("employee", record("employee", employee)?))
        .await?;
    rows(&mut response, 0)
}

#[derive(SurrealValue)]
struct SettingsRow {
    push_inquiries: Option<bool>,
    push_messages: Option<bool>,
    push_calls: Option<bool>,
    push_previews: Option<bool>,
}

/// Which pushes `employee` wants.
pub async fn settings_of(state: &AppState, employee: &str) -> ServiceResult<PushSettings> {
    let mut response = state
        .db
        .query("SELECT push_inquiries, push_messages, push_calls, push_previews FROM $employee")
        .bind(("employee", record("employee", employee)?))
        .await?;
    let row = first::<SettingsRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::Employee))?;
    let default = PushSettings::default();
    Ok(PushSettings {
        inquiries: row.push_inquiries.unwrap_or(default.inquiries),
        messages: row.push_messages.unwrap_or(default.messages),
        calls: row.push_calls.unwrap_or(default.calls),
        previews: row.push_previews.unwrap_or(default.previews),
    })
}

/// Saves which pushes the caller wants.
pub async fn save_settings(state: &AppState, actor: &Actor, settings: PushSettings) -> ServiceResult<()> {
    state
        .db
        .query("UPDATE $employee SET push_inquiries = $inquiries, push_messages = $messages, push_calls = $calls, push_previews = $previews")
        .bind(("employee", record("employee", &actor.id)?))
        .bind(("inquiries", settings.inquiries))
        .bind(("messages", settings.messages))
        .bind(("calls", settings.calls))
        .bind(("previews", settings.previews))
        .await?
        .check()?;
    Ok(())
}
