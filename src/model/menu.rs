//! The chat menu (C2): one place decides which items a chat shows and which
//! of them are available, from the room type, the chat's state, the
//! employee's part in it and their rights.

use serde::{Deserialize, Serialize};

use super::chat::ChatSummary;
use super::problem::Problem;
use super::room::RoomKind;

/// An item of the chat menu, in the manual's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MenuItem {
    /// C10 «Изменить статус».
    ChangeStatus,
    /// C11 «Назначить ответственного».
    AssignResponsible,
    /// C12 «Изменить тему».
    ChangeTopic,
    /// C5/C9 «Добавить оператора»: a client chat nobody else takes part in yet.
    AddOperator,
    /// C5/C8 «Список участников».
    Participants,
    /// C16 «Связанные чаты»: this client's chats.
    RelatedChats,
    /// C17 «Покинуть чат».
    Leave,
    /// C18 «Удалить чат»: to «Удаленные».
    Delete,
    /// W6 «Восстановить чат».
    Restore,
    /// W6 «Удалить чат насовсем».
    DeleteForever,
    /// C14 «Заблокировать»: the chat's visitor.
    Block,
    /// C15 «Разблокировать».
    Unblock,
    /// C3 «Начать видеозвонок».
    StartCall,
    /// C3 «Присоединиться к видеозвонку»: a call is running.
    JoinCall,
    /// C4 «Настройки конференции (вебинара)».
    MeetingSettings,
    /// C13 «Ссылка на встречу».
    MeetingLink,
}

impl MenuItem {
    /// A stable name for tests and `data-` attributes.
    pub fn key(self) -> &'static str {
        match self {
            MenuItem::ChangeStatus => "status",
            MenuItem::AssignResponsible => "responsible",
            MenuItem::ChangeTopic => "topic",
            MenuItem::AddOperator => "add-operator",
            MenuItem::Participants => "participants",
            MenuItem::RelatedChats => "related",
            MenuItem::Leave => "leave",
            MenuItem::Delete => "delete",
            MenuItem::Restore => "restore",
            MenuItem::DeleteForever => "delete-forever",
            MenuItem::Block => "block",
            MenuItem::Unblock => "unblock",
            MenuItem::StartCall => "start-call",
            MenuItem::JoinCall => "join-call",
            MenuItem::MeetingSettings => "meeting-settings",
            MenuItem::MeetingLink => "meeting-link",
        }
    }
}

/// A shown item; an unavailable one says why (C6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuEntry {
    pub item: MenuItem,
    /// Why it is unavailable: in a closed status (C6), [`Problem::ChatClosed`].
    pub unavailable: Option<Problem>,
}

/// The named rights the menu looks at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MenuRights {
    /// View and delete chats (W6, C18).
    pub delete: bool,
    /// Block visitors (C14, C15).
    pub block: bool,
}

/// The items of `chat`'s menu for employee `me` with `rights`, at `now_ms`,
/// with a call running in it or not. The server refuses the same things on its own.
pub fn chat_menu(chat: &ChatSummary, me: &str, rights: MenuRights, now_ms: i64, call_running: bool) -> Vec<MenuEntry> {
    let can_delete = rights.delete;
    let shown = |item| MenuEntry { item, unavailable: None };
    if chat.deleted {
        return if can_delete { vec![shown(MenuItem::Restore), shown(MenuItem::DeleteForever)] } else { Vec::new() };
    }
    let closed = chat.status.closed.then_some(Problem::ChatClosed);
    let mut items = Vec::new();
    // C3, C4, C13: calls in employees' chats; settings and link in meetings.
    if chat.room_kind != RoomKind::Client {
        items.push(shown(if call_running { MenuItem::JoinCall } else { MenuItem::StartCall }));
    }
    if matches!(chat.room_kind, RoomKind::Conference | RoomKind::Webinar) {
        items.push(shown(MenuItem::MeetingLink));
        items.push(shown(MenuItem::MeetingSettings));
    }
    items.push(shown(MenuItem::ChangeStatus));
    if chat.room_kind.has_new_list() {
        items.push(MenuEntry { item: MenuItem::AssignResponsible, unavailable: closed.clone() });
    }
    items.push(MenuEntry { item: MenuItem::ChangeTopic, unavailable: closed });
    let alone = chat.participants.iter().all(|p| p.id == me);
    items.push(shown(if chat.room_kind.has_new_list() && alone { MenuItem::AddOperator } else { MenuItem::Participants }));
    if chat.user.is_some() {
        items.push(shown(MenuItem::RelatedChats));
    }
    let responsible = chat.responsible.as_ref().is_some_and(|r| r.id == me);
    if chat.participants.iter().any(|p| p.id == me) && !responsible {
        items.push(shown(MenuItem::Leave));
    }
    if rights.block && chat.user.is_some() {
        items.push(shown(if chat.is_blocked(now_ms) { MenuItem::Unblock } else { MenuItem::Block }));
    }
    if can_delete {
        items.push(shown(MenuItem::Delete));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::chat::StatusRef;
    use crate::model::employee::EmployeeRef;
    use crate::model::room::RoomKind;

    fn chat(room_kind: RoomKind, closed: bool, responsible: Option<&str>, participants: &[&str], deleted: bool) -> ChatSummary {
        let person = |id: &str| EmployeeRef { id: id.into(), name: id.into() };
        ChatSummary {
            status: StatusRef { id: "s".into(), name: "s".into(), color: "#000000".into(), closed },
            user: (room_kind == RoomKind::Client).then(|| "visitor".to_string()),
            responsible: responsible.map(person),
            participants: participants.iter().map(|p| person(p)).collect(),
            deleted,
            ..ChatSummary::sample("r", room_kind)
        }
    }

    #[test]
    fn the_menu_follows_room_status_part_and_rights() {
        use MenuItem::*;
        let items = |c: &ChatSummary, me: &str, del: bool| chat_menu(c, me, MenuRights { delete: del, block: false }, 0, false).into_iter().map(|e| (e.item, e.unavailable.is_some())).collect::<Vec<_>>();
        // (chat, me, may delete) → items, and whether each is unavailable.
        let table: Vec<(ChatSummary, &str, bool, Vec<(MenuItem, bool)>)> = vec![
            (chat(RoomKind::Client, false, None, &[], false), "ann", false, vec![(ChangeStatus, false), (AssignResponsible, false), (ChangeTopic, false), (AddOperator, false), (RelatedChats, false)]),
            (chat(RoomKind::Client, false, None, &[], false), "ann", true, vec![(ChangeStatus, false), (AssignResponsible, false), (ChangeTopic, false), (AddOperator, false), (RelatedChats, false), (Delete, false)]),
            // C6: closed → no assigning and no topic until «Активный» again.
            (chat(RoomKind::Client, true, Some("ann"), &[], false), "ann", false, vec![(ChangeStatus, false), (AssignResponsible, true), (ChangeTopic, true), (AddOperator, false), (RelatedChats, false)]),
            // C5: with another participant the item becomes the list. C17: a
            // participant who is not responsible may leave; the responsible may not.
            (chat(RoomKind::Client, false, Some("bob"), &["ann"], false), "ann", false, vec![(ChangeStatus, false), (AssignResponsible, false), (ChangeTopic, false), (AddOperator, false), (RelatedChats, false), (Leave, false)]),
            (chat(RoomKind::Client, false, Some("ann"), &["ann", "bob"], false), "ann", false, vec![(ChangeStatus, false), (AssignResponsible, false), (ChangeTopic, false), (Participants, false), (RelatedChats, false)]),
            // Internal chats have no responsible person and no client.
            (chat(RoomKind::Internal, false, None, &["ann", "bob"], false), "ann", false, vec![(StartCall, false), (ChangeStatus, false), (ChangeTopic, false), (Participants, false), (Leave, false)]),
            // W6: a deleted chat offers restore and delete forever, with the right only.
            (chat(RoomKind::Client, false, None, &[], true), "ann", true, vec![(Restore, false), (DeleteForever, false)]),
            (chat(RoomKind::Client, false, None, &[], true), "ann", false, vec![]),
        ];
        for (c, me, del, expected) in table {
            assert_eq!(items(&c, me, del), expected, "{:?} closed={} deleted={} as {me}", c.room_kind, c.status.closed, c.deleted);
        }
        // C14/C15: with the right, a client chat offers «Заблокировать», or
        // «Разблокировать» until the block's end; internal chats neither.
        let last = |c: &ChatSummary, now: i64| chat_menu(c, "ann", MenuRights { delete: false, block: true }, now, false).last().map(|e| e.item);
        let mut client = chat(RoomKind::Client, false, None, &[], false);
        assert_eq!(last(&client, 0), Some(Block));
        client.blocked_until_ms = Some(1_000);
        assert_eq!(last(&client, 999), Some(Unblock));
        assert_eq!(last(&client, 1_000), Some(Block));
        assert_ne!(last(&chat(RoomKind::Internal, false, None, &["ann", "bob"], false), 0), Some(Block));
        // C3, C4, C13: a conference offers the call (join while one runs), its link and settings.
        let conference = chat(RoomKind::Conference, false, None, &["ann"], false);
        let first = |running: bool| chat_menu(&conference, "ann", MenuRights::default(), 0, running).into_iter().take(3).map(|e| e.item).collect::<Vec<_>>();
        assert_eq!(first(false), vec![StartCall, MeetingLink, MeetingSettings]);
        assert_eq!(first(true), vec![JoinCall, MeetingLink, MeetingSettings]);
    }
}
