// End to end (#13): messages written without a connection wait in the
// outbox, survive the tab being closed, and arrive exactly once, in order,
// when the network returns; the widget keeps its outbox the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const OFFLINE = ['Офлайн один', 'Офлайн два', 'Офлайн три'];

/** How many messages each outbox in this page's storage holds. */
const outboxSizes = (page) => page.evaluate(() => Object.keys(localStorage)
  .filter((k) => k.startsWith('chats.outbox.'))
  .map((k) => JSON.parse(localStorage.getItem(k)).length));

// Offline, the browser reports failed requests: those are expected here.
const expectedOffline = (text) => /ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(text);

test('three messages typed offline survive an offline reload and a closed tab, and arrive exactly once when the network returns', async () => {
  const errors = [];
  const context = await browser.newContext();
  const anna = await context.newPage();
  await signIn(anna, server.url, 'anna@demo.local');
  // Once the service worker runs, it keeps the workspace's page, and the
  // workspace keeps its last lists: it then opens without a network.
  await anna.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await anna.reload();
  await anna.locator('.room[data-room]').first().waitFor();
  await anna.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('chats.snapshot.')));
  await anna.click('.room[data-room="support"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="vivan"]');
  await anna.locator('.chat-view[data-open-chat="vivan"] .messages .message').first().waitFor();

  await context.setOffline(true);
  for (const text of OFFLINE) {
    await anna.fill('#composer', text);
    await anna.press('#composer', 'Enter');
  }
  // Each waits in the outbox, marked, with the reason.
  await anna.locator('.message.failed', { hasText: 'Офлайн три' }).waitFor();
  await anna.locator('.message.failed', { hasText: 'Нет связи с сервером' }).first().waitFor();
  assert.deepEqual(await outboxSizes(anna), [3]);
  // A reload while still offline: the workspace opens, and the three still wait in that chat.
  await anna.reload();
  await anna.locator('.room[data-room="support"]').waitFor();
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="vivan"]');
  for (const text of OFFLINE) await anna.locator('.chat-view .messages .message', { hasText: text }).waitFor();
  assert.deepEqual(await outboxSizes(anna), [3]);
  await anna.close();

  // The network is back; the workspace is opened again in a new tab.
  await context.setOffline(false);
  const again = await context.newPage();
  watchErrors(again, errors);
  await again.goto(`${server.url}/`);
  await again.click('.room[data-room="support"]');
  await again.click('.list[data-list="Все"]');
  await again.click('.chat-item[data-chat="vivan"]');
  await again.locator('.messages .message:not(.pending):not(.failed)', { hasText: 'Офлайн три' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(await outboxSizes(again), []);

  // Another operator sees each exactly once, in the order written.
  const boris = await (await browser.newContext()).newPage();
  watchErrors(boris, errors);
  await signIn(boris, server.url, 'boris@demo.local');
  await boris.click('.room[data-room="support"]');
  await boris.click('.list[data-list="Все"]');
  await boris.click('.chat-item[data-chat="vivan"]');
  await boris.locator('.messages .message', { hasText: 'Офлайн три' }).waitFor();
  const texts = (await boris.locator('.messages .message .text').allInnerTexts()).filter((t) => t.startsWith('Офлайн'));
  assert.deepEqual(texts, OFFLINE);
  assert.deepEqual(errors.filter((e) => !expectedOffline(e)), []);
});

test('a message deleted from the outbox never goes; the widget keeps its own outbox across a reload', async () => {
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(`${server.url}/widget/support`);
  await visitor.fill('#visitor-name', 'Посетитель Офлайн');
  await visitor.click('button[type=submit]');
  await visitor.waitForSelector('#composer');
  await visitor.fill('#composer', 'Первое, при связи');
  await visitor.press('#composer', 'Enter');
  await visitor.locator('.message.mine:not(.pending):not(.failed)', { hasText: 'Первое, при связи' }).waitFor();

  await context.setOffline(true);
  for (const text of ['Не нужно', 'Без сети']) {
    await visitor.fill('#composer', text);
    await visitor.press('#composer', 'Enter');
  }
  await visitor.locator('.message.failed', { hasText: 'Без сети' }).waitFor();
  await visitor.locator('.message.failed', { hasText: 'Не нужно' }).locator('.discard').click();
  await visitor.locator('.message.failed', { hasText: 'Не нужно' }).waitFor({ state: 'detached' });
  assert.deepEqual(await outboxSizes(visitor), [1]);

  await context.setOffline(false);
  await visitor.reload();
  await visitor.locator('.message.mine:not(.pending):not(.failed)', { hasText: 'Без сети' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(await outboxSizes(visitor), []);
  assert.equal(await visitor.locator('.message', { hasText: 'Не нужно' }).count(), 0);
});
