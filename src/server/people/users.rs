//! Users (website visitors) in the user-info window (C7): the card with its
//! source, renaming, and custom field values of users and clients (S5).

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::chats::events::{event, HistoryAction};
use crate::server::chats::summary::accessible;
use crate::server::store::db::{first, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::admin::directory::fields::FieldRow;
use crate::server::store::records::{key, record};
use crate::server::rights::{may, require, Action, Actor, Object};
use crate::server::state::AppState;
use crate::model::chat::{ChatSummary, Source};
use crate::model::client_panel::CurrentPage;
use crate::model::directory::{FieldKind, FieldOwner};
use crate::model::problem::{Problem, Thing};
use crate::model::user_info::{check_field_value, ClientCard, FieldEdit, FieldEntry, UserCard, UserInfo, UserRef};

const MAX_NAME_CHARS: usize = 100;

/// The custom fields of users or clients with the values of `key`.
pub async fn field_entries(state: &AppState, owner: FieldOwner, owner_key: &str) -> ServiceResult<Vec<FieldEntry>> {
    entries(state, owner, owner_key, false).await
}

/// [`field_entries`], only those marked «Показывать на панели».
pub async fn panel_field_entries(state: &AppState, owner: FieldOwner, owner_key: &str) -> ServiceResult<Vec<FieldEntry>> {
    entries(state, owner, owner_key, true).await
}

async fn entries(state: &AppState, owner: FieldOwner, owner_key: &str, panel_only: bool) -> ServiceResult<Vec<FieldEntry>> {
    let sql = if panel_only {
        "SELECT id, name, kind, choices, (SELECT VALUE value FROM field_value WHERE field = $parent.id AND owner = $owner LIMIT 1)[0] AS value
         FROM custom_field WHERE owner = $kind AND (on_panel ?? true) = true ORDER BY position, name"
    } else {
        "SELECT id, name, kind, choices, (SELECT VALUE value FROM field_value WHERE field = $parent.id AND owner = $owner LIMIT 1)[0] AS value
         FROM custom_field WHERE owner = $kind ORDER BY position, name"
    };
    let mut response = state
        .db
        .query(sql)
        .bind(("kind", owner.as_str()))
        .bind(("owner", format!("{}:{owner_key}", owner.as_str())))
        .await?;
    Ok(rows::<FieldRow>(&mut response, 0)?
        .into_iter()
        .map(|r| FieldEntry { id: key(&r.id), name: r.name, kind: FieldKind::parse(&r.kind).unwrap_or_default(), choices: r.choices, value: r.value })
        .collect())
}

/// The chat's visitor: the chat (visible to `actor`) and the user's key.
pub async fn chat_user(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<(ChatSummary, String)> {
    let summary = accessible(state, actor, chat, Action::View).await?;
    let user = summary.user.clone().ok_or(Problem::NoUserInChat)?;
    Ok((summary, user))
}

#[derive(SurrealValue)]
struct CardRow {
    name: String,
    created_ms: i64,
    room_name: Option<String>,
    source_kind: Option<String>,
    source_name: Option<String>,
    page_url: Option<String>,
    page_title: Option<String>,
    page_at_ms: Option<i64>,
    location: Option<String>,
    utm: Option<Vec<String>>,
    client: Option<RecordId>,
    client_name: Option<String>,
    #[surreal(default)]
    email: Option<String>,
    /// The subject of the newest mail the client sent in this chat (#16).
    #[surreal(default)]
    mail_subject: Option<String>,
    #[surreal(default)]
    telegram_id: Option<i64>,
    #[surreal(default)]
    telegram_username: Option<String>,
}

/// A user as lists of users show them; `room` where a query asks for it.
#[derive(SurrealValue)]
pub(crate) struct UserRow {
    pub id: RecordId,
    pub name: String,
    #[surreal(default)]
    pub room: Option<RecordId>,
    pub room_name: Option<String>,
}

impl From<UserRow> for UserRef {
    fn from(r: UserRow) -> Self {
        UserRef { id: key(&r.id), name: r.name, room_name: r.room_name.unwrap_or_default() }
    }
}

/// Whether a listed user lies in a room `actor` may see (a user whose query
/// did not ask for the room is not).
pub(crate) fn in_visible_room(actor: &Actor, row: &UserRow) -> bool {
    row.room.as_ref().is_some_and(|room| may(actor, Action::View, Object::Room { id: &key(room) }))
}

/// The users merged into `client` that `actor` may see (in rooms the actor
/// has), oldest first: a merge across rooms shows and acts on no more.
pub async fn client_users(state: &AppState, actor: &Actor, client: &str) -> ServiceResult<Vec<UserRef>> {
    let mut response = state
        .db
        .query("SELECT id, name, room, room.name AS room_name, created_ms FROM user WHERE client = $client ORDER BY created_ms")
        .bind(("client", record("client", client)?))
        .await?;
    Ok(rows::<UserRow>(&mut response, 0)?.into_iter().filter(|r| in_visible_room(actor, r)).map(UserRef::from).collect())
}

/// The client a user is merged into, if any.
pub async fn client_of(state: &AppState, user: &str) -> ServiceResult<Option<String>> {
    let mut response = state.db.query("SELECT VALUE client FROM $user").bind(("user", record("user", user)?)).await?;
    let client: Option<Option<RecordId>> = first(&mut response, 0)?;
    Ok(client.flatten().as_ref().map(key))
}

/// C7: the whole window for the chat's user.
pub async fn user_info(state: &AppState, actor: &Actor, chat: &str) -> ServiceResult<UserInfo> {
    let (summary, user) = chat_user(state, actor, chat).await?;
    let mut response = state
        .db
        .query(
            "SELECT name, created_ms, room.name AS room_name, source.kind AS source_kind, source.name AS source_name,
                page_url, page_title, page_at_ms, location, utm, client, client.name AS client_name, email, telegram_id, telegram_username,
                (SELECT VALUE subject FROM mail WHERE chat = $chat AND direction = 'in' ORDER BY at_ms DESC LIMIT 1)[0] AS mail_subject
             FROM $user",
        )
        .bind(("user", record("user", &user)?))
        .bind(("chat", record("chat", chat)?))
        .await?;
    let row = first::<CardRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::User))?;
    let page = match (row.page_url, row.page_at_ms) {
        (Some(url), Some(at_ms)) => Some(CurrentPage { url, title: row.page_title.unwrap_or_default(), at_ms }),
        _ => None,
    };
    let client = match row.client.as_ref().map(key) {
        Some(key) => Some(ClientCard {
            name: row.client_name.unwrap_or_default(),
            users: client_users(state, actor, &key).await?,
            fields: field_entries(state, FieldOwner::Client, &key).await?,
            id: key,
        }),
        None => None,
    };
    let object = Object::Chat(&summary);
    Ok(UserInfo {
        user: UserCard {
            fields: field_entries(state, FieldOwner::User, &user).await?,
            id: user,
            name: row.name,
            created_ms: row.created_ms,
            room_name: row.room_name.unwrap_or_default(),
            source: Source::parse(row.source_kind.as_deref().unwrap_or("workspace")),
            source_name: row.source_name.unwrap_or_default(),
            page,
            utm: row.utm.unwrap_or_default().iter().filter_map(|t| t.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            location: row.location,
            email: row.email,
            mail_subject: row.mail_subject,
            telegram: row.telegram_id.map(|id| (id, row.telegram_username)),
        },
        client,
        may_edit_user: may(actor, Action::EditUser, object),
        may_edit_client: may(actor, Action::EditClient, object),
        may_merge: may(actor, Action::MergeClients, object),
    })
}

/// «Пользователь»: a new name, seen live in the lists.
pub async fn rename(state: &AppState, actor: &Actor, chat: &str, name: &str) -> ServiceResult<()> {
    let (summary, user) = chat_user(state, actor, chat).await?;
    require(actor, Action::EditUser, Object::Chat(&summary))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(Problem::NameLength { max: MAX_NAME_CHARS }.into());
    }
    state
        .db
        .query("BEGIN; UPDATE $user SET name = $name; UPDATE chat SET rev += 1 WHERE user = $user; COMMIT;")
        .bind(("user", record("user", &user)?))
        .bind(("name", name.to_string()))
        .await?
        .check()?;
    let old = summary.client_name.clone().unwrap_or_default();
    event(state, actor, &summary, HistoryAction::UserRenamed, Some(format!("{old} → {name}"))).await
}

/// A custom field value of the chat's user or of their client; empty clears it.
pub async fn set_field(state: &AppState, actor: &Actor, edit: FieldEdit) -> ServiceResult<()> {
    let (summary, user) = chat_user(state, actor, &edit.chat).await?;
    let owner_key = match edit.owner {
        FieldOwner::User => {
            require(actor, Action::EditUser, Object::Chat(&summary))?;
            format!("user:{user}")
        }
        FieldOwner::Client => {
            require(actor, Action::EditClient, Object::Chat(&summary))?;
            let client = client_of(state, &user).await?.ok_or(Problem::NotMerged)?;
            format!("client:{client}")
        }
    };
    let field = record("custom_field", &edit.field)?;
    let mut response = state.db.query("SELECT id, name, kind, owner, choices FROM $field").bind(("field", field.clone())).await?;
    let def = first::<FieldRow>(&mut response, 0)?.filter(|d| d.owner == edit.owner.as_str()).ok_or(ServiceError::not_found(Thing::Field))?;
    let value = check_field_value(FieldKind::parse(&def.kind).unwrap_or_default(), &def.choices, &edit.value)?;
    state
        .db
        .query(
            "BEGIN;
             DELETE field_value WHERE field = $field AND owner = $owner;
             IF $value != '' { CREATE field_value SET field = $field, owner = $owner, value = $value };
             UPDATE chat SET rev += 1 WHERE user = $user;
             COMMIT;",
        )
        .bind(("field", field))
        .bind(("owner", owner_key))
        .bind(("value", value.clone()))
        .bind(("user", record("user", &user)?))
        .await?
        .check()?;
    let (action, detail) = if value.is_empty() { (HistoryAction::FieldCleared, def.name) } else { (HistoryAction::FieldChanged, format!("{}: {value}", def.name)) };
    event(state, actor, &summary, action, Some(detail)).await
}
