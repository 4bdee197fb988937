// A stand-in for the Telegram Bot API (#16) for the browser tests: the
// methods the source uses, in this process on loopback (no real Bot API is
// reachable here). It records what the bot sent and can answer 429 once.
import http from 'node:http';

export async function startBotApi(token) {
  const updates = [];
  const sent = [];
  const files = new Map();
  let nextUpdate = 1;
  let nextMessage = 1;
  let throttle = null;
  let waiters = [];
  const wake = () => { for (const w of waiters) w(); waiters = []; };

  const reply = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith(`/file/bot${token}/`)) {
      const bytes = files.get(url.pathname.slice(`/file/bot${token}/`.length));
      if (!bytes) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200);
      return res.end(bytes);
    }
    const prefix = `/bot${token}/`;
    if (!url.pathname.startsWith(prefix)) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = url.pathname.slice(prefix.length);
    const type = req.headers['content-type'] || '';
    let fields = {};
    let upload = null;
    if (type.startsWith('application/json')) {
      fields = JSON.parse(raw.toString() || '{}');
    } else if (type.startsWith('multipart/form-data')) {
      const boundary = type.split('boundary=')[1];
      for (const part of raw.toString('latin1').split(`--${boundary}`)) {
        const m = part.match(/name="([^"]+)"(?:; filename="([^"]*)")?[\s\S]*?\r\n\r\n([\s\S]*)\r\n$/);
        if (!m) continue;
        if (m[2] !== undefined) upload = { name: Buffer.from(m[2], 'latin1').toString('utf8'), bytes: Buffer.from(m[3], 'latin1') };
        else fields[m[1]] = Buffer.from(m[3], 'latin1').toString('utf8');
      }
    }
    switch (method) {
      case 'getMe':
        return reply(res, 200, { ok: true, result: { id: 777, is_bot: true, first_name: 'Support', username: 'support_test_bot' } });
      case 'getUpdates': {
        const offset = Number(fields.offset || 0);
        const deadline = Date.now() + Math.min(Number(fields.timeout || 0), 30) * 1000;
        for (;;) {
          const pending = updates.filter((u) => u.update_id >= offset);
          if (pending.length > 0 || Date.now() >= deadline) return reply(res, 200, { ok: true, result: pending });
          await new Promise((r) => { waiters.push(r); setTimeout(r, Math.max(0, deadline - Date.now())); });
        }
      }
      case 'getFile':
        if (!files.has(fields.file_id)) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return reply(res, 200, { ok: true, result: { file_id: fields.file_id, file_path: fields.file_id } });
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument': {
        if (throttle !== null) {
          const retry = throttle;
          throttle = null;
          return reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retry}`, parameters: { retry_after: retry } });
        }
        sent.push(method === 'sendMessage' ? { chatId: Number(fields.chat_id), text: fields.text } : { chatId: Number(fields.chat_id), method, name: upload?.name, bytes: upload?.bytes });
        return reply(res, 200, { ok: true, result: { message_id: nextMessage++, date: 0, chat: { id: Number(fields.chat_id), type: 'private' } } });
      }
      default:
        return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const push = (chatId, firstName, fields) => {
    updates.push({
      update_id: nextUpdate++,
      message: { message_id: nextMessage++, date: 0, chat: { id: chatId, type: 'private', first_name: firstName }, from: { id: chatId, is_bot: false, first_name: firstName }, ...fields },
    });
    wake();
  };
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sent,
    userWrites: (chatId, firstName, text) => push(chatId, firstName, { text }),
    userSendsPhoto: (chatId, firstName, bytes, caption) => {
      const id = `photo${nextMessage}`;
      files.set(id, bytes);
      push(chatId, firstName, { caption, photo: [{ file_id: id, width: 800, height: 600, file_size: bytes.length }] });
    },
    throttleNext: (seconds) => { throttle = seconds; },
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}
