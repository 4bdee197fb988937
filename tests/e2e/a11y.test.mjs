// Accessibility (#15): axe-core finds nothing serious or critical on the
// main screens, and the workspace works from the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, signIn, watchErrors, chatMenu } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server, browser;
const errors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(errors, []);
});

/** The serious and critical axe violations on the page as it is now. */
async function serious(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

async function assertAccessible(page, screen) {
  assert.deepEqual(await serious(page), [], `${screen}: no serious axe violations`);
}

test('axe finds nothing serious on the sign-in, workspace, chat, menu, client panel, dialogs, settings and widget', async () => {
  // axe is injected as a script: the pages' CSP (rightly) refuses it otherwise.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  watchErrors(page, errors);
  await page.goto(`${server.url}/`);
  await page.locator('input[name=email]').waitFor();
  await assertAccessible(page, 'sign-in');

  await signIn(page, server.url, 'admin@demo.local');
  await page.click('.room[data-room="support"]');
  await page.click('.list[data-list="Все"]');
  await page.locator('.chat-item').first().waitFor();
  await assertAccessible(page, 'workspace');

  await page.click('.chat-item[data-chat="vivan"]');
  await page.locator('.messages .message').first().waitFor();
  await page.locator('.client-panel .panel-part').first().waitFor();
  await assertAccessible(page, 'open chat with the client panel');

  await chatMenu(page, 'status');
  await page.locator('.picker [data-status]').first().waitFor();
  await assertAccessible(page, 'chat menu');
  await page.keyboard.press('Escape');

  await page.click('.open-user-info');
  await page.locator('.user-info-dialog').waitFor();
  await assertAccessible(page, 'user-info window');
  await page.keyboard.press('Escape');
  await page.locator('.user-info-dialog').waitFor({ state: 'detached' });

  // The profile button is in the rooms column, which a open chat folds to icons.
  await page.goto(`${server.url}/`);
  await page.locator('.room[data-room]').first().waitFor();
  await page.click('#open-profile');
  await page.locator('.profile-dialog').waitFor();
  await assertAccessible(page, 'profile');
  await page.click('#open-profile');

  await page.click('#open-settings');
  await page.locator('.settings-section').first().waitFor();
  await assertAccessible(page, 'settings');

  const visitor = await (await browser.newContext({ bypassCSP: true })).newPage();
  watchErrors(visitor, errors);
  await visitor.goto(`${server.url}/widget/support`);
  await visitor.locator('#visitor-name').waitFor();
  await assertAccessible(visitor, 'widget welcome');
  await visitor.fill('#visitor-name', 'Доступный Посетитель');
  await visitor.click('button[type=submit]');
  await visitor.fill('#composer', 'Здравствуйте');
  await visitor.press('#composer', 'Enter');
  await visitor.locator('.message.mine:not(.pending)').waitFor();
  await assertAccessible(visitor, 'widget chat');
});

test('from the keyboard alone: a room, a list, a chat, an answer; Escape closes the menu and the window', async () => {
  const page = await (await browser.newContext()).newPage();
  watchErrors(page, errors);
  await signIn(page, server.url, 'anna@demo.local');

  // Tab reaches the rooms and lists; Enter chooses.
  const focusOn = async (selector) => {
    for (let i = 0; i < 60; i++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reached ${selector}`);
  };
  await focusOn('.room[data-room="support"]');
  // The focus is visible.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused room shows a focus ring');
  await page.keyboard.press('Enter');
  await focusOn('.list[data-list="Все"]');
  await page.keyboard.press('Enter');
  await page.locator('.list.active[data-list="Все"]').waitFor();
  await focusOn('.chat-item[data-chat="vivan"]');
  await page.keyboard.press('Enter');
  await page.locator('.chat-view[data-open-chat="vivan"] .messages .message').first().waitFor();

  // The thread is a log that announces new messages politely.
  assert.equal(await page.locator('#messages').getAttribute('role'), 'log');
  assert.equal(await page.locator('#messages').getAttribute('aria-live'), 'polite');

  await focusOn('#composer');
  await page.keyboard.type('С клавиатуры');
  await page.keyboard.press('Enter');
  await page.locator('.message.mine:not(.pending)', { hasText: 'С клавиатуры' }).waitFor();

  // The chat menu opens from the keyboard and closes on Escape, giving the focus back.
  await focusOn('.chat-head .menu-button');
  await page.keyboard.press('Enter');
  await page.locator('.menu-panel .menu-item').first().waitFor();
  await page.keyboard.press('Escape');
  await page.locator('.menu-panel').waitFor({ state: 'detached' });
  assert.ok(await page.evaluate(() => document.activeElement?.matches('.chat-head .menu-button')), 'the focus returns to the menu button');

  // The user-info window keeps the focus inside until Escape closes it.
  await page.click('.open-user-info');
  await page.locator('.user-info-dialog').waitFor();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.user-info-dialog')), `Tab ${i + 1} stays in the window`);
  }
  await page.keyboard.press('Escape');
  await page.locator('.user-info-dialog').waitFor({ state: 'detached' });
});
