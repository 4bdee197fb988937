// The client panel (C1) and blocks (C14, C15) in Chromium: a visitor on a
// shop's page (the real widget.js loader in a real third-party page) starts
// a chat; the operator's panel shows the page, the UTM tags and the time
// zone, and follows the visitor to another page live; a block stops the
// visitor's widget at once, and «Разблокировать» lets them write again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser({ thirdPartySites: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

const SHOP = 'http://shop.test';

test('the panel follows the visitor\'s page live; a block stops the widget until unblocked', async () => {
  const errors = [];
  const shop = await browser.newContext({ timezoneId: 'Asia/Yekaterinburg' });
  await shop.route(`${SHOP}/**`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html><head><title>Цены</title></head><body><h1>Магазин</h1>
      <script src="${server.url}/widget.js" data-room="support" async></script></body></html>`,
  }));
  const visitor = await shop.newPage();
  watchErrors(visitor, errors);
  await visitor.goto(`${SHOP}/pricing?utm_source=google&utm_campaign=spring+sale`);
  await visitor.click('[data-chats-widget="support"]');
  const widget = visitor.frameLocator('[data-chats-frame="support"]');
  await widget.locator('#visitor-name').fill('Покупатель Панели');
  await widget.locator('button[type=submit]').click();
  await widget.locator('#composer').fill('Сколько стоит доставка?');
  await widget.locator('#composer').press('Enter');
  await widget.locator('.message.mine:not(.pending)', { hasText: 'доставка' }).waitFor();

  const anna = await (await browser.newContext()).newPage();
  watchErrors(anna, errors);
  await signIn(anna, server.url, 'anna@demo.local');
  await anna.click('.room[data-room="support"]');
  await anna.click('.chat-item', { hasText: 'Покупатель Панели' });
  const panel = anna.locator('.client-panel');
  await panel.locator('[data-part="page"] a', { hasText: 'Цены' }).waitFor({ timeout: 10_000 });
  assert.equal(await panel.locator('[data-utm="utm_source"]').innerText(), 'utm_source google');
  assert.equal(await panel.locator('[data-utm="utm_campaign"]').innerText(), 'utm_campaign spring sale');
  assert.match(await panel.locator('[data-part="location"]').innerText(), /Asia\/Yekaterinburg/);

  // The visitor goes to another page of the shop (a single-page app's pushState).
  await visitor.evaluate(() => { history.pushState({}, '', '/delivery'); document.title = 'Доставка'; });
  await panel.locator('[data-part="page"] a', { hasText: 'Доставка' }).waitFor({ timeout: 10_000 });
  assert.equal(await panel.locator('[data-utm="utm_source"]').count(), 1, 'the visit\'s tags stay');

  // C14: block for a day with a reason: the widget says so at once and cannot send.
  await anna.click('.chat-head .menu-button');
  await anna.click('.menu-panel [data-menu="block"]');
  const tomorrow = await anna.evaluate(() => {
    const d = new Date(Date.now() + 86_400_000);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  await anna.fill('.block-form input[name="until"]', tomorrow);
  await anna.fill('.block-form textarea[name="reason"]', 'Оскорбления');
  await anna.click('.block-form [data-confirm="block"]');
  await widget.locator('.widget-blocked').waitFor({ timeout: 10_000 });
  assert.equal(await widget.locator('#composer').count(), 0);
  await panel.locator('.panel-block', { hasText: 'Оскорбления' }).waitFor({ timeout: 10_000 });

  // C15: «Разблокировать» after a confirmation: the visitor writes again.
  await anna.locator('.menu-panel').waitFor({ state: 'detached' });
  await anna.click('.chat-head .menu-button');
  await anna.click('.menu-panel [data-menu="unblock"]');
  await anna.click('.menu-panel [data-confirm="unblock"]');
  await widget.locator('#composer').waitFor({ timeout: 10_000 });
  await widget.locator('#composer').fill('Простите, больше не буду');
  await widget.locator('#composer').press('Enter');
  await anna.locator('.messages .message', { hasText: 'больше не буду' }).waitFor({ timeout: 10_000 });
  await panel.locator('.panel-block').waitFor({ state: 'detached', timeout: 10_000 });
  assert.deepEqual(errors, []);
});
