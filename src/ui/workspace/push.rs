//! Web Push in the workspace (#15): this browser's subscription renewed on
//! each load once notifications are allowed (iOS asks for that), and the
//! chat of a notification tapped while a tab is open (the service worker's
//! message; a closed workspace opens with `?chat=`, see `entry`).

use dioxus::prelude::*;

use super::store::Store;
use crate::api;
use crate::model::push::NewPushSubscription;
use crate::ui::browser::{device_name, notification_permission, on_open_chat_request, push_subscription};
use crate::ui::i18n::{use_lang, Lang};

/// Subscribes this browser for the signed-in employee: `Ok(false)` where
/// the browser has no push (the in-tab notifications still work).
pub async fn subscribe(lang: Lang) -> Result<bool, ServerFnError> {
    let key = api::people::push::push_key().await?;
    let Some((endpoint, p256dh, auth)) = push_subscription(&key).await else { return Ok(false) };
    let lang = if lang == Lang::En { "en" } else { "ru" }.to_string();
    api::people::push::push_subscribe(NewPushSubscription { endpoint, p256dh, auth, device: device_name(), lang }).await?;
    Ok(true)
}

pub fn use_push(store: Store) {
    let lang = use_lang();
    use_future(move || async move {
        if notification_permission() == "granted" {
            let _ = subscribe(lang()).await;
        }
    });
    // A notification tapped while this tab was open.
    use_hook(move || std::rc::Rc::new(on_open_chat_request(move |chat| store.open_chat(&chat))));
}
