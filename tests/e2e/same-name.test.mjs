// End to end (#13): two employees with the same name. A browser knows its
// own messages by the author's id, so the one who did not write still sees
// the message as someone else's and hears the incoming-message sound.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** A server function called from `page` (its session cookie), JSON in and out. */
const call = (page, path, body) => page.evaluate(async ({ path, body }) => {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}, { path, body });

test('two employees named «Анна Смирнова»: the one who did not write sees it as a colleague\'s and hears it', async () => {
  const errors = [];
  const admin = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  await signIn(admin, server.url, 'admin@demo.local');
  const twin = await call(admin, '/api/settings/employees', { employee: { name: 'Анна Смирнова', email: 'anna2@demo.local', password: 'twin-pass-1' } });
  await call(admin, '/api/settings/employees/groups', { employee: twin.id, groups: ['operators', 'supervisors'] });

  // Anna makes her namesake responsible for Иван's chat.
  const anna = await (await browser.newContext()).newPage();
  watchErrors(anna, errors);
  await signIn(anna, server.url, 'anna@demo.local');
  await call(anna, '/api/chats/responsible', { chat: 'vivan', employee: twin.id });

  // The namesake's browser counts the sounds it plays.
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__played = 0;
    HTMLMediaElement.prototype.play = function play() { window.__played += 1; return Promise.resolve(); };
  });
  const other = await context.newPage();
  watchErrors(other, errors);
  await other.goto(`${server.url}/`);
  await other.fill('input[name=email]', 'anna2@demo.local');
  await other.fill('input[name=password]', 'twin-pass-1');
  await other.click('button[type=submit]');
  await other.click('.room[data-room="support"]');
  await other.click('.list[data-list="Мои"]');
  await other.click('.chat-item[data-chat="vivan"]');
  await other.locator('.chat-view[data-open-chat="vivan"] .messages .message').first().waitFor();

  // Anna writes in it.
  await anna.click('.room[data-room="support"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="vivan"]');
  await anna.fill('#composer', 'Пишет первая Анна');
  await anna.press('#composer', 'Enter');
  await anna.locator('.message.mine:not(.pending)', { hasText: 'Пишет первая Анна' }).waitFor();

  const arrived = other.locator('.messages .message', { hasText: 'Пишет первая Анна' });
  await arrived.waitFor();
  assert.doesNotMatch(await arrived.getAttribute('class'), /\bmine\b/, 'the namesake did not write it');
  await other.waitForFunction(() => window.__played > 0, null, { timeout: 5_000 });
  assert.deepEqual(errors, []);
});
