//! The page the widget is embedded in (C1): the loader (`public/widget.js`)
//! tells the frame which page the visitor is on, now and after every change;
//! the frame asks for it once its listener is in place.

use dioxus::prelude::*;

use crate::model::client_panel::PageReport;

/// The host page as last reported, if the widget runs in a frame.
pub fn use_host_page() -> Signal<Option<PageReport>> {
    let page = use_signal(|| None);
    use_hook(move || listen(page));
    page
}

#[cfg(feature = "web")]
fn listen(mut page: Signal<Option<PageReport>>) {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let Some(window) = web_sys::window() else { return };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        let text = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).unwrap_or_default();
        if text("type") != "chats-page" {
            return;
        }
        page.set(Some(PageReport { url: text("url"), title: text("title"), timezone: text("timezone"), language: text("language") }));
    });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
    if let Ok(Some(parent)) = window.parent() {
        let ready = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&ready, &JsValue::from_str("type"), &JsValue::from_str("chats-ready"));
        let _ = parent.post_message(&ready, "*");
    }
}

#[cfg(not(feature = "web"))]
fn listen(_page: Signal<Option<PageReport>>) {}
