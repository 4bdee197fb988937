// End to end (#15, in-browser part): an operator away from the tab learns of
// new messages: the title counts the chats waiting for them, and with the
// permission granted a hidden tab shows a system notification naming the
// client and the message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a hidden tab counts waiting chats in its title and shows a notification for a new inquiry', async () => {
  const errors = [];
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: server.url });
  // The tab is out of sight, and the notifications it shows are recorded.
  await context.addInitScript(() => {
    Object.defineProperty(document, 'hidden', { get: () => true });
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });
    window.__notes = [];
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title, options) {
        super(title, options);
        window.__notes.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
      }
    }
    Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
    Recorded.requestPermission = (...args) => Real.requestPermission(...args);
    window.Notification = Recorded;
  });
  const anna = await context.newPage();
  watchErrors(anna, errors);
  await signIn(anna, server.url, 'anna@demo.local');
  await anna.waitForFunction(() => /^\(\d+\) Чаты$/.test(document.title));
  const before = Number((await anna.title()).match(/^\((\d+)\)/)[1]);

  await anna.click('#open-profile');
  await anna.locator('.profile-dialog .notifications[data-permission="granted"]').waitFor();
  await anna.keyboard.press('Escape');

  const visitor = await (await browser.newContext()).newPage();
  watchErrors(visitor, errors);
  await visitor.goto(`${server.url}/widget/support`);
  await visitor.fill('#visitor-name', 'Ночной Клиент');
  await visitor.click('button[type=submit]');
  await visitor.waitForSelector('#composer');
  await visitor.fill('#composer', 'Есть кто-нибудь?');
  await visitor.press('#composer', 'Enter');

  await anna.waitForFunction((n) => document.title === `(${n}) Чаты`, before + 1, { timeout: 10_000 });
  await anna.waitForFunction(() => window.__notes.some((n) => n.title === 'Ночной Клиент'), null, { timeout: 10_000 });
  const note = await anna.evaluate(() => window.__notes.find((n) => n.title === 'Ночной Клиент'));
  assert.match(note.body, /Есть кто-нибудь\?/);
  assert.deepEqual(errors, []);
});
