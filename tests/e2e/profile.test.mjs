// The profile (P1, P2) in Chromium: a sound setting survives a reload;
// switching to «На перерыве» turns the employee red in another operator's
// open responsible picker, live, and back to green.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a sound setting survives a reload', async () => {
  const errors = [];
  const page = await (await browser.newContext()).newPage();
  watchErrors(page, errors);
  await signIn(page, server.url, 'boris@demo.local');
  await page.click('#open-profile');
  const sound = page.locator('.profile-dialog input[name=sound-messages]');
  assert.equal(await sound.isChecked(), true);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/profile/sounds') && r.ok());
  await sound.uncheck();
  await saved;
  await page.reload();
  await page.waitForSelector('.room[data-room]');
  await page.click('#open-profile');
  assert.equal(await page.locator('.profile-dialog input[name=sound-messages]').isChecked(), false);
  assert.equal(await page.locator('.profile-dialog input[name=sound-calls]').isChecked(), true);
  assert.deepEqual(errors, []);
  // Boris's Chats window closes: the next test counts his tabs.
  await page.context().close();
});

test('activity and the open Chats window show live in another operator\'s picker, without polling', async () => {
  const errors = [];
  const anna = await (await browser.newContext()).newPage();
  const boris = await (await browser.newContext()).newPage();
  for (const p of [anna, boris]) watchErrors(p, errors);
  await signIn(anna, server.url, 'anna@demo.local');
  await signIn(boris, server.url, 'boris@demo.local');
  await anna.click('.room[data-room="support"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="vmaria"]');
  await anna.click('.chat-head .menu-button');
  await anna.click('.menu-panel [data-menu="responsible"]');
  const row = anna.locator('.picker [data-employee="boris"]');
  await anna.locator('.picker [data-employee="boris"].is-active').waitFor();
  // C11: the dot is green while Boris has the Chats window open, anywhere.
  await anna.locator('.picker [data-employee="boris"] .presence.on').waitFor();

  assert.match(await boris.getAttribute('.rooms-column .activity-switch', 'class'), /\bactive\b/);
  await boris.click('.rooms-column .activity-switch');
  await boris.locator('.rooms-column .activity-switch:not(.active)').waitFor();
  await anna.locator('.picker [data-employee="boris"].is-away').waitFor({ timeout: 10_000 });
  await boris.click('.rooms-column .activity-switch');
  await anna.locator('.picker [data-employee="boris"].is-active').waitFor({ timeout: 10_000 });
  assert.equal(await row.count(), 1);
  // He closes his only tab: the dot goes out in the picker Anna still has open.
  await boris.close();
  await anna.locator('.picker [data-employee="boris"] .presence.on').waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(await row.count(), 1);
  assert.deepEqual(errors, []);
});
