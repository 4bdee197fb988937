//! Small browser services (storage, clock, random ids, timers) with server fallbacks,
//! so components compile for SSR and run for real in the browser.

use dioxus::prelude::*;

use super::i18n::Lang;

const LANG_KEY: &str = "chats.lang";

#[cfg(feature = "web")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn storage_get(key: &str) -> Option<String> {
    #[cfg(feature = "web")]
    {
        storage()?.get_item(key).ok()?
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = key;
        None
    }
}

pub fn storage_set(key: &str, value: &str) {
    #[cfg(feature = "web")]
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
    #[cfg(not(feature = "web"))]
    let _ = (key, value);
}

pub fn storage_remove(key: &str) {
    #[cfg(feature = "web")]
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
    #[cfg(not(feature = "web"))]
    let _ = key;
}

/// `?lang=en` in the address wins, then the saved choice, then Russian.
pub fn apply_saved_lang(mut lang: Signal<Lang>) {
    #[cfg(feature = "web")]
    {
        let from_url = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|q| q.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix("lang=").map(str::to_string)));
        if let Some(code) = from_url.clone() {
            storage_set(LANG_KEY, &code);
        }
        if let Some(code) = from_url.or_else(|| storage_get(LANG_KEY)) {
            lang.set(Lang::from_code(&code));
        }
    }
    #[cfg(not(feature = "web"))]
    let _ = &mut lang;
}

/// The page's words outside the app's root in `lang`: its title, `<html
/// lang>` and the manifest (the installed app's name and description).
pub fn apply_document_lang(lang: Lang) {
    #[cfg(feature = "web")]
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(crate::ui::i18n::tr(lang, "chats"));
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        if let Ok(Some(link)) = document.query_selector("link[rel=manifest]") {
            let href = match lang {
                Lang::Ru => "/manifest.webmanifest",
                Lang::En => "/manifest.en.webmanifest",
            };
            let _ = link.set_attribute("href", href);
        }
    }
    #[cfg(not(feature = "web"))]
    let _ = lang;
}

pub fn save_lang(lang: Lang) {
    storage_set(LANG_KEY, lang.code());
}

/// Milliseconds since the Unix epoch, by this machine's clock.
pub fn now_ms() -> i64 {
    #[cfg(feature = "web")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "web"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// A random idempotency key for one send (32 hex characters).
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    #[cfg(feature = "web")]
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    #[cfg(all(not(feature = "web"), feature = "server"))]
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn sleep_ms(ms: u32) {
    #[cfg(feature = "web")]
    gloo_timers::future::TimeoutFuture::new(ms).await;
    #[cfg(all(not(feature = "web"), feature = "server"))]
    tokio::time::sleep(std::time::Duration::from_millis(ms as u64)).await;
}

/// L8: the time if it is today, otherwise the date (day, month, two-digit
/// year), in the browser's time zone and `lang`'s usual form.
pub fn format_when(lang: Lang, at_ms: i64) -> String {
    #[cfg(feature = "web")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
        let today = js_sys::Date::new_0();
        let same_day = date.get_full_year() == today.get_full_year()
            && date.get_month() == today.get_month()
            && date.get_date() == today.get_date();
        intl_format(lang, if same_day { DateParts::Time } else { DateParts::ShortDate }, &date)
    }
    #[cfg(not(feature = "web"))]
    {
        let now = now_ms();
        let (day, time) = (utc_date(lang, at_ms, true), utc_time(at_ms));
        if utc_date(lang, now, true) == day { time } else { day }
    }
}

/// A date field's "YYYY-MM-DD" as Unix ms at the start (or the end) of that
/// day in the browser's time zone.
pub fn date_to_ms(date: &str, end_of_day: bool) -> Option<i64> {
    if date.len() != 10 {
        return None;
    }
    #[cfg(feature = "web")]
    {
        let time = if end_of_day { "T23:59:59.999" } else { "T00:00:00" };
        let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&format!("{date}{time}"))).get_time();
        (!ms.is_nan()).then_some(ms as i64)
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = end_of_day;
        None
    }
}

/// A `datetime-local` field's "YYYY-MM-DDTHH:MM" as Unix ms in the
/// browser's time zone.
pub fn local_datetime_to_ms(value: &str) -> Option<i64> {
    if value.len() < 16 {
        return None;
    }
    #[cfg(feature = "web")]
    {
        let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
        (!ms.is_nan()).then_some(ms as i64)
    }
    #[cfg(not(feature = "web"))]
    None
}

/// Unix ms as a date and a time in the browser's time zone and `lang`'s
/// usual form ("15.01.2030 10:30", "15/01/2030 10:30"). The server (SSR),
/// which does not know the time zone, writes UTC in the same form.
pub fn format_date_time(lang: Lang, at_ms: i64) -> String {
    #[cfg(feature = "web")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
        format!("{} {}", intl_format(lang, DateParts::Date, &date), intl_format(lang, DateParts::Time, &date))
    }
    #[cfg(not(feature = "web"))]
    {
        format!("{} {}", utc_date(lang, at_ms, false), utc_time(at_ms))
    }
}

/// What of a date [`intl_format`] shows.
#[cfg(feature = "web")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum DateParts {
    /// Hours and minutes.
    Time,
    /// Day, month and two-digit year.
    ShortDate,
    /// Day, month and year.
    Date,
}

/// `date` through the browser's `Intl.DateTimeFormat` for `lang` ("ru-RU",
/// "en-GB"); the formatters are made once (a chat list formats many dates).
#[cfg(feature = "web")]
fn intl_format(lang: Lang, parts: DateParts, date: &js_sys::Date) -> String {
    use js_sys::Intl::{DateTimeFormat, DateTimeFormatOptions, DayFormat, MonthFormat, NumericFormat, YearFormat};
    use wasm_bindgen::JsValue;
    thread_local! {
        static FORMATS: std::cell::RefCell<std::collections::HashMap<(&'static str, DateParts), DateTimeFormat>> = Default::default();
    }
    let locale = match lang {
        Lang::Ru => "ru-RU",
        Lang::En => "en-GB",
    };
    FORMATS.with(|formats| {
        let mut formats = formats.borrow_mut();
        let format = formats.entry((locale, parts)).or_insert_with(|| {
            let options = DateTimeFormatOptions::new();
            match parts {
                DateParts::Time => {
                    options.set_hour(NumericFormat::TwoDigit);
                    options.set_minute(NumericFormat::TwoDigit);
                }
                DateParts::ShortDate | DateParts::Date => {
                    options.set_day(DayFormat::TwoDigit);
                    options.set_month(MonthFormat::TwoDigit);
                    options.set_year(if parts == DateParts::Date { YearFormat::Numeric } else { YearFormat::TwoDigit });
                }
            }
            DateTimeFormat::new(&js_sys::Array::of1(&JsValue::from_str(locale)), &options)
        });
        format.format().call1(&JsValue::UNDEFINED, date).ok().and_then(|text| text.as_string()).unwrap_or_default()
    })
}

/// The UTC date of `at_ms` as `lang` writes it, with a two-digit year if `short`.
#[cfg(not(feature = "web"))]
fn utc_date(lang: Lang, at_ms: i64, short: bool) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = at_ms.div_euclid(86_400_000) + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let sep = match lang {
        Lang::Ru => '.',
        Lang::En => '/',
    };
    if short {
        format!("{day:02}{sep}{month:02}{sep}{:02}", year.rem_euclid(100))
    } else {
        format!("{day:02}{sep}{month:02}{sep}{year}")
    }
}

/// The UTC time of `at_ms` as "HH:MM".
#[cfg(not(feature = "web"))]
fn utc_time(at_ms: i64) -> String {
    let minutes = at_ms.div_euclid(60_000);
    format!("{:02}:{:02}", minutes.div_euclid(60).rem_euclid(24), minutes.rem_euclid(60))
}

/// A window wide enough for a side panel beside the chat.
pub fn is_wide_window() -> bool {
    #[cfg(feature = "web")]
    {
        web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_some_and(|w| w >= 1100.0)
    }
    #[cfg(not(feature = "web"))]
    true
}

/// A phone-sized window (#15): one pane at a time, with back steps.
pub const NARROW_MAX_PX: f64 = 820.0;

/// Whether the window is phone-sized ([`NARROW_MAX_PX`] or less).
pub fn is_narrow_window() -> bool {
    #[cfg(feature = "web")]
    {
        web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_some_and(|w| w <= NARROW_MAX_PX)
    }
    #[cfg(not(feature = "web"))]
    false
}

/// Adds a step to the browser's history (same address), so that its back
/// button can undo an in-page step.
pub fn history_push() {
    #[cfg(feature = "web")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::from_str("chats-step"), "", None);
    }
}

/// Goes `steps` back in the browser's history.
pub fn history_back(steps: u32) {
    #[cfg(feature = "web")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.go_with_delta(-(steps as i32));
    }
    #[cfg(not(feature = "web"))]
    let _ = steps;
}

/// A window event listener, removed when dropped.
pub struct WindowListener {
    #[cfg(feature = "web")]
    event: &'static str,
    #[cfg(feature = "web")]
    callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        #[cfg(feature = "web")]
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(self.event, wasm_bindgen::JsCast::unchecked_ref(self.callback.as_ref()));
        }
    }
}

/// Calls `f` on each `event` of the window until the returned listener is dropped.
pub fn on_window_event(event: &'static str, f: impl FnMut() + 'static) -> WindowListener {
    #[cfg(feature = "web")]
    {
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback(event, wasm_bindgen::JsCast::unchecked_ref(callback.as_ref()));
        }
        WindowListener { event, callback }
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = (event, f);
        WindowListener {}
    }
}

/// A window key listener, removed when dropped.
pub struct KeyListener {
    #[cfg(feature = "web")]
    callback: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::KeyboardEvent)>,
}

impl Drop for KeyListener {
    fn drop(&mut self) {
        #[cfg(feature = "web")]
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback("keydown", wasm_bindgen::JsCast::unchecked_ref(self.callback.as_ref()));
        }
    }
}

/// Calls `f` with the key of every key press anywhere in the page (even
/// with the focus on nothing), until the returned listener is dropped.
pub fn on_window_key(mut f: impl FnMut(String) + 'static) -> KeyListener {
    #[cfg(feature = "web")]
    {
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| f(event.key()));
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback("keydown", wasm_bindgen::JsCast::unchecked_ref(callback.as_ref()));
        }
        KeyListener { callback }
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = &mut f;
        KeyListener {}
    }
}

/// Keeps `--app-height` at the visual viewport's height, so that the
/// composer stays above a phone's on-screen keyboard; the listener lives as
/// long as the page.
pub fn track_visual_viewport() {
    #[cfg(feature = "web")]
    {
        let Some(window) = web_sys::window() else { return };
        let Some(viewport) = window.visual_viewport() else { return };
        let update = move || {
            let Some(window) = web_sys::window() else { return };
            let (Some(viewport), Some(root)) = (window.visual_viewport(), window.document().and_then(|d| d.document_element())) else { return };
            if let Some(root) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&root) {
                let _ = root.style().set_property("--app-height", &format!("{}px", viewport.height()));
            }
        };
        update();
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(update);
        let _ = viewport.add_event_listener_with_callback("resize", wasm_bindgen::JsCast::unchecked_ref(callback.as_ref()));
        callback.forget();
    }
}

/// Focuses the first element matching `selector`.
pub fn focus(selector: &str) {
    #[cfg(feature = "web")]
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten()) {
        if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el) {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "web"))]
    let _ = selector;
}

/// Keeps Tab inside a dialog: from its last control (first, with Shift)
/// the focus wraps to its first (last), and from outside it comes in.
/// Returns whether it moved the focus (the key's default is then to be
/// prevented).
pub fn wrap_focus(dialog: &str, backwards: bool) -> bool {
    #[cfg(feature = "web")]
    {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
        let Some(container) = document.query_selector(dialog).ok().flatten() else { return false };
        let Ok(list) = container.query_selector_all(
            "button:not([disabled]), [href], input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])",
        ) else {
            return false;
        };
        let focusable: Vec<web_sys::HtmlElement> = (0..list.length())
            .filter_map(|i| list.get(i))
            .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(node).ok())
            .filter(|el| el.offset_parent().is_some())
            .collect();
        let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else { return false };
        let active = document.active_element();
        let inside = active.as_ref().is_some_and(|a| container.contains(Some(a)));
        let at_edge = active.as_ref().is_some_and(|a| {
            let edge: &web_sys::Element = if backwards { first } else { last };
            a == edge
        });
        if !inside || at_edge {
            let _ = if backwards { last.focus() } else { first.focus() };
            return true;
        }
        false
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = (dialog, backwards);
        false
    }
}

/// This browser's push subscription for the server's `application_server_key`
/// (base64url), made now if there is none: (endpoint, p256dh, auth).
/// `None` where push is not supported or the browser refused.
pub async fn push_subscription(application_server_key: &str) -> Option<(String, String, String)> {
    #[cfg(feature = "web")]
    {
        use base64::Engine as _;
        use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
        use wasm_bindgen::{JsCast, JsValue};
        use wasm_bindgen_futures::JsFuture;
        let window = web_sys::window()?;
        let navigator = window.navigator();
        if !Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) || !Reflect::has(&window, &"PushManager".into()).unwrap_or(false) {
            return None;
        }
        let registration = JsFuture::from(navigator.service_worker().ready().ok()?).await.ok()?;
        let manager = Reflect::get(&registration, &"pushManager".into()).ok()?;
        let call = |name: &str, args: &[JsValue]| -> Option<Promise> {
            let function: Function = Reflect::get(&manager, &name.into()).ok()?.dyn_into().ok()?;
            let result = match args {
                [] => function.call0(&manager),
                [a] => function.call1(&manager, a),
                _ => return None,
            };
            result.ok()?.dyn_into().ok()
        };
        let mut subscription = JsFuture::from(call("getSubscription", &[])?).await.ok()?;
        if subscription.is_null() || subscription.is_undefined() {
            let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(application_server_key).ok()?;
            let options = Object::new();
            Reflect::set(&options, &"userVisibleOnly".into(), &JsValue::TRUE).ok()?;
            Reflect::set(&options, &"applicationServerKey".into(), &Uint8Array::from(key.as_slice())).ok()?;
            subscription = JsFuture::from(call("subscribe", &[options.into()])?).await.ok()?;
        }
        let to_json: Function = Reflect::get(&subscription, &"toJSON".into()).ok()?.dyn_into().ok()?;
        let json = to_json.call0(&subscription).ok()?;
        let keys = Reflect::get(&json, &"keys".into()).ok()?;
        let text = |from: &JsValue, name: &str| Reflect::get(from, &name.into()).ok().and_then(|v| v.as_string());
        Some((text(&json, "endpoint")?, text(&keys, "p256dh")?, text(&keys, "auth")?))
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = application_server_key;
        None
    }
}

/// «Chrome · Android» and the like, from the user agent: how the profile
/// names this device among the subscribed ones.
pub fn device_name() -> String {
    #[cfg(feature = "web")]
    let agent = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    #[cfg(not(feature = "web"))]
    let agent = String::new();
    let browser = [("Edg/", "Edge"), ("OPR/", "Opera"), ("YaBrowser/", "Yandex Browser"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        .iter()
        .find(|(mark, _)| agent.contains(mark))
        .map_or("Browser", |(_, name)| name);
    let system = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS", "macOS"), ("Linux", "Linux")]
        .iter()
        .find(|(mark, _)| agent.contains(mark))
        .map_or("", |(_, name)| name);
    if system.is_empty() { browser.to_string() } else { format!("{browser} · {system}") }
}

/// A query parameter of the page's address (`?chat=…` from a notification).
pub fn query_param(name: &str) -> Option<String> {
    #[cfg(feature = "web")]
    {
        let search = web_sys::window()?.location().search().ok()?;
        search.trim_start_matches('?').split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| js_sys::decode_uri_component(value).ok().and_then(|v| v.as_string())).flatten()
        })
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = name;
        None
    }
}

/// Drops the query from the address bar (after it was acted on).
pub fn clear_query() {
    #[cfg(feature = "web")]
    if let Some(window) = web_sys::window() {
        if let (Ok(history), Ok(path)) = (window.history(), window.location().pathname()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// Calls `f` with the chat of each «open this chat» message from the
/// service worker (a tapped notification), while the listener lives.
pub fn on_open_chat_request(mut f: impl FnMut(String) + 'static) -> Option<ServiceWorkerListener> {
    #[cfg(feature = "web")]
    {
        let window = web_sys::window()?;
        if !js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false) {
            return None;
        }
        let container = window.navigator().service_worker();
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(chat) = js_sys::Reflect::get(&event.data(), &"openChat".into()).ok().and_then(|v| v.as_string()) {
                f(chat);
            }
        });
        container.add_event_listener_with_callback("message", wasm_bindgen::JsCast::unchecked_ref(callback.as_ref())).ok()?;
        Some(ServiceWorkerListener { container, callback })
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = &mut f;
        None
    }
}

/// A service-worker message listener, removed when dropped.
pub struct ServiceWorkerListener {
    #[cfg(feature = "web")]
    container: web_sys::ServiceWorkerContainer,
    #[cfg(feature = "web")]
    callback: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for ServiceWorkerListener {
    fn drop(&mut self) {
        #[cfg(feature = "web")]
        let _ = self.container.remove_event_listener_with_callback("message", wasm_bindgen::JsCast::unchecked_ref(self.callback.as_ref()));
    }
}

/// Plays a short sound file; browsers may refuse before the first click on
/// the page, which is then silently skipped.
pub fn play_sound(url: &str) {
    #[cfg(feature = "web")]
    if let Ok(audio) = web_sys::HtmlAudioElement::new_with_src(url) {
        let _ = audio.play();
    }
    #[cfg(not(feature = "web"))]
    let _ = url;
}

/// Keeps the newest message in view.
pub fn scroll_to_bottom(element_id: &str) {
    #[cfg(feature = "web")]
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(element_id)) {
        el.set_scroll_top(el.scroll_height());
    }
    #[cfg(not(feature = "web"))]
    let _ = element_id;
}

/// A scrolling element's position: (scrollTop, scrollHeight, clientHeight).
pub fn scroll_metrics(element_id: &str) -> Option<(i32, i32, i32)> {
    #[cfg(feature = "web")]
    {
        let el = web_sys::window()?.document()?.get_element_by_id(element_id)?;
        Some((el.scroll_top(), el.scroll_height(), el.client_height()))
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = element_id;
        None
    }
}

/// The first `.message` at least partly in view in a scroller: its
/// `data-key` (chat and seq) and how far its top is below the scroller's top.
pub fn first_in_view(scroller: &str) -> Option<(String, f64)> {
    #[cfg(feature = "web")]
    {
        let box_el = web_sys::window()?.document()?.get_element_by_id(scroller)?;
        let top = box_el.get_bounding_client_rect().top();
        let items = box_el.get_elements_by_class_name("message");
        for i in 0..items.length() {
            let el = items.item(i)?;
            let rect = el.get_bounding_client_rect();
            if rect.bottom() > top {
                return Some((el.get_attribute("data-key")?, rect.top() - top));
            }
        }
        None
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = scroller;
        None
    }
}

/// Scrolls so that the message with `data-key` = `key` is again `offset`
/// below the scroller's top (after messages were added above it).
pub fn restore_in_view(scroller: &str, key: &str, offset: f64) {
    #[cfg(feature = "web")]
    {
        let Some(box_el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(scroller)) else { return };
        let Ok(Some(el)) = box_el.query_selector(&format!(".message[data-key=\"{key}\"]")) else { return };
        let now = el.get_bounding_client_rect().top() - box_el.get_bounding_client_rect().top();
        box_el.set_scroll_top(box_el.scroll_top() + (now - offset).round() as i32);
    }
    #[cfg(not(feature = "web"))]
    let _ = (scroller, key, offset);
}

/// Scrolls the element with this id into the middle of its scroller; false if there is none.
pub fn scroll_into_view(element_id: &str) -> bool {
    #[cfg(feature = "web")]
    {
        let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(element_id)) else { return false };
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&options);
        true
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = element_id;
        false
    }
}

/// The page's title (the tab's and the taskbar's).
pub fn set_title(title: &str) {
    #[cfg(feature = "web")]
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if document.title() != title {
            document.set_title(title);
        }
    }
    #[cfg(not(feature = "web"))]
    let _ = title;
}

/// Whether the page is out of sight (another tab, a minimised window).
pub fn page_hidden() -> bool {
    #[cfg(feature = "web")]
    {
        web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
    }
    #[cfg(not(feature = "web"))]
    {
        false
    }
}

/// The installed app's badge (`navigator.setAppBadge`, where the browser has it); 0 clears it.
pub fn set_app_badge(count: usize) {
    #[cfg(feature = "web")]
    if let Some(navigator) = web_sys::window().map(|w| w.navigator()) {
        let name = if count > 0 { "setAppBadge" } else { "clearAppBadge" };
        if let Ok(function) = js_sys::Reflect::get(&navigator, &name.into()) {
            if let Some(function) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&function) {
                // A promise, rejected where badges are not allowed: nothing to do then.
                let _ = function.call1(&navigator, &(count as f64).into());
            }
        }
    }
    #[cfg(not(feature = "web"))]
    let _ = count;
}

/// The page's notification permission: "granted", "denied", "default", or
/// "unsupported" where there is no Notification API.
pub fn notification_permission() -> String {
    #[cfg(feature = "web")]
    {
        let supported = web_sys::window().is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false));
        if !supported {
            return "unsupported".into();
        }
        match web_sys::Notification::permission() {
            web_sys::NotificationPermission::Granted => "granted".into(),
            web_sys::NotificationPermission::Denied => "denied".into(),
            _ => "default".into(),
        }
    }
    #[cfg(not(feature = "web"))]
    {
        "unsupported".into()
    }
}

/// Asks for the notification permission (call it from a click); the answer
/// comes back as the new permission.
pub async fn request_notification_permission() -> String {
    #[cfg(feature = "web")]
    if let Ok(promise) = web_sys::Notification::request_permission() {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    notification_permission()
}

/// Shows a system notification (if the permission is granted); `tag`
/// replaces an earlier one of the same chat, and a click brings the page
/// forward and runs `on_click`.
pub fn show_notification(title: &str, body: &str, tag: &str, on_click: impl FnOnce() + 'static) {
    #[cfg(feature = "web")]
    {
        if notification_permission() != "granted" {
            return;
        }
        let options = web_sys::NotificationOptions::new();
        options.set_body(body);
        options.set_tag(tag);
        if let Ok(notification) = web_sys::Notification::new_with_options(title, &options) {
            let shown = notification.clone();
            let click = wasm_bindgen::closure::Closure::once_into_js(move || {
                if let Some(window) = web_sys::window() {
                    let _ = window.focus();
                }
                shown.close();
                on_click();
            });
            notification.set_onclick(Some(wasm_bindgen::JsCast::unchecked_ref(&click)));
        }
    }
    #[cfg(not(feature = "web"))]
    let _ = (title, body, tag, on_click);
}

/// This page's origin (`https://host:port`), for links and snippets.
pub fn origin() -> String {
    #[cfg(feature = "web")]
    {
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }
    #[cfg(not(feature = "web"))]
    String::new()
}

/// Puts text on the clipboard; false where the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    #[cfg(feature = "web")]
    {
        let Some(window) = web_sys::window() else { return false };
        let promise = window.navigator().clipboard().write_text(text);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }
    #[cfg(not(feature = "web"))]
    {
        let _ = text;
        false
    }
}

/// X4: registers the service worker (`public/sw.js`) that makes the workspace
/// installable and shows an offline page without a network. Browsers without
/// service workers (or on plain http off localhost) simply skip it.
pub fn register_service_worker() {
    #[cfg(feature = "web")]
    if let Some(window) = web_sys::window() {
        let navigator = window.navigator();
        let supported = js_sys::Reflect::has(&navigator, &wasm_bindgen::JsValue::from_str("serviceWorker")).unwrap_or(false);
        if supported && window.is_secure_context() {
            let _ = navigator.service_worker().register("/sw.js");
        }
    }
}
