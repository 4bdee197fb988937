//! The chat menu (C2): the items `model::menu::chat_menu` decides on, each
//! calling its server action; the server refuses the same things on its own.

use dioxus::prelude::*;

use super::block::{BlockForm, UnblockConfirm};
use super::people::{OperatorPicker, ParticipantsPanel};
use super::pickers::{AssigneePicker, StatusPicker, TopicPicker};
use crate::api;
use crate::model::chat::ChatSummary;
use crate::model::menu::{chat_menu, MenuItem, MenuRights};
use crate::ui::i18n::{msg, tr, use_lang};
use crate::ui::icons::{Icon, IconName};
use crate::ui::chat_list::filter::show_related;
use crate::ui::meeting::link::MeetingLink;
use crate::ui::meeting::settings::MeetingSettingsForm;
use crate::ui::workspace::store::Store;
use crate::ui::problem::{error_text, problem_text};

/// What the menu shows below its button.
#[derive(Clone, Copy, PartialEq)]
enum Panel {
    Closed,
    Items,
    Statuses,
    Assignees,
    Topics,
    Participants,
    AddOperators,
    ConfirmErase,
    Block,
    ConfirmUnblock,
    MeetingSettings,
    MeetingLink,
}

/// A menu item's message id: src/model knows the items, the UI words them.
fn item_id(item: MenuItem) -> &'static str {
    match item {
        MenuItem::ChangeStatus => msg("menu-change-status"),
        MenuItem::AssignResponsible => msg("menu-assign-responsible"),
        MenuItem::ChangeTopic => msg("menu-change-topic"),
        MenuItem::AddOperator => msg("menu-add-operator"),
        MenuItem::Participants => msg("menu-participants"),
        MenuItem::RelatedChats => msg("related-chats"),
        MenuItem::Leave => msg("menu-leave-chat"),
        MenuItem::Delete => msg("menu-delete-chat"),
        MenuItem::Restore => msg("menu-restore-chat"),
        MenuItem::DeleteForever => msg("delete-chat-forever"),
        MenuItem::Block => msg("block"),
        MenuItem::Unblock => msg("unblock"),
        MenuItem::StartCall => msg("start-video-call"),
        MenuItem::JoinCall => msg("join-video-call"),
        MenuItem::MeetingSettings => msg("menu-meeting-settings"),
        MenuItem::MeetingLink => msg("meeting-link"),
    }
}

/// The panel an item opens instead of acting at once.
fn panel_for(item: MenuItem) -> Option<Panel> {
    match item {
        MenuItem::ChangeStatus => Some(Panel::Statuses),
        MenuItem::AssignResponsible => Some(Panel::Assignees),
        MenuItem::ChangeTopic => Some(Panel::Topics),
        MenuItem::Participants => Some(Panel::Participants),
        MenuItem::AddOperator => Some(Panel::AddOperators),
        MenuItem::DeleteForever => Some(Panel::ConfirmErase),
        MenuItem::Block => Some(Panel::Block),
        MenuItem::Unblock => Some(Panel::ConfirmUnblock),
        MenuItem::MeetingSettings => Some(Panel::MeetingSettings),
        MenuItem::MeetingLink => Some(Panel::MeetingLink),
        MenuItem::StartCall | MenuItem::JoinCall => None,
        MenuItem::Leave | MenuItem::Delete | MenuItem::Restore | MenuItem::RelatedChats => None,
    }
}

#[component]
pub fn ChatMenu(chat: ChatSummary) -> Element {
    let store = use_context::<Store>();
    let lang = use_lang();
    let mut panel = use_signal(|| Panel::Closed);
    let mut error = use_signal(|| None::<String>);
    let me = store.me.read().clone();
    let has = |right: &str| me.rights.iter().any(|r| r == right || r == "admin");
    let rights = MenuRights { delete: has("chats.delete"), block: has("block") };
    let call_running = store.calls.read().contains_key(&chat.id);
    let entries = chat_menu(&chat, &me.id, rights, *store.clock.peek(), call_running);
    if entries.is_empty() {
        return rsx! {};
    }
    let id = chat.id.clone();

    let run = move |item: MenuItem, chat: String| async move {
        if let Some(next) = panel_for(item) {
            panel.set(next);
            return;
        }
        let result = match item {
            MenuItem::Leave => api::chats::actions::leave_chat(chat).await,
            MenuItem::Delete => api::chats::actions::delete_chat(chat).await,
            MenuItem::Restore => api::chats::actions::restore_chat(chat).await,
            MenuItem::StartCall | MenuItem::JoinCall => {
                // The call view joins; the server refuses there if I may not.
                let mut in_call = store.in_call;
                in_call.set(Some(chat));
                Ok(())
            }
            MenuItem::RelatedChats => {
                let user = store.chats.peek().get(&chat).and_then(|row| row.chat.user.clone());
                if let Some(user) = user {
                    show_related(store, user).await;
                }
                Ok(())
            }
            _ => Ok(()),
        };
        match result {
            Ok(()) => {
                error.set(None);
                panel.set(Panel::Closed);
            }
            Err(e) => error.set(Some(error_text(lang(), &e))),
        }
    };
    let erase = {
        let id = id.clone();
        move |_| {
            let chat = id.clone();
            async move {
                match api::chats::actions::erase_chat(chat).await {
                    Ok(()) => {
                        panel.set(Panel::Closed);
                        let mut open = store.open;
                        open.set(None);
                    }
                    Err(e) => error.set(Some(error_text(lang(), &e))),
                }
            }
        }
    };
    let done = move |result: Result<(), String>| match result {
        Ok(()) => {
            error.set(None);
            panel.set(Panel::Closed);
        }
        Err(message) => error.set(Some(message)),
    };

    // Escape closes the menu wherever the focus is (keyboard users, and
    // whoever wants the call behind it back), and gives the focus back to
    // the button.
    use_hook(move || {
        std::rc::Rc::new(crate::ui::browser::on_window_key(move |key| {
            if key == "Escape" && *panel.peek() != Panel::Closed {
                panel.set(Panel::Closed);
                crate::ui::browser::focus(".chat-head .menu-button");
            }
        }))
    });

    rsx! {
        div { class: "chat-menu",
            button { class: "ghost menu-button", "aria-label": tr(lang(), "chat-menu"), "aria-expanded": panel() != Panel::Closed,
                onclick: move |_| { error.set(None); panel.set(if panel() == Panel::Closed { Panel::Items } else { Panel::Closed }); },
                Icon { name: IconName::Ellipsis }
            }
            if panel() != Panel::Closed {
                div { class: "menu-panel",
                    if let Some(message) = error() {
                        div { class: "error", role: "alert", "{message}" }
                    }
                    match panel() {
                        Panel::Items => rsx! {
                            for entry in entries {
                                button {
                                    key: "{entry.item.key()}",
                                    class: "menu-item",
                                    role: "menuitem",
                                    "data-menu": entry.item.key(),
                                    disabled: entry.unavailable.is_some(),
                                    title: entry.unavailable.as_ref().map(|p| problem_text(lang(), p)).unwrap_or_default(),
                                    onclick: { let id = id.clone(); move |_| run(entry.item, id.clone()) },
                                    {tr(lang(), item_id(entry.item))}
                                }
                            }
                        },
                        Panel::Statuses => rsx! { StatusPicker { chat: id.clone(), current: chat.status.id.clone(), on_done: done } },
                        Panel::Assignees => rsx! { AssigneePicker { chat: id.clone(), current: chat.responsible.as_ref().map(|r| r.id.clone()), on_done: done } },
                        Panel::Topics => rsx! { TopicPicker { chat: id.clone(), current: chat.topic.clone(), on_done: done } },
                        Panel::Participants => rsx! { ParticipantsPanel { chat: id.clone(), on_add: move |_| panel.set(Panel::AddOperators), on_done: done } },
                        Panel::AddOperators => rsx! { OperatorPicker { chat: id.clone(), on_done: done } },
                        Panel::ConfirmErase => rsx! {
                            p { {tr(lang(), "delete-chat-forever-warning")} }
                            div { class: "inline-form",
                                button { class: "primary danger", "data-confirm": "erase", onclick: erase, {tr(lang(), "delete-chat-forever")} }
                                button { class: "ghost", onclick: move |_| panel.set(Panel::Items), {tr(lang(), "cancel")} }
                            }
                        },
                        Panel::MeetingSettings => rsx! { MeetingSettingsForm { chat: id.clone(), on_done: done } },
                        Panel::MeetingLink => rsx! { MeetingLink { chat: id.clone(), topic: chat.topic.clone().unwrap_or_default() } },
                        Panel::Block => rsx! { BlockForm { chat: id.clone(), on_done: done } },
                        Panel::ConfirmUnblock => rsx! { UnblockConfirm { chat: id.clone(), until_ms: chat.blocked_until_ms, on_done: done, on_cancel: move |_| panel.set(Panel::Items) } },
                        Panel::Closed => rsx! {},
                    }
                }
            }
        }
    }
}
