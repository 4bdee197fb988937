// Security seen from the browser: hostile text stays inert text everywhere it
// is shown, pages carry a strict CSP, and the session cookie is HttpOnly.
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

test('hostile names and messages render as inert text', async () => {
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
  await operator.waitForTimeout(500);
  for (const page of [visitor, operator]) {
    assert.equal(await page.evaluate(() => window.__xss), undefined, `a payload ran on ${page.url()}`);
    assert.equal(await page.locator('.messages img, .messages iframe, .messages svg, .messages script, .chat-item img').count(), 0);
  }
  assert.deepEqual(errors, []);
});

test('pages carry a strict CSP and the session cookie is HttpOnly and SameSite', async () => {
  const res = await fetch(`${server.url}/`);
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, 'CSP header present');
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
  assert.ok(!scriptSrc.includes('unsafe-inline') && !scriptSrc.includes('unsafe-eval '), scriptSrc);
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
