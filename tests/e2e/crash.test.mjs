// Crash durability: messages are sent at full speed while the server is
// killed with SIGKILL at random moments and restarted on the same SurrealKV
// folder. Every acknowledged message must be there exactly once, every retry
// of an unacknowledged one must not duplicate it, and the store must open
// every time. CRASHES sets the number of kills (20 here, 100 for the long run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';

const CRASHES = Number(process.env.CRASHES || 20);
// One visitor sends at full speed here, far over the widget's rate limits: off.
const env = { LIMIT_VISITOR_MSGS_PER_SEC: '0', LIMIT_WIDGET_CALLS_PER_MIN: '0' };
const SENDERS = 4;

// Every message of the visitor's chat: the newest page, then earlier pages
// down to the first (the widget's own paging).
async function allMessages(url, token) {
  const session = await post(url, '/api/widget/resume', { token, chat: '', after_seq: 0 });
  let all = session.messages;
  let older = session.has_older;
  const chat = session.chats.at(-1);
  while (older && all.length) {
    const page = await post(url, '/api/widget/history', { token, chat, before_seq: all[0].seq });
    all = page.messages.concat(all);
    older = page.has_older;
  }
  return all;
}

// A widget call: the visitor's token (if the body names one) travels in its header.
async function post(url, path, { token, ...body }) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers['x-visitor-token'] = token;
  const res = await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

test(`no acknowledged message is lost or doubled across ${CRASHES} SIGKILLs`, { timeout: 20 * 60_000 }, async () => {
  let server = await startServer({ env });
  const { dataDir, port } = server;
  try {
  const { token } = await post(server.url, '/api/widget/start', { room: 'support', name: 'Crash test' });
  const acked = new Map();          // client_id -> seq
  const unacked = new Set();        // sent, no answer: may or may not be stored
  let counter = 0;

  const sendOne = async (url, clientId) => {
    unacked.add(clientId);
    const message = await post(url, '/api/widget/send', { token, client_id: clientId, text: `message ${clientId}` });
    unacked.delete(clientId);
    if (acked.has(clientId)) assert.equal(acked.get(clientId), message.seq, `retry of ${clientId} returned another seq`);
    acked.set(clientId, message.seq);
  };

  for (let round = 0; round < CRASHES; round++) {
    // Retry what the last crash left unanswered: must not create twins.
    for (const clientId of [...unacked]) await sendOne(server.url, clientId);
    let running = true;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (running) {
        const clientId = `crash-${String(counter++).padStart(7, '0')}`;
        try { await sendOne(server.url, clientId); } catch { return; }
      }
    });
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 900));
    await server.kill();
    running = false;
    await Promise.all(senders);
    server = await startServer({ dataDir, port, keepData: true, env });
  }
  for (const clientId of [...unacked]) await sendOne(server.url, clientId);

  const all = await allMessages(server.url, token);
  const byId = new Map();
  for (const m of all) {
    assert.ok(!byId.has(m.client_id), `${m.client_id} stored twice`);
    byId.set(m.client_id, m.seq);
  }
  const lost = [...acked].filter(([clientId, seq]) => byId.get(clientId) !== seq);
  if (lost.length) {
    const seqs = lost.map(([, seq]) => seq);
    console.log(`# lost ${lost.length} acknowledged messages, seq ${Math.min(...seqs)}..${Math.max(...seqs)}; stored ${all.length}, last seq ${all.at(-1)?.seq}`);
  }
  for (const [clientId, seq] of acked) assert.equal(byId.get(clientId), seq, `acknowledged ${clientId} is missing or moved`);
  assert.deepEqual(all.map((m) => m.seq), all.map((_, i) => i + 1), 'sequence numbers have no gaps');
  assert.ok(acked.size > CRASHES, `sent only ${acked.size} messages`);
  console.log(`# ${CRASHES} crashes, ${acked.size} acknowledged messages, ${all.length} stored`);
  } finally {
    // Stopped even when an assertion fails, or the test process never ends.
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// A crash that tears the last WAL record (cut here by hand, so the case is
// not left to chance): what is acknowledged after the restart must survive
// the next restart too. SurrealKV 0.21.4 appended the new session after the
// torn bytes and dropped it on the following start; `server::wal_guard`
// starts each session in a new segment.
test('messages acknowledged after a torn WAL tail survive the next restart', { timeout: 5 * 60_000 }, async () => {
  let server = await startServer({ env });
  const { dataDir, port } = server;
  try {
    const { token } = await post(server.url, '/api/widget/start', { room: 'support', name: 'Torn tail' });
    for (let i = 0; i < 5; i++) await post(server.url, '/api/widget/send', { token, client_id: `torn-before-${i}`, text: `before ${i}` });
    await server.kill();
    const wal = path.join(dataDir, 'db', 'wal');
    const newest = readdirSync(wal).filter((f) => f.endsWith('.wal') && statSync(path.join(wal, f)).size > 0).sort().at(-1);
    truncateSync(path.join(wal, newest), statSync(path.join(wal, newest)).size - 3);

    server = await startServer({ dataDir, port, keepData: true, env });
    const acked = [];
    for (let i = 0; i < 10; i++) {
      const m = await post(server.url, '/api/widget/send', { token, client_id: `torn-after-${i}`, text: `after ${i}` });
      acked.push([m.client_id, m.seq]);
    }
    await server.kill();
    server = await startServer({ dataDir, port, keepData: true, env });
    const messages = await allMessages(server.url, token);
    const stored = new Map(messages.map((m) => [m.client_id, m.seq]));
    for (const [clientId, seq] of acked) assert.equal(stored.get(clientId), seq, `acknowledged ${clientId} was lost`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
