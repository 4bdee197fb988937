// The chat workflow in Chromium: a topic change hides a chat from an
// operator without that topic's rights and adding him as an operator brings
// it back (C12, C9); the responsible picker's green dot (C11); a filter
// across two rooms and its reset (W9); related chats (C16); the wait timer
// green at first and red past the room's maximum (L9).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors, operatorPage, chatMenu } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const operator = (email, errors) => operatorPage(browser, server.url, email, errors);
const menu = chatMenu;

test('a topic hides the chat from an operator without it; adding him as an operator brings it back', async () => {
  const errors = [];
  const anna = await operator('anna@demo.local', errors);
  const boris = await operator('boris@demo.local', errors);
  await boris.locator('.chat-item[data-chat="vmaria"]').waitFor();

  await anna.click('.chat-item[data-chat="vmaria"]');
  await menu(anna, 'topic');
  await anna.click('.picker [data-topic="billing"]');
  await anna.locator('.chat-head .chat-topic', { hasText: 'Оплата' }).waitFor();
  await boris.locator('.chat-item[data-chat="vmaria"]').waitFor({ state: 'detached', timeout: 10_000 });

  // C11: Anna has the chat open, so her dot in the responsible picker is green; Boris's is red.
  await menu(anna, 'responsible');
  await anna.locator('.picker [data-employee="anna"] .presence.on').waitFor();
  assert.equal(await anna.locator('.picker [data-employee="boris"] .presence.on').count(), 0);
  await anna.click('.chat-head .menu-button');

  // C5/C9: nobody else takes part yet → «Добавить оператора»; pick two at once.
  await menu(anna, 'add-operator');
  await anna.fill('.picker-search', 'Бор');
  await anna.check('.picker [data-employee="boris"] input');
  await anna.fill('.picker-search', '');
  await anna.check('.picker [data-employee="vera"] input');
  await anna.click('.picker [data-confirm="add-operators"]');
  await boris.locator('.chat-item[data-chat="vmaria"]').waitFor({ timeout: 10_000 });

  // Now the item is «Список участников»: both are there; remove Vera.
  await menu(anna, 'participants');
  await anna.locator('.picker [data-participant="boris"]').waitFor();
  await anna.click('.picker [data-participant="vera"] .menu-item');
  await anna.locator('.picker [data-participant="vera"] .participant-info', { hasText: 'vera@demo.local' }).waitFor();
  await anna.click('.picker [data-remove="vera"]');
  await anna.locator('.picker [data-participant="vera"]').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('a filter covers two rooms, lights the search button, and resets; related chats', async () => {
  const errors = [];
  const anna = await operator('anna@demo.local', errors);
  await anna.locator('.chat-item[data-chat="vivan"]').waitFor();
  assert.equal(await anna.locator('.chat-item[data-chat="vromashka"]').count(), 0, '«Продажи» is another room');

  await anna.click('.filter-button');
  // «Новые» of every room: Иван in «Поддержка», «Ромашка» in «Продажи».
  await anna.selectOption('.filter-dialog select[name=list]', 'Новые');
  await anna.click('.filter-dialog button[type=submit]');
  await anna.locator('.chat-item[data-chat="vromashka"]').waitFor();
  assert.deepEqual(await anna.locator('.chat-list-column .chat-item').evaluateAll((items) => items.map((i) => i.dataset.chat).sort()), ['vivan', 'vromashka']);
  assert.match(await anna.getAttribute('.filter-button', 'class'), /\bon\b/);

  // Words anywhere in the history, over all rooms.
  await anna.click('.filter-button');
  await anna.selectOption('.filter-dialog select[name=list]', '');
  await anna.fill('.filter-dialog input[name=words]', 'пароль');
  await anna.click('.filter-dialog button[type=submit]');
  await anna.locator('.chat-item[data-chat="vromashka"]').waitFor({ state: 'detached' });
  assert.deepEqual(await anna.locator('.chat-list-column .chat-item').evaluateAll((items) => items.map((i) => i.dataset.chat)), ['vivan']);

  await anna.click('.chat-list-column [data-reset="filter"]');
  await anna.locator('.chat-item[data-chat="vromashka"]').waitFor({ state: 'detached' });
  await anna.locator('.chat-item[data-chat="vmaria"]').waitFor();
  assert.doesNotMatch(await anna.getAttribute('.filter-button', 'class'), /\bon\b/);

  // C16: this client's chats only, then «Сбросить».
  await anna.click('.chat-item[data-chat="vivan"]');
  await menu(anna, 'related');
  await anna.locator('.chat-list-column .filter-summary', { hasText: 'Связанные чаты' }).waitFor();
  assert.deepEqual(await anna.locator('.chat-list-column .chat-item').evaluateAll((items) => items.map((i) => i.dataset.chat)), ['vivan']);
  await anna.click('.chat-list-column [data-reset="filter"]');
  await anna.locator('.chat-item[data-chat="vmaria"]').waitFor();
  assert.deepEqual(errors, []);
});

test('the wait timer is green at first and red past the room maximum', async () => {
  const errors = [];
  const admin = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  const support = admin.locator('[data-room-settings="support"]');
  // 20 s: long enough that the first look is green on a busy machine.
  await support.locator('input[name=wait]').fill('20');
  await support.locator('button[type=submit]').click();
  await admin.locator('#audit-log td', { hasText: 'Изменение комнаты' }).first().waitFor();

  const boris = await operator('boris@demo.local', errors);
  const visitor = await (await browser.newContext()).newPage();
  watchErrors(visitor, errors);
  await visitor.goto(`${server.url}/widget/support`);
  await visitor.fill('#visitor-name', 'Ждущий Клиент');
  await visitor.click('button[type=submit]');
  await visitor.waitForSelector('#composer');
  await visitor.fill('#composer', 'Ответьте, пожалуйста');
  await visitor.press('#composer', 'Enter');

  const timer = boris.locator('.chat-item', { hasText: 'Ждущий Клиент' }).locator('.wait-timer');
  await timer.waitFor();
  const hue = async () => Number(await timer.getAttribute('data-hue'));
  assert.ok(await hue() >= 60, `green at first (hue ${await hue()})`);
  // The colour the operator sees: computed from the stylesheet, green → red.
  const [red, green] = (await timer.evaluate((el) => getComputedStyle(el).color)).match(/\d+/g).map(Number);
  assert.ok(green >= red, `drawn green: rgb ${red}, ${green}`);
  await boris.waitForFunction((el) => el.getAttribute('data-hue') === '0', await timer.elementHandle(), { timeout: 40_000 });
  // hsl(0, 70%, 24%): red, dark enough for 4.5:1 contrast (#15).
  assert.equal(await timer.evaluate((el) => getComputedStyle(el).color), 'rgb(104, 18, 18)');
  assert.match(await timer.innerText(), /^0:(19|[2-5]\d)$/);
  assert.deepEqual(errors, []);
});
