// The chat list a page at a time (#12): the first screen carries one page
// (3 chats here, CHAT_PAGE_SIZE=3), «Показать ещё» brings the next ones,
// and the counters, counted by the server over every chat, stay exact and
// live: a new inquiry and a read move them without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors, visitorWith } from './harness.mjs';

let server, browser;
const errors = [];

before(async () => {
  server = await startServer({
    env: { CHAT_PAGE_SIZE: '3', LIMIT_NEW_CHATS_PER_MIN: '1000', LIMIT_ROOM_NEW_CHATS_PER_MIN: '1000', LIMIT_WIDGET_CALLS_PER_MIN: '10000' },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(errors, []);
});

/** «unread / total» of a list, as numbers. */
async function counter(page, list) {
  const text = await page.locator(`.list[data-list="${list}"] .counter`).innerText();
  const [unread, total] = text.split('/').map((part) => Number(part.trim()));
  return { unread, total };
}

/** Waits until «Новые»'s counter shows `value` as its `part` (0: unread, 1: total). */
function newCounterShows(page, part, value) {
  return page.waitForFunction(([part, value]) => {
    const text = document.querySelector('.list[data-list="Новые"] .counter')?.innerText ?? '';
    return Number(text.split('/')[part]) === value;
  }, [part, value]);
}

const items = (page) => page.locator('.chat-list-column .chat-item');

test('the list comes a page at a time, «Показать ещё» brings the rest, and the counters stay exact and live', async () => {
  for (let i = 1; i <= 5; i += 1) {
    const visitor = await visitorWith(browser, server.url, errors, `Клиент Страницы ${i}`, `Вопрос номер ${i}`);
    await visitor.context().close();
  }

  const anna = await (await browser.newContext()).newPage();
  watchErrors(anna, errors);
  await signIn(anna, server.url, 'anna@demo.local');
  await anna.click('.room[data-room="support"]');
  await anna.click('.list[data-list="Новые"]');
  // One page: the three newest, the newest first, and a way to the rest.
  await anna.locator('[data-more="chats"]').waitFor();
  assert.equal(await items(anna).count(), 3);
  await assert.doesNotReject(items(anna).first().filter({ hasText: 'Клиент Страницы 5' }).waitFor({ timeout: 5_000 }));
  const before = await counter(anna, 'Новые');
  assert.ok(before.total >= 6, `five new inquiries and the demo's: ${before.total}`);
  assert.ok(before.unread >= 5);

  // «Показать ещё» until the list ends: every chat the counter counts, once each.
  while (await anna.locator('[data-more="chats"]').count()) {
    const shown = await items(anna).count();
    await anna.click('[data-more="chats"]');
    await anna.waitForFunction((n) => document.querySelectorAll('.chat-list-column .chat-item').length > n || !document.querySelector('[data-more="chats"]'), shown);
  }
  assert.equal(await items(anna).count(), before.total, 'the whole list, as counted');
  const ids = await items(anna).evaluateAll((els) => els.map((e) => e.dataset.chat));
  assert.equal(new Set(ids).size, ids.length, `no chat twice: ${ids}`);

  // A new inquiry: the counter moves live and the chat comes first.
  const late = await visitorWith(browser, server.url, errors, 'Клиент Поздний', 'Есть кто живой?');
  await newCounterShows(anna, 1, before.total + 1);
  await items(anna).first().filter({ hasText: 'Клиент Поздний' }).waitFor();
  const grown = await counter(anna, 'Новые');
  assert.equal(grown.unread, before.unread + 1);

  // Reading it: one unread fewer, the same total.
  await items(anna).first().click();
  await anna.locator('.chat-head .title', { hasText: 'Клиент Поздний' }).waitFor();
  await newCounterShows(anna, 0, before.unread);
  assert.equal((await counter(anna, 'Новые')).total, before.total + 1);

  // Another operator's first screen is one page too, with the same total.
  const boris = await (await browser.newContext()).newPage();
  watchErrors(boris, errors);
  await signIn(boris, server.url, 'boris@demo.local');
  await boris.click('.room[data-room="support"]');
  await boris.click('.list[data-list="Новые"]');
  await boris.locator('[data-more="chats"]').waitFor();
  assert.equal(await items(boris).count(), 3);
  assert.equal((await counter(boris, 'Новые')).total, before.total + 1);
  const roomCounter = await boris.locator('.room[data-room="support"] .counter').innerText();
  assert.ok(Number(roomCounter.split('/')[1]) >= before.total + 1, `the room counts all its chats: ${roomCounter}`);

  // After a reload the last known list shows at once (kept in the browser
  // for working offline), then the server's first page replaces it: one
  // page again, counters unchanged.
  await anna.reload();
  await anna.locator('.list[data-list="Новые"]').click();
  await anna.locator('[data-more="chats"]').waitFor();
  await anna.waitForFunction(() => document.querySelectorAll('.chat-list-column .chat-item').length === 3);
  assert.deepEqual(await counter(anna, 'Новые'), { unread: before.unread, total: before.total + 1 });
  await late.context().close();
  await anna.context().close();
  await boris.context().close();
});
