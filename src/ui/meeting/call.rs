//! The call view (C3): a tile per person with their video, who is speaking,
//! camera / microphone / screen / leave, and the lobby for those who admit.
//! Employees and guests use the same view; only the socket's pass differs.

use std::rc::Rc;

use dioxus::fullstack::Websocket;
use dioxus::prelude::*;

use crate::model::meeting::{MediaState, Peer, Quality, SignalIn, SignalOut};
use crate::ui::i18n::{tr, tr_args, use_lang, Lang};
use crate::ui::icons::{Icon, IconName};

type CallSocket = Rc<Websocket<SignalIn, SignalOut>>;

/// One other person in the call.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub peer: Peer,
    pub media: MediaState,
    pub speaking: bool,
    /// A viewer asking to speak (shown to those who manage).
    pub hand: bool,
    /// A viewer given the floor for now (those who manage can take it back).
    pub granted: bool,
    /// How well their video reaches me (from the media server).
    pub quality: Option<Quality>,
}

impl Tile {
    pub fn new(peer: Peer) -> Tile {
        Tile { peer, media: MediaState::default(), speaking: false, hand: false, granted: false, quality: None }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Connecting,
    Waiting,
    InCall,
    Ended(String),
}

/// What the view shows; the signalling loop writes it.
#[derive(Clone, Copy)]
pub struct CallState {
    pub phase: Signal<Phase>,
    pub me: Signal<Option<Peer>>,
    pub tiles: Signal<Vec<Tile>>,
    pub lobby: Signal<Vec<Peer>>,
    /// I may admit, turn away and remove others (the meeting's organiser).
    pub manages: Signal<bool>,
    pub mine: Signal<MediaState>,
    pub speaking: Signal<bool>,
    /// My hand is up (a webinar viewer asking to speak).
    pub hand: Signal<bool>,
    /// My audio and video no longer reach the server.
    pub uplink_lost: Signal<bool>,
    pub notice: Signal<Option<String>>,
    pub socket: Signal<Option<CallSocket>>,
    /// The tab's language, for the texts the signalling loop writes.
    pub lang: Signal<Lang>,
}

fn send(state: CallState, message: SignalIn) {
    if let Some(ws) = state.socket.peek().clone() {
        spawn(async move {
            let _ = ws.send(message).await;
        });
    }
}

#[component]
pub fn CallView(chat: String, guest: String, title: String, on_leave: EventHandler<()>) -> Element {
    let lang = use_lang();
    let state = CallState {
        phase: use_signal(|| Phase::Connecting),
        me: use_signal(|| None),
        tiles: use_signal(Vec::new),
        lobby: use_signal(Vec::new),
        manages: use_signal(|| false),
        mine: use_signal(MediaState::default),
        speaking: use_signal(|| false),
        hand: use_signal(|| false),
        uplink_lost: use_signal(|| false),
        notice: use_signal(|| None),
        socket: use_signal(|| None),
        lang,
    };
    #[cfg(feature = "web")]
    let mesh = use_context_provider(|| Signal::new(super::rtc::Mesh::default()));
    #[cfg(feature = "web")]
    {
        use_drop(move || mesh.peek().close());
        let (chat, guest) = (chat.clone(), guest.clone());
        use_future(move || {
            let (mesh, chat, guest) = (mesh.peek().clone(), chat.clone(), guest.clone());
            async move { super::signalling::run(state, mesh, chat, guest).await }
        });
    }

    let phase = (state.phase)();
    let me = (state.me)();
    let presenter = me.as_ref().is_some_and(|m| m.presenter);
    let mine = (state.mine)();
    // The stage: those who send. A webinar's viewers (up to hundreds) go to a
    // compact list below it, raised hands first, then by name.
    let (stage, mut audience): (Vec<Tile>, Vec<Tile>) = (state.tiles)().into_iter().partition(|t| t.peer.presenter);
    audience.sort_by(|a, b| b.hand.cmp(&a.hand).then_with(|| a.peer.name.cmp(&b.peer.name)));
    // The organiser's buttons on each tile.
    let manages = (state.manages)();
    let on_remove = manages.then(|| EventHandler::new(move |peer: String| send(state, SignalIn::Remove { peer })));
    let on_floor = manages.then(|| EventHandler::new(move |(peer, on): (String, bool)| send(state, SignalIn::Floor { peer, on })));
    let toggle = move |kind: &'static str| {
        let mut media = state.mine;
        let mut next = media();
        match kind {
            "video" => next.camera = !next.camera,
            _ => next.mic = !next.mic,
        }
        #[cfg(feature = "web")]
        mesh.peek().set_enabled(kind, if kind == "video" { next.camera } else { next.mic });
        media.set(next);
        send(state, SignalIn::Media { state: next });
    };
    let share = move |_| {
        #[cfg(feature = "web")]
        {
            let mesh = mesh.peek().clone();
            spawn(async move { super::signalling::toggle_screen(state, mesh).await });
        }
    };

    rsx! {
        section { class: "call-view", "data-phase": match &phase { Phase::Connecting => "connecting", Phase::Waiting => "waiting", Phase::InCall => "in-call", Phase::Ended(_) => "ended" },
            "aria-label": tr(lang(), "video-call"),
            header { class: "call-head",
                strong { "{title}" }
                span { class: "muted call-count", {tr_args(lang(), "call-participant-count", &[("count", ((state.tiles)().len() + usize::from(me.is_some())).into())])} }
            }
            if let Some(message) = (state.notice)() {
                div { class: "error", role: "alert", "{message}" }
            }
            if (state.uplink_lost)() {
                div { class: "error call-uplink-lost", role: "alert", {tr(lang(), "call-uplink-lost")} }
            }
            match phase.clone() {
                Phase::Connecting => rsx! { p { class: "muted", {tr(lang(), "call-connecting")} } },
                Phase::Waiting => rsx! { p { class: "call-waiting", {tr(lang(), "call-waiting-in-lobby")} } },
                Phase::Ended(reason) => rsx! { p { class: "call-ended", "{reason}" } },
                Phase::InCall => rsx! {
                    if !(state.lobby)().is_empty() {
                        div { class: "call-lobby",
                            strong { {tr(lang(), "call-lobby")} }
                            for peer in (state.lobby)() {
                                div { key: "{peer.id}", class: "lobby-guest", "data-peer": "{peer.id}",
                                    span { class: "call-name", "{peer.name}"
                                        if peer.guest {
                                            GuestMark {}
                                        }
                                    }
                                    button { class: "primary", "data-admit": "{peer.id}",
                                        onclick: { let id = peer.id.clone(); move |_| send(state, SignalIn::Admit { peer: id.clone() }) },
                                        {tr(lang(), "call-admit")}
                                    }
                                    button { class: "ghost", "data-reject": "{peer.id}",
                                        onclick: { let id = peer.id.clone(); move |_| send(state, SignalIn::Reject { peer: id.clone() }) },
                                        {tr(lang(), "call-reject")}
                                    }
                                }
                            }
                        }
                    }
                    div { class: "call-tiles",
                        if let Some(me) = me.clone() {
                            div { class: if (state.speaking)() { "call-tile me speaking" } else { "call-tile me" }, "data-peer": "{me.id}",
                                if me.presenter {
                                    video { id: "video-local", autoplay: true, playsinline: true, muted: true,
                                        onmounted: move |_| {
                                            #[cfg(feature = "web")]
                                            super::rtc::attach("video-local", mesh.peek().local_stream());
                                        }
                                    }
                                } else {
                                    div { class: "call-avatar", {tr(lang(), "call-you-are-viewer")} }
                                }
                                span { class: "call-name", {tr_args(lang(), "call-my-name", &[("name", me.name.as_str().into())])}
                                    if me.guest {
                                        GuestMark {}
                                    }
                                }
                            }
                        }
                        for tile in stage {
                            CallTile { key: "{tile.peer.id}", tile: tile.clone(), on_remove, on_floor }
                        }
                    }
                    // A webinar's viewers: a compact list under the stage, raised hands first.
                    if !audience.is_empty() {
                        section { class: "call-audience", "aria-label": tr(lang(), "call-audience-title"),
                            h3 { class: "muted", {tr_args(lang(), "call-audience", &[("count", audience.len().into())])} }
                            div { class: "call-audience-list",
                                for tile in audience {
                                    CallTile { key: "{tile.peer.id}", tile: tile.clone(), on_remove, on_floor }
                                }
                            }
                        }
                    }
                    div { class: "call-controls",
                        if !presenter && me.is_some() {
                            button { class: if (state.hand)() { "ghost call-hand on" } else { "ghost call-hand" }, "aria-pressed": (state.hand)(),
                                onclick: move |_| {
                                    let mut hand = state.hand;
                                    let up = !hand();
                                    hand.set(up);
                                    send(state, SignalIn::Hand { up });
                                },
                                {if (state.hand)() { tr(lang(), "call-lower-hand") } else { tr(lang(), "call-raise-hand") }}
                            }
                        }
                        if presenter {
                            button { class: if mine.camera { "ghost call-camera on" } else { "ghost call-camera" }, "aria-pressed": mine.camera,
                                onclick: move |_| toggle("video"), {if mine.camera { tr(lang(), "call-camera-on") } else { tr(lang(), "call-camera-off") }} }
                            button { class: if mine.mic { "ghost call-mic on" } else { "ghost call-mic" }, "aria-pressed": mine.mic,
                                onclick: move |_| toggle("audio"), {if mine.mic { tr(lang(), "call-mic-on") } else { tr(lang(), "call-mic-off") }} }
                            button { class: if mine.screen { "ghost call-screen on" } else { "ghost call-screen" }, "aria-pressed": mine.screen,
                                onclick: share, {if mine.screen { tr(lang(), "call-stop-sharing") } else { tr(lang(), "call-share-screen") }} }
                        }
                    }
                },
            }
            div { class: "call-controls",
                button { class: "primary danger call-leave", onclick: move |_| on_leave.call(()), {tr(lang(), "call-leave")} }
            }
        }
    }
}

/// «Гость» next to a guest's name: someone from outside, on the meeting link.
#[component]
fn GuestMark() -> Element {
    let lang = use_lang();
    rsx! { span { class: "guest-mark", {tr(lang(), "call-guest")} } }
}

/// `on_remove`: the organiser may put this person out of the call;
/// `on_floor`: give a viewer with a raised hand the floor, or take it back.
#[component]
fn CallTile(tile: Tile, on_remove: Option<EventHandler<String>>, on_floor: Option<EventHandler<(String, bool)>>) -> Element {
    let lang = use_lang();
    #[cfg(feature = "web")]
    let mesh = use_context::<Signal<super::rtc::Mesh>>();
    let id = format!("video-{}", tile.peer.id);
    // A shared screen takes the stage's whole width, uncropped.
    let class = match (tile.speaking, tile.media.screen && tile.peer.presenter) {
        (true, true) => "call-tile speaking screen",
        (true, false) => "call-tile speaking",
        (false, true) => "call-tile screen",
        (false, false) => "call-tile",
    };
    let quality = tile.quality.filter(|_| tile.peer.presenter);
    let (quality_code, quality_text) = match quality {
        Some(Quality::Good) => ("good", "call-quality-good"),
        Some(Quality::Fair) => ("fair", "call-quality-fair"),
        Some(Quality::Poor) => ("poor", "call-quality-poor"),
        Some(Quality::Paused) => ("paused", "call-quality-paused"),
        None => ("", ""),
    };
    rsx! {
        div { class, "data-peer": "{tile.peer.id}", "data-speaking": tile.speaking, "data-quality": quality_code,
            if tile.peer.presenter {
                video { id: "{id}", autoplay: true, playsinline: true,
                    onmounted: {
                        let (id, peer) = (id.clone(), tile.peer.id.clone());
                        move |_| {
                            #[cfg(feature = "web")]
                            super::rtc::attach(&id, mesh.peek().remote_stream(&peer));
                            let _ = (&id, &peer);
                        }
                    }
                }
            } else {
                div { class: "call-avatar", {tr(lang(), "call-viewer")} }
            }
            span { class: "call-name", "{tile.peer.name}"
                if tile.peer.guest {
                    GuestMark {}
                }
            }
            if quality.is_some() {
                span { class: "call-quality", "data-quality": quality_code, role: "img", title: tr(lang(), quality_text),
                    "aria-label": tr(lang(), quality_text) }
            }
            if let Some(on_remove) = on_remove {
                button { class: "ghost call-remove", "data-remove": "{tile.peer.id}", title: tr(lang(), "call-remove"),
                    onclick: { let id = tile.peer.id.clone(); move |_| on_remove.call(id.clone()) },
                    {tr(lang(), "call-remove")}
                }
            }
            if tile.hand {
                span { class: "call-hand-raised", role: "status", {tr(lang(), "call-hand-raised")} }
            }
            if let Some(on_floor) = on_floor {
                if tile.hand && !tile.peer.presenter {
                    button { class: "primary call-floor", "data-floor": "{tile.peer.id}",
                        onclick: { let id = tile.peer.id.clone(); move |_| on_floor.call((id.clone(), true)) },
                        {tr(lang(), "call-give-floor")}
                    }
                }
                if tile.granted && tile.peer.presenter {
                    button { class: "ghost call-floor", "data-take-floor": "{tile.peer.id}",
                        onclick: { let id = tile.peer.id.clone(); move |_| on_floor.call((id.clone(), false)) },
                        {tr(lang(), "call-take-floor")}
                    }
                }
            }
            if tile.peer.presenter && !tile.media.mic {
                span { class: "muted call-muted", title: tr(lang(), "call-muted"), role: "img",
                    "aria-label": tr(lang(), "call-muted"), Icon { name: IconName::MicOff } }
            }
            if tile.media.screen {
                span { class: "muted", {tr(lang(), "call-sharing-screen")} }
            }
        }
    }
}
