// The user-info window (C7) in Chromium: rename a user (seen in the list),
// a typed custom field, merge two users into a client and undo it, the
// client's history filtered by action; an operator without the rights sees
// the same window read-only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, operatorPage } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('rename, a custom field, merge and unmerge, and the filtered client history', async () => {
  const errors = [];
  const anna = await operatorPage(browser, server.url, 'anna@demo.local', errors);
  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await anna.click('.chat-item[data-chat="vivan"]');
  await anna.click('.client-panel .open-user-info');
  const dialog = anna.locator('.user-info-dialog');

  // «Пользователь»: the new name reaches Boris's list live.
  await dialog.locator('input[name="user-name"]').fill('Иван К.');
  await dialog.locator('form button[type="submit"]').click();
  await boris.locator('.chat-item[data-chat="vivan"]', { hasText: 'Иван К.' }).waitFor({ timeout: 10_000 });
  await dialog.locator('select[name="segment"]').selectOption('Опт');
  await dialog.locator('[data-save-field="segment"]').click();

  // «Клиент»: merge Ivan with Maria, fill the client's contract number.
  await dialog.locator('[data-tab="client"]').click();
  await dialog.locator('#merge-search').fill('Мар');
  await dialog.locator('[data-merge="maria"]').click();
  await dialog.locator('.client-users [data-user="maria"]').waitFor();
  await dialog.locator('.client-users [data-user="ivan"]').waitFor();
  await dialog.locator('input[name="contract"]').fill('Д-42');
  await dialog.locator('[data-save-field="contract"]').click();

  // «История клиента»: every kind, then only field changes.
  await dialog.locator('[data-tab="client-history"]').click();
  await dialog.locator('.history-event', { hasText: 'Объединение в клиента' }).waitFor();
  await dialog.locator('select[name="action"]').selectOption('Изменение поля');
  await dialog.locator('.history-event', { hasText: 'Объединение в клиента' }).waitFor({ state: 'detached' });
  const fieldEvents = await dialog.locator('.history-event').allInnerTexts();
  assert.ok(fieldEvents.length >= 2 && fieldEvents.every((t) => t.includes('Изменение поля')), fieldEvents.join(' | '));
  assert.ok(fieldEvents.some((t) => t.includes('Номер договора: Д-42')));

  // Undo the merge: two users → no client any more.
  await dialog.locator('[data-tab="client"]').click();
  await dialog.locator('[data-unmerge="maria"]').click();
  await dialog.getByText('не объединён', { exact: false }).waitFor();

  // Boris has none of the rights: read-only, no merging.
  await boris.click('.chat-item[data-chat="vivan"]');
  await boris.click('.client-panel .open-user-info');
  const his = boris.locator('.user-info-dialog');
  await his.locator('h3', { hasText: 'Иван К.' }).waitFor();
  assert.equal(await his.locator('input[name="user-name"]').count(), 0);
  assert.match(await his.locator('[data-field="segment"]').innerText(), /Опт/);
  await his.locator('[data-tab="client"]').click();
  assert.equal(await his.locator('#merge-search').count(), 0);
  await boris.click('.dialog-backdrop', { position: { x: 5, y: 5 } });
  await his.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});
