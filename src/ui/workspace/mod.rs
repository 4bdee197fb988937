//! The workspace page: sign-in gate, then the four-column layout (W1–W11).

mod attention;
mod entry;
pub mod offline;
mod phone;
pub mod push;
pub(crate) mod live;
pub mod store;

use dioxus::prelude::*;

use self::store::{Connection, Store, Thread};
use crate::api;
use crate::model::employee::Me;
use crate::model::problem::Problem;
use crate::ui::chat::ChatView;
use crate::ui::meeting::call::CallView;
use crate::ui::meeting::ring::IncomingCall;
use crate::ui::chat_list::{ChatListColumn, ListsColumn};
use crate::ui::i18n::{tr, use_lang};
use crate::ui::login::Login;
use crate::ui::setup::FirstRun;
use crate::ui::rooms::RoomsColumn;
use crate::ui::problem::error_text;

#[derive(Clone, PartialEq)]
enum Auth {
    Checking,
    SignedOut,
    /// A new installation: no employee exists yet.
    FirstRun,
    SignedIn(Me),
    Failed(String),
}

#[component]
pub fn WorkspacePage() -> Element {
    let mut auth = use_signal(|| Auth::Checking);
    let lang = use_lang();
    use_hook(crate::ui::browser::register_service_worker);
    use_effect(move || {
        spawn(async move {
            auth.set(match api::people::auth::me().await {
                Ok(me) => {
                    offline::remember_me(&me);
                    Auth::SignedIn(me)
                }
                Err(e) if api::problem_of(&e) == Problem::SignInRequired => {
                    if api::people::auth::setup_needed().await.unwrap_or(false) { Auth::FirstRun } else { Auth::SignedOut }
                }
                // No network (the service worker served the page): the last
                // known workspace, until the connection comes back (#13).
                Err(e) if api::problem_of(&e) == Problem::NoConnection => match offline::cached_me() {
                    Some(me) => Auth::SignedIn(me),
                    None => Auth::Failed(error_text(lang(), &e)),
                },
                Err(e) => Auth::Failed(error_text(lang(), &e)),
            });
        });
    });
    match auth() {
        Auth::Checking => rsx! { div { class: "placeholder", {tr(lang(), "loading")} } },
        Auth::SignedOut => rsx! { Login { on_signed_in: move |me: Me| { offline::remember_me(&me); auth.set(Auth::SignedIn(me)) } } },
        Auth::FirstRun => rsx! { FirstRun { on_signed_in: move |me| auth.set(Auth::SignedIn(me)) } },
        Auth::Failed(message) => rsx! { div { class: "banner error", "{message}" } },
        Auth::SignedIn(me) => {
            let id = me.id.clone();
            rsx! { Workspace { key: "{id}", me, on_signed_out: move |_| auth.set(Auth::SignedOut) } }
        }
    }
}

#[component]
fn Workspace(me: Me, on_signed_out: EventHandler<()>) -> Element {
    let store = use_hook(|| Store::new(me));
    use_context_provider(|| store);
    offline::use_snapshot(store);
    live::use_live(store);
    crate::ui::chat_list::paging::use_first_page(store);
    attention::use_attention(store);
    phone::use_phone_steps(store);
    push::use_push(store);
    entry::use_entry(store);
    let lang = use_lang();

    use_effect(move || {
        if (store.signed_out)() {
            offline::forget(&store.me.peek().id);
            on_signed_out.call(());
        }
    });

    use_future(move || async move {
        let mut clock = store.clock;
        loop {
            crate::ui::browser::sleep_ms(1000).await;
            clock.set(crate::ui::browser::now_ms() + *store.clock_skew.peek());
        }
    });

    // Opening a chat starts a fresh thread and loads its history.
    use_effect(move || {
        let chat = store.open.read().clone();
        let mut thread = store.thread;
        thread.set(Thread { chat: chat.clone(), ..Thread::default() });
        if chat.is_some() {
            spawn(async move {
                let _ = live::load_thread_tail(store).await;
            });
        }
    });

    // Reading the open chat clears its unread count (W7, L7).
    use_effect(move || {
        let thread = store.thread.read();
        let Some(chat) = thread.chat.clone() else { return };
        let seq = thread.last_seq();
        let read = store.chats.read().get(&chat).map(|r| r.read_seq);
        if let Some(read) = read {
            if seq > read {
                store.set_read(&chat, seq);
                spawn(async move {
                    let _ = api::chats::messages::mark_read(chat, seq).await;
                });
            }
        }
    });

    let open = store.open.read().is_some();
    // On a phone one pane shows at a time (#15).
    let pane = match (open, *store.pane.read()) {
        (true, _) => "chat",
        (false, store::Pane::Chats) => "chats",
        (false, store::Pane::Rooms) => "rooms",
    };
    let offline = *store.connection.read() == Connection::Offline;
    rsx! {
        if offline {
            div { class: "banner", role: "status", {tr(lang(), "connection-lost")} }
        }
        div { class: if open { "workspace chat-open" } else { "workspace" }, "data-pane": pane,
            RoomsColumn {}
            ListsColumn {}
            ChatListColumn {}
            ChatView {}
        }
        IncomingCall {}
        if let Some(chat) = store.in_call.read().clone() {
            CallDock { key: "{chat}", chat }
        }
    }
}

/// The call this tab is in, docked over the workspace until «Покинуть звонок».
#[component]
fn CallDock(chat: String) -> Element {
    let store = use_context::<Store>();
    let title = store.chats.read().get(&chat).map(|row| row.chat.title()).unwrap_or_default();
    rsx! {
        div { class: "call-dock", "data-call-chat": "{chat}",
            CallView { chat: chat.clone(), guest: String::new(), title, on_leave: move |_| { let mut in_call = store.in_call; in_call.set(None); } }
        }
    }
}
