// Security seen from the browser: hostile text (names, messages, topics,
// custom field values) stays inert text everywhere it is shown, pages carry
// a strict CSP, and the session cookie is HttpOnly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const PAYLOADS = [
  '<script>window.__xss="script"</script>',
  '<img src=x onerror="window.__xss=\'img\'">',
  '<svg onload="window.__xss=\'svg\'"></svg>',
  '"><iframe src="javascript:window.top.__xss=\'iframe\'"></iframe>',
  '<a href="javascript:window.__xss=\'link\'">click</a>',
  '{{7*7}} ${7*7} <style>body{display:none}</style>',
];
const NAME = '<img src=x onerror="window.__xss=\'name\'">Хакер';

test('hostile names, messages, topics and custom fields render as inert text', async () => {
  const errors = [];
  const visitor = await (await browser.newContext()).newPage();
  const operator = await (await browser.newContext()).newPage();
  watchErrors(visitor, errors);
  watchErrors(operator, errors);
  for (const page of [visitor, operator]) await page.addInitScript(() => { window.__xss = undefined; });

  await visitor.goto(`${server.url}/widget/support`);
  await visitor.fill('#visitor-name', NAME);
  await visitor.click('button[type=submit]');
  for (const payload of PAYLOADS) {
    await visitor.fill('#composer', payload);
    await visitor.press('#composer', 'Enter');
    await visitor.locator('.message.mine:not(.pending) .text', { hasText: payload }).waitFor();
  }

  await signIn(operator, server.url, 'boris@demo.local');
  await operator.click('.room[data-room="support"]');
  const item = operator.locator('.chat-item', { hasText: 'Хакер' });
  await item.waitFor();
  assert.match(await item.innerText(), /<img src=x/);
  await item.click();
  for (const payload of PAYLOADS) {
    await operator.locator('.messages .message .text', { hasText: payload }).waitFor();
  }

  // A typed topic and a custom field value carry payloads too (set through
  // the API as Anna and the administrator; Boris only looks).
  const chat = await item.getAttribute('data-chat');
  const call = (page, path, body) => page.evaluate(async ([path, body]) => {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, [path, body]);
  const admin = await (await browser.newContext()).newPage();
  const anna = await (await browser.newContext()).newPage();
  await signIn(admin, server.url, 'admin@demo.local');
  await signIn(anna, server.url, 'anna@demo.local');
  const field = await call(admin, '/api/settings/fields', { field: { id: '', name: 'Заметка', kind: 'text', choices: [], owner: 'user', position: 3 } });
  assert.equal(field.status, 200);
  assert.equal((await call(anna, '/api/chats/topic', { chat, topic: { kind: 'other', value: PAYLOADS[0] } })).status, 200);
  assert.equal((await call(anna, '/api/users/field', { edit: { chat, owner: 'user', field: field.body.id, value: PAYLOADS[1] } })).status, 200);
  await operator.locator('.chat-head .chat-topic', { hasText: PAYLOADS[0] }).waitFor({ timeout: 10_000 });
  await operator.click('.client-panel .open-user-info');
  await operator.locator(`.user-info-dialog [data-field="${field.body.id}"]`, { hasText: PAYLOADS[1] }).waitFor();

  await operator.waitForTimeout(500);
  for (const page of [visitor, operator]) {
    assert.equal(await page.evaluate(() => window.__xss), undefined, `a payload ran on ${page.url()}`);
    assert.equal(await page.locator('.messages img, .messages iframe, .messages svg, .messages script, .chat-item img, .chat-head img, .chat-head script, .client-panel img, .user-info-dialog img, .user-info-dialog script').count(), 0);
  }
  assert.deepEqual(errors, []);
});

test('pages carry a strict CSP and the session cookie is HttpOnly and SameSite', async () => {
  const res = await fetch(`${server.url}/`);
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, 'CSP header present');
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
  assert.ok(!scriptSrc.includes('unsafe-inline') && !scriptSrc.includes('unsafe-eval '), scriptSrc);
  assert.ok(!csp.includes('unsafe-inline'), `no inline scripts or styles at all: ${csp}`);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const widget = await fetch(`${server.url}/widget/support`);
  assert.match(widget.headers.get('content-security-policy'), /frame-ancestors \*/);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, server.url, 'anna@demo.local');
  const [cookie] = (await context.cookies()).filter((c) => c.name === 'chats_session');
  assert.ok(cookie.httpOnly, 'HttpOnly');
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie.includes('chats_session')), false);
});
