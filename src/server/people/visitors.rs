//! Website visitors (S1): the welcome screen, their one chat per visit, and
//! the token that is their only proof of identity.

use std::net::IpAddr;

use surrealdb::types::{RecordId, SurrealValue};

use crate::server::people::address_limit::limited_unit;
use crate::server::people::auth::token_hash;
use crate::server::clock::{new_key, new_token, now_ms};
use crate::server::store::db::{first, retry_on_conflict, rows};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::chats::messages::{find_by_client_id, page, Effect};
use crate::server::chats::rooms::RoomRow;
use crate::server::store::records::{key, record};
use crate::server::state::AppState;
use crate::model::message::{check_new_message, Author, HistoryPage, HistoryWindow, Message};
use crate::model::problem::{Problem, Thing};
use crate::model::rating::NewRating;
use crate::model::visitor::{OfflineForm, VisitorSession, WidgetRoom};

const MAX_NAME_CHARS: usize = 100;

/// A visitor proven by their token.
#[derive(Clone, Debug, PartialEq)]
pub struct Visitor {
    pub user: String,
    pub name: String,
    pub room: String,
    pub room_name: String,
    pub source: String,
    /// The end of a block in force (C14), read with the token.
    pub blocked_until_ms: Option<i64>,
}

impl Visitor {
    /// The key of the visitor's first inquiry; each later one adds its number
    /// (`v…_2`, `v…_3`). Keys derive from the visitor's, so two first
    /// messages sent at once cannot open two chats.
    pub fn chat_key(&self) -> String {
        format!("v{}", self.user)
    }

    /// The key of the inquiry after `previous` (the visitor's latest chat).
    fn next_chat_key(&self, previous: Option<&str>) -> String {
        let first = self.chat_key();
        let number = previous
            .and_then(|key| key.strip_prefix(first.as_str()))
            .map(|rest| rest.strip_prefix('_').and_then(|n| n.parse::<u32>().ok()).unwrap_or(1));
        match number {
            None => first,
            Some(n) => format!("{first}_{}", n + 1),
        }
    }
}

/// One of a visitor's inquiries (chats), as the lifecycle needs it.
#[derive(SurrealValue)]
struct InquiryRow {
    id: RecordId,
    deleted: bool,
    closed: Option<bool>,
    last_seq: i64,
    rated: Option<bool>,
}

impl InquiryRow {
    /// Still the visitor's conversation: a new message goes here.
    fn open(&self) -> bool {
        !self.deleted && !self.closed.unwrap_or(false)
    }

    /// Closed after a conversation, and not rated yet (#14).
    fn to_rate(&self) -> bool {
        !self.deleted && self.closed.unwrap_or(false) && self.last_seq > 0 && !self.rated.unwrap_or(false)
    }
}

/// The visitor's inquiries, oldest first (chats erased for good are gone).
async fn inquiries(state: &AppState, visitor: &Visitor) -> ServiceResult<Vec<InquiryRow>> {
    let mut response = state
        .db
        .query("SELECT id, deleted, status.closed AS closed, last_seq, rating != NONE AS rated, created_ms FROM chat WHERE user = $user ORDER BY created_ms, id")
        .bind(("user", record("user", &visitor.user)?))
        .await?;
    rows::<InquiryRow>(&mut response, 0)
}

async fn client_room(state: &AppState, room: &str) -> ServiceResult<RoomRow> {
    let mut response = state
        .db
        .query(concat!("SELECT ", crate::room_fields!(), ", (SELECT VALUE id FROM source WHERE room = $parent.id AND kind = 'widget' LIMIT 1)[0] AS widget FROM $room"))
        .bind(("room", record("room", room)?))
        .await?;
    match first::<RoomRow>(&mut response, 0)? {
        Some(row) if row.kind == "client" && row.widget.is_some() => Ok(row),
        _ => Err(ServiceError::not_found(Thing::Room)),
    }
}

pub async fn widget_room(state: &AppState, room: &str) -> ServiceResult<WidgetRoom> {
    let row = client_room(state, room).await?;
    let id = key(&row.id);
    let welcome = crate::server::admin::room_hours::welcome(state, &id).await?;
    Ok(WidgetRoom { id, name: row.name, welcome })
}

/// The offline form (#14): a new visitor with their e-mail address and
/// first message, all at once. The inquiry lands in «Новые» marked as left
/// offline; the address shows in the client panel.
pub async fn start_offline(state: &AppState, address: Option<IpAddr>, room: &str, form: OfflineForm) -> ServiceResult<VisitorSession> {
    let email = form.email.trim().to_string();
    if !is_email(&email) {
        return Err(Problem::EmailInvalid.into());
    }
    check_new_message(&form.text, &form.client_id)?;
    let session = start_from(state, address, room, &form.name).await?;
    let visitor = authenticate(state, &session.token).await?;
    state.db.query("UPDATE $user SET email = $email").bind(("user", record("user", &visitor.user)?)).bind(("email", email)).await?.check()?;
    let message = send_from(state, address, &visitor, &form.client_id, &form.text, &[]).await?;
    state.db.query("UPDATE $chat SET left_offline = true, rev += 1").bind(("chat", record("chat", &message.chat)?)).await?.check()?;
    resume_as(state, visitor, &session.token, None, 0).await
}

/// An address that names one place on the internet: not loopback, private,
/// link-local or unspecified.
fn is_public(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => !(v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified()),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                !(v6.is_loopback() || v6.is_unspecified() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80)
            }
        },
    }
}

/// A plausible e-mail address: one `@` with something on each side, a dot
/// in the domain, no spaces, at most 254 characters.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    text.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The welcome screen: a new visitor with a fresh token.
pub async fn start(state: &AppState, room: &str, name: &str) -> ServiceResult<VisitorSession> {
    start_from(state, None, room, name).await
}

/// [`start`] from a known address. Each visitor opens at most one chat, so
/// the new-chat limits apply here: per address (checked before the room is
/// read), and per room (only for a room that exists, so made-up names take
/// no memory).
pub async fn start_from(state: &AppState, address: Option<IpAddr>, room: &str, name: &str) -> ServiceResult<VisitorSession> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Problem::NameMissing.into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Problem::NameTooLong { max: MAX_NAME_CHARS }.into());
    }
    state.limits.new_chat_from(address)?;
    let row = client_room(state, room).await?;
    state.limits.new_chat_in(&key(&row.id))?;
    let token = new_token();
    let widget = row.widget.clone().ok_or(ServiceError::not_found(Thing::Room))?;
    // The address, an IPv6 /64 as one, lets a block follow the visitor into a
    // new session (#12). Not a loopback or private one: behind a proxy that is
    // not trusted (or in tests) every visitor has it.
    let unit = address.filter(|a| is_public(*a)).map(|a| limited_unit(a).to_string());
    let user = record("user", &new_key())?;
    state
        .db
        .query(
            "BEGIN;
             CREATE $user SET name = $name, token_hash = $hash, room = $room, source = $source, created_ms = $now, address = $address;
             IF $address != NONE {
                 LET $held = (SELECT * FROM block WHERE address = $address AND ended_ms = NONE AND until_ms > $now ORDER BY until_ms DESC LIMIT 1)[0];
                 IF $held != NONE {
                     CREATE block SET user = $user, client = NONE, until_ms = $held.until_ms, reason = $held.reason, by = $held.by,
                         by_name = $held.by_name, created_ms = $now, address = $address, from_block = $held.id;
                 };
             };
             COMMIT;",
        )
        .bind(("user", user.clone()))
        .bind(("name", name.to_string()))
        .bind(("hash", token_hash(&token)))
        .bind(("room", row.id.clone()))
        .bind(("source", widget))
        .bind(("now", now_ms()))
        .bind(("address", unit))
        .await?
        .check()?;
    let blocked_until_ms = authenticate(state, &token).await?.blocked_until_ms;
    Ok(VisitorSession { token, name: name.to_string(), room: key(&row.id), room_name: row.name, chat: None, chats: Vec::new(), messages: Vec::new(), has_older: false, blocked_until_ms, to_rate: None })
}

#[derive(SurrealValue)]
struct VisitorRow {
    id: RecordId,
    name: String,
    room: RecordId,
    room_name: String,
    source: RecordId,
    blocked_until_ms: Option<i64>,
}

/// What a visitor's row says: who, where, and the end of any block in force.
macro_rules! visitor_fields {
    () => {
        "id, name, room, room.name AS room_name, source,
            (SELECT VALUE until_ms FROM block WHERE user = $parent.id AND ended_ms = NONE AND until_ms > $now
                ORDER BY until_ms DESC LIMIT 1)[0] AS blocked_until_ms"
    };
}

impl From<VisitorRow> for Visitor {
    fn from(row: VisitorRow) -> Self {
        Visitor { user: key(&row.id), name: row.name, room: key(&row.room), room_name: row.room_name, source: key(&row.source), blocked_until_ms: row.blocked_until_ms }
    }
}

/// The visitor behind a token, or 401; with the end of any block in force,
/// so a send needs no second query to refuse a blocked visitor.
pub async fn authenticate(state: &AppState, token: &str) -> ServiceResult<Visitor> {
    if token.len() != 64 {
        return Err(Problem::SignInRequired.into());
    }
    let mut response = state
        .db
        .query(concat!("SELECT ", visitor_fields!(), " FROM user WHERE token_hash = $hash LIMIT 1"))
        .bind(("hash", token_hash(token)))
        .bind(("now", now_ms()))
        .await?;
    Ok(first::<VisitorRow>(&mut response, 0)?.ok_or(Problem::SignInRequired)?.into())
}

/// A client known by their user record (an e-mail or Telegram sender, #16),
/// as [`authenticate`] reads a visitor: with any block in force.
pub async fn by_user(state: &AppState, user: &str) -> ServiceResult<Visitor> {
    let mut response = state
        .db
        .query(concat!("SELECT ", visitor_fields!(), " FROM $user"))
        .bind(("user", record("user", user)?))
        .bind(("now", now_ms()))
        .await?;
    Ok(first::<VisitorRow>(&mut response, 0)?.ok_or(ServiceError::not_found(Thing::User))?.into())
}

/// A returning visitor: who they are and their latest conversation (its
/// newest page, or what follows `after_seq` when `after_seq` is in it).
pub async fn resume(state: &AppState, token: &str, after_seq: i64) -> ServiceResult<VisitorSession> {
    let visitor = authenticate(state, token).await?;
    resume_as(state, visitor, token, None, after_seq).await
}

/// [`resume`] for a visitor already authenticated by `token`. The messages
/// are those of the visitor's latest chat, even a closed or deleted one:
/// it is their conversation, and a new message opens a new inquiry below it.
/// `held` is the chat the widget already shows: `after_seq` counts in it,
/// and only if it is still the latest (otherwise the newest page comes).
pub async fn resume_as(state: &AppState, visitor: Visitor, token: &str, held: Option<&str>, after_seq: i64) -> ServiceResult<VisitorSession> {
    let chats = inquiries(state, &visitor).await?;
    let page = match chats.last() {
        Some(latest) => {
            let latest_key = key(&latest.id);
            let same = held.is_none_or(|held| held == latest_key);
            let window = if same { HistoryWindow::from_query(after_seq, 0) } else { HistoryWindow::Latest };
            visitor_page(state, &latest_key, latest.last_seq, window).await?
        }
        None => HistoryPage::default(),
    };
    Ok(VisitorSession {
        token: token.to_string(),
        name: visitor.name,
        room: visitor.room,
        room_name: visitor.room_name,
        chat: chats.last().filter(|c| c.open()).map(|c| key(&c.id)),
        chats: chats.iter().map(|c| key(&c.id)).collect(),
        messages: page.messages,
        has_older: page.has_older,
        blocked_until_ms: visitor.blocked_until_ms,
        to_rate: chats.last().filter(|c| c.to_rate()).map(|c| key(&c.id)),
    })
}

/// A page of one of the visitor's own chats, for scrolling up (the chats
/// of other visitors are unknown to them).
pub async fn history(state: &AppState, visitor: &Visitor, chat: &str, window: HistoryWindow) -> ServiceResult<HistoryPage> {
    let chats = inquiries(state, visitor).await?;
    let inquiry = chats.iter().find(|c| key(&c.id) == chat).ok_or(ServiceError::not_found(Thing::Chat))?;
    visitor_page(state, chat, inquiry.last_seq, window).await
}

/// The page `window` of a visitor's chat, without private notes (#14). A
/// page that was all notes is followed on in its direction, so the widget
/// never gets an empty page that says there is more.
async fn visitor_page(state: &AppState, chat: &str, last_seq: i64, mut window: HistoryWindow) -> ServiceResult<HistoryPage> {
    // A hundred pages of notes in a row end the search: the widget asks again if it scrolls.
    for _ in 0..100 {
        let mut page = page(state, chat, last_seq, window).await?;
        let (first, last) = (page.messages.first().map(|m| m.seq), page.messages.last().map(|m| m.seq));
        page.messages.retain(|m| !m.note);
        window = match (window, first, last) {
            _ if !page.messages.is_empty() => return Ok(page),
            (HistoryWindow::After(_), _, Some(last)) if page.has_newer => HistoryWindow::After(last),
            (HistoryWindow::Latest | HistoryWindow::Before(_), Some(first), _) if page.has_older => HistoryWindow::Before(first),
            _ => return Ok(page),
        };
    }
    Ok(HistoryPage { messages: Vec::new(), has_older: false, has_newer: false, last_seq })
}

/// The visitor rates a closed inquiry of theirs (#14), once. Another
/// visitor's chat is not found; an open one, or one rated already, is refused.
pub async fn rate(state: &AppState, visitor: &Visitor, rating: NewRating) -> ServiceResult<()> {
    rating.check()?;
    let chats = inquiries(state, visitor).await?;
    let inquiry = chats.iter().find(|c| key(&c.id) == rating.chat).ok_or(ServiceError::not_found(Thing::Chat))?;
    if inquiry.rated.unwrap_or(false) {
        return Err(Problem::AlreadyRated.into());
    }
    if !inquiry.to_rate() {
        return Err(Problem::RatingNotOpen.into());
    }
    // Only an unrated chat takes it: two tabs sending at once store one.
    let mut response = state
        .db
        .query("UPDATE $chat SET rating = $score, rating_comment = $comment, rated_ms = $now, rev += 1 WHERE rating = NONE RETURN VALUE id")
        .bind(("chat", inquiry.id.clone()))
        .bind(("score", i64::from(rating.score)))
        .bind(("comment", rating.comment()))
        .bind(("now", now_ms()))
        .await?;
    let updated: Vec<RecordId> = response.take(0)?;
    if updated.is_empty() {
        return Err(Problem::AlreadyRated.into());
    }
    Ok(())
}

/// The visitor writes; the first message opens the chat in the room's «Новые».
pub async fn send(state: &AppState, token: &str, client_id: &str, text: &str) -> ServiceResult<Message> {
    send_as(state, &authenticate(state, token).await?, client_id, text).await
}

/// [`send_as`] from a known address, within the visitor's and the address's
/// message limits.
pub async fn send_from(state: &AppState, address: Option<IpAddr>, visitor: &Visitor, client_id: &str, text: &str, files: &[String]) -> ServiceResult<Message> {
    state.limits.visitor_message(address, &visitor.user)?;
    send_with_files(state, visitor, client_id, text, files).await
}

/// [`send`] for an authenticated visitor. The message goes to the visitor's
/// open inquiry; after a closed status or a deletion it opens a new one,
/// which lands in the room's «Новые» with a fresh wait timer (a deleted
/// chat never receives messages).
pub async fn send_as(state: &AppState, visitor: &Visitor, client_id: &str, text: &str) -> ServiceResult<Message> {
    send_with_files(state, visitor, client_id, text, &[]).await
}

/// [`send_as`] with files the visitor uploaded for this message (#14).
pub async fn send_with_files(state: &AppState, visitor: &Visitor, client_id: &str, text: &str, files: &[String]) -> ServiceResult<Message> {
    crate::model::message::check_message(text, client_id, files.len())?;
    if visitor.blocked_until_ms.is_some() {
        return Err(Problem::Blocked.into());
    }
    // The chat can close between the look and the write; the write refuses
    // then (ChatClosed), and the second look opens the next inquiry.
    for _ in 0..3 {
        let chats = inquiries(state, visitor).await?;
        let latest = chats.last();
        let chat = match latest {
            Some(open) if open.open() => key(&open.id),
            _ => {
                // A retried send whose first attempt was stored just before the
                // chat closed: the same message, not a new inquiry.
                if let Some(latest) = latest {
                    if let Some(stored) = find_by_client_id(state, &latest.id, client_id).await? {
                        return Ok(stored);
                    }
                }
                let next = visitor.next_chat_key(latest.map(|c| key(&c.id)).as_deref());
                open_chat(state, visitor, &next).await?;
                next
            }
        };
        let owner = crate::server::chats::attachments::Owner::Visitor(visitor.user.clone());
        match crate::server::chats::messages::store_with_files(state, &chat, client_id, text, &Author::Visitor { name: visitor.name.clone() }, Effect::Plain, Some((&owner, files))).await {
            Err(error) if error.refusal() == Some(&Problem::ChatClosed) => continue,
            other => return other,
        }
    }
    Err(Problem::ChatClosed.into())
}

async fn open_chat(state: &AppState, visitor: &Visitor, chat: &str) -> ServiceResult<()> {
    let ids = [
        record("chat", chat)?,
        record("room", &visitor.room)?,
        record("source", &visitor.source)?,
        record("user", &visitor.user)?,
    ];
    retry_on_conflict("open visitor chat", Some(chat), || async {
        match try_open_chat(state, ids.clone()).await {
            // Opened by a concurrent first message (or by us before a lost
            // race was reported): fine, use it.
            Err(e) if e.to_string().contains("already exists") => Ok(()),
            other => Ok(other?),
        }
    })
    .await
}

async fn try_open_chat(state: &AppState, [chat, room, source, user]: [RecordId; 4]) -> Result<(), surrealdb::Error> {
    state
        .db
        .query(
            "CREATE $chat SET room = $room, source = $source, user = $user, created_ms = $now,
                status = (SELECT VALUE id FROM chat_status WHERE is_default = true LIMIT 1)[0],
                participants = [], last_seq = 0, deleted = false, rev = 1",
        )
        .bind(("chat", chat))
        .bind(("room", room))
        .bind(("source", source))
        .bind(("user", user))
        .bind(("now", now_ms()))
        .await?
        .check()?;
    Ok(())
}
