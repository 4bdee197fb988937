//! Group commit (#18): every send of this process is written by one writer
//! task, as many as are waiting in one transaction, and each sender gets its
//! own message back. One commit (one sync to disk) then serves a whole batch,
//! sends into one chat never race for its next number, and the repeated-send
//! lookup happens inside the batch. Read positions go the same way: those
//! waiting are coalesced (one write per employee and chat, the furthest).

use std::sync::Arc;

use surrealdb::types::{RecordId, SurrealValue};
use tokio::sync::{mpsc, oneshot};

use crate::model::message::Message;
use crate::model::problem::Problem;
use crate::server::chats::messages::MessageRow;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::state::Db;
use crate::server::store::db::retry_on_conflict;

/// The most sends written in one transaction.
pub const BATCH_CAP: usize = 128;

/// One send, with everything its write needs already checked and decided.
#[derive(SurrealValue, Clone, Debug)]
pub(crate) struct PendingSend {
    pub chat: RecordId,
    /// The new message's record key (unused if the send is a repeat).
    pub key: String,
    /// "employee", "visitor" or "system".
    pub kind: String,
    pub employee: Option<RecordId>,
    pub author_id: Option<String>,
    pub name: String,
    pub preview: String,
    pub text: String,
    pub now: i64,
    pub client_id: String,
    /// A private note: the wait timer and the responsible stay as they were.
    pub note: bool,
    /// The writing employee becomes responsible if nobody is.
    pub take: bool,
    pub files: Option<String>,
    pub file_ids: Vec<RecordId>,
    /// The writer's read position, for an employee.
    pub read_key: String,
}

/// An employee's read position moving forward to `seq`.
#[derive(SurrealValue, Clone, Debug, PartialEq)]
pub(crate) struct ReadMove {
    /// `<employee>_<chat>`.
    pub key: String,
    pub employee: RecordId,
    pub chat: RecordId,
    pub seq: i64,
}

type Reply = oneshot::Sender<ServiceResult<Message>>;

/// What waits for the writer.
enum Work {
    Send(PendingSend, Reply),
    Read(ReadMove, oneshot::Sender<ServiceResult<()>>),
}

/// The queue to this process's message writer.
pub struct GroupCommit {
    queue: mpsc::UnboundedSender<Work>,
    /// Woken after each batch that stored messages (the search indexer waits here).
    pub committed: Arc<tokio::sync::Notify>,
}

/// One send's write, repeated for each send of a batch in one transaction.
/// A send whose (chat, client_id) is stored already writes nothing (it is a
/// retry); a visitor's send into a chat closed or deleted meanwhile writes
/// nothing either, and its sender hears that the inquiry is closed.
const BATCH: &str = concat!(
    "BEGIN;",
    "FOR $s IN $sends {",
    "  LET $chat = $s.chat;",
    "  LET $stored = (SELECT VALUE id FROM message WHERE chat = $chat AND client_id = $s.client_id LIMIT 1);",
    "  IF array::len($stored) = 0 AND ($s.kind != 'visitor' OR !($chat.deleted OR $chat.status.closed)) {",
    // A visitor starts (or keeps) the wait timer, anyone else's message stops it,
    // a note leaves it; an employee answering a client chat nobody took takes it.
    "    LET $seq = (UPDATE ONLY $chat SET last_seq += 1, last_author = $s.name, last_author_id = $s.author_id, last_text = $s.preview, last_at_ms = $s.now,",
    "      waiting_since_ms = IF $s.note { waiting_since_ms } ELSE IF $s.kind = 'visitor' { waiting_since_ms ?? $s.now } ELSE { NONE },",
    "      responsible = IF $s.take { responsible ?? $s.employee } ELSE { responsible },",
    "      rev += 1 RETURN VALUE last_seq);",
    "    CREATE ONLY type::record('message', $s.key) SET chat = $chat, seq = $seq, author_kind = $s.kind, author_employee = $s.employee, author_name = $s.name,",
    "      text = $s.text, at_ms = $s.now, client_id = $s.client_id, note = $s.note, files = $s.files,",
    // An answer in an e-mail or Telegram chat goes to the client (#16): the
    // outbound queue is these rows, written with the message itself.
    "      delivery = IF $s.kind = 'employee' AND !$s.note AND $chat.source.kind IN ['email', 'messenger'] { 'queued' } ELSE { NONE };",
    // Words in it become searchable by the indexer, off this path (search_index).
    "    CREATE type::record('search_pending', $s.key);",
    // The files follow the message: its chat's rights, its note flag.
    "    IF array::len($s.file_ids) > 0 { UPDATE $s.file_ids SET chat = $chat, message = type::record('message', $s.key), note = $s.note WHERE message = NONE; };",
    // An employee has read up to what they wrote (one write per send).
    "    IF $s.kind = 'employee' { UPSERT type::record('read_position', $s.read_key) SET employee = $s.employee, chat = $chat, seq = math::max([seq ?? 0, $seq]); };",
    "  };",
    "};",
    // Read positions, one per employee and chat, only ever forward.
    "FOR $r IN $reads {",
    "  UPSERT type::record('read_position', $r.key) SET employee = $r.employee, chat = $r.chat, seq = math::max([seq ?? 0, $r.seq]);",
    "};",
    "COMMIT;",
    // Each send's message, stored now or by an earlier attempt, in order.
    "RETURN $sends.map(|$s| (SELECT id, chat, seq, author_kind, author_employee, author_name, text, at_ms, client_id, note, files, delivery, delivery_attempts, delivery_error FROM message WHERE chat = $s.chat AND client_id = $s.client_id LIMIT 1)[0]);",
);

impl GroupCommit {
    /// Starts the writer on the current runtime; it stops when the queue's
    /// last handle is dropped.
    pub fn start(db: Arc<Db>) -> GroupCommit {
        let (queue, receiver) = mpsc::unbounded_channel();
        let committed = Arc::new(tokio::sync::Notify::new());
        tokio::spawn(writer(db, receiver, committed.clone()));
        GroupCommit { queue, committed }
    }

    /// Writes `send` with whatever else is waiting; its message once committed.
    pub(crate) async fn write(&self, send: PendingSend) -> ServiceResult<Message> {
        let chat = crate::server::store::records::key(&send.chat);
        let (reply, answer) = oneshot::channel();
        self.queue.send(Work::Send(send, reply)).map_err(|_| ServiceError::internal("send message: the writer stopped", Some(&chat)))?;
        answer.await.map_err(|_| ServiceError::internal("send message: the writer dropped the send", Some(&chat)))?
    }

    /// Moves a read position with whatever else is waiting; done once committed.
    pub(crate) async fn read(&self, read: ReadMove) -> ServiceResult<()> {
        let chat = crate::server::store::records::key(&read.chat);
        let (reply, answer) = oneshot::channel();
        self.queue.send(Work::Read(read, reply)).map_err(|_| ServiceError::internal("mark read: the writer stopped", Some(&chat)))?;
        answer.await.map_err(|_| ServiceError::internal("mark read: the writer dropped the read", Some(&chat)))?
    }
}

/// Takes what is waiting (up to [`BATCH_CAP`]), writes it, answers each
/// sender, and goes on. No timer: a send that finds the writer idle is
/// written at once, and the sends that arrive while a batch commits make the
/// next batch, so batches grow with the load by themselves.
async fn writer(db: Arc<Db>, mut receiver: mpsc::UnboundedReceiver<Work>, committed: Arc<tokio::sync::Notify>) {
    let mut batch = Vec::with_capacity(BATCH_CAP);
    while receiver.recv_many(&mut batch, BATCH_CAP).await > 0 {
        let (mut sends, mut replies, mut reads, mut read_replies) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for work in batch.drain(..) {
            match work {
                Work::Send(send, reply) => {
                    sends.push(send);
                    replies.push(reply);
                }
                Work::Read(read, reply) => {
                    reads.push(read);
                    read_replies.push(reply);
                }
            }
        }
        let coalesced = coalesce(&reads);
        BATCHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match write_batch(&db, &sends, &coalesced).await {
            Ok(stored) => {
                for ((send, reply), row) in sends.iter().zip(replies).zip(stored) {
                    let _ = reply.send(outcome(send, row));
                }
                for reply in read_replies {
                    let _ = reply.send(Ok(()));
                }
                if !sends.is_empty() {
                    committed.notify_one();
                }
            }
            // One bad send (its chat erased meanwhile, say) must not fail the
            // others: each is written alone, and only it hears the error.
            Err(error) if sends.len() + coalesced.len() > 1 => {
                tracing::debug!("a batch of {} sends and {} reads failed ({error}); writing them one by one", sends.len(), coalesced.len());
                for (send, reply) in sends.into_iter().zip(replies) {
                    let _ = reply.send(write_one(&db, send).await);
                }
                for (read, reply) in reads.into_iter().zip(read_replies) {
                    let _ = reply.send(write_batch(&db, &[], std::slice::from_ref(&read)).await.map(|_| ()));
                }
                committed.notify_one();
            }
            Err(error) => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(error));
                } else if let Some(reply) = read_replies.into_iter().next() {
                    let _ = reply.send(Err(error));
                }
            }
        }
    }
}

/// One write per read position: the furthest of those waiting.
fn coalesce(reads: &[ReadMove]) -> Vec<ReadMove> {
    let mut furthest: std::collections::HashMap<&str, &ReadMove> = std::collections::HashMap::new();
    for read in reads {
        let entry = furthest.entry(read.key.as_str()).or_insert(read);
        if read.seq > entry.seq {
            *entry = read;
        }
    }
    furthest.into_values().cloned().collect()
}

/// One batch in one transaction, tried again while it loses a write race
/// (to another node, or to another kind of write on a chat row).
async fn write_batch(db: &Db, sends: &[PendingSend], reads: &[ReadMove]) -> ServiceResult<Vec<Option<MessageRow>>> {
    retry_on_conflict("send message", None, || async {
        let mut response = db.query(BATCH).bind(("sends", sends.to_vec())).bind(("reads", reads.to_vec())).await?.check()?;
        let last = response.num_statements() - 1;
        let stored: Vec<Option<MessageRow>> = response.take(last)?;
        if stored.len() != sends.len() {
            return Err(ServiceError::internal("send message: a batch answered for fewer sends", None));
        }
        Ok(stored)
    })
    .await
}

/// A send written alone: a batch of one. The same key stored by another node
/// at the same moment loses to the unique index; the stored one is the answer.
async fn write_one(db: &Db, send: PendingSend) -> ServiceResult<Message> {
    match write_batch(db, std::slice::from_ref(&send), &[]).await {
        Ok(mut stored) => outcome(&send, stored.pop().flatten()),
        Err(error) => match crate::server::chats::messages::stored_by_client_id(db, &send.chat, &send.client_id).await? {
            Some(message) => Ok(message),
            None => Err(error),
        },
    }
}

/// What a sender hears: its message, or why there is none.
fn outcome(send: &PendingSend, row: Option<MessageRow>) -> ServiceResult<Message> {
    match row {
        Some(row) => Ok(row.into_message()),
        None if send.kind == "visitor" => Err(Problem::ChatClosed.into()),
        None => Err(ServiceError::internal("send message: no stored row", Some(&crate::server::store::records::key(&send.chat)))),
    }
}

static BATCHES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many batches this process has written (for the benchmarks: sends per batch).
pub fn batches_written() -> u64 {
    BATCHES.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(employee: &str, chat: &str, seq: i64) -> ReadMove {
        ReadMove { key: format!("{employee}_{chat}"), employee: RecordId::new("employee", employee), chat: RecordId::new("chat", chat), seq }
    }

    #[test]
    fn reads_waiting_together_make_one_write_each_the_furthest() {
        let mut coalesced = coalesce(&[read("anna", "a", 3), read("anna", "a", 7), read("boris", "a", 2), read("anna", "a", 5), read("anna", "b", 1)]);
        coalesced.sort_by(|x, y| x.key.cmp(&y.key));
        assert_eq!(coalesced, vec![read("anna", "a", 7), read("anna", "b", 1), read("boris", "a", 2)]);
    }
}
