// End to end (#13): while a filter is on, a chat that starts to match enters
// the list and one that stops matching leaves it, live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, operatorPage } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a filter gains a new match live and loses a chat that stops matching', async () => {
  const errors = [];
  const anna = await operatorPage(browser, server.url, 'anna@demo.local', errors);
  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await anna.locator('.chat-item[data-chat="vivan"]').waitFor();

  // «Новые» of every room.
  await anna.click('.filter-button');
  await anna.selectOption('.filter-dialog select[name=list]', 'Новые');
  await anna.click('.filter-dialog button[type=submit]');
  await anna.locator('.chat-list-column .filter-summary').waitFor();
  await anna.locator('.chat-item[data-chat="vivan"]').waitFor();

  // A new inquiry arrives: it enters the filtered list without touching the filter.
  const visitor = await (await browser.newContext()).newPage();
  watchErrors(visitor, errors);
  await visitor.goto(`${server.url}/widget/support`);
  await visitor.fill('#visitor-name', 'Фильтруемый Гость');
  await visitor.click('button[type=submit]');
  await visitor.waitForSelector('#composer');
  await visitor.fill('#composer', 'Новый вопрос');
  await visitor.press('#composer', 'Enter');
  await anna.locator('.chat-list-column .chat-item', { hasText: 'Фильтруемый Гость' }).waitFor({ timeout: 10_000 });

  // Boris answers Иван: the chat leaves «Новые», and so Anna's filtered list.
  await boris.click('.chat-item[data-chat="vivan"]');
  await boris.fill('#composer', 'Сейчас помогу');
  await boris.press('#composer', 'Enter');
  await anna.locator('.chat-list-column .chat-item[data-chat="vivan"]').waitFor({ state: 'detached', timeout: 10_000 });
  assert.match(await anna.getAttribute('.filter-button', 'class'), /\bon\b/, 'the filter is still on');
  assert.deepEqual(errors, []);
});
