// The chat menu (C2) in Chromium: delete → restore → delete forever seen
// live by a second operator; a responsible person assigned and seen live;
// a closed status makes «Назначить ответственного» unavailable until
// «Активный» again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, operatorPage, chatMenu, openChatMenu } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const operator = (email, errors) => operatorPage(browser, server.url, email, errors);
const menu = chatMenu;

test('delete, restore and delete forever, seen live by another operator', async () => {
  const errors = [];
  const anna = await operator('anna@demo.local', errors);
  const boris = await operator('boris@demo.local', errors);
  await boris.locator('.chat-item[data-chat="vivan"]').waitFor();

  // Boris lacks the right: his menu has no «Удалить чат».
  await boris.click('.chat-item[data-chat="vivan"]');
  await boris.click('.chat-head .menu-button');
  await boris.locator('.menu-panel [data-menu="status"]').waitFor();
  assert.equal(await boris.locator('.menu-panel [data-menu="delete"]').count(), 0);
  await boris.click('.chat-head .menu-button');

  await anna.click('.chat-item[data-chat="vivan"]');
  await menu(anna, 'delete');
  await boris.locator('.chat-list-column .chat-item[data-chat="vivan"]').waitFor({ state: 'detached', timeout: 10_000 });

  // In Anna's «Удаленные»: restore brings it back to Boris.
  await anna.click('.list[data-list="Удаленные"]');
  await anna.click('.chat-item[data-chat="vivan"]');
  await menu(anna, 'restore');
  await boris.locator('.chat-list-column .chat-item[data-chat="vivan"]').waitFor({ timeout: 10_000 });

  // Delete again, then for good (with a confirmation).
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="vivan"]');
  await menu(anna, 'delete');
  await anna.click('.list[data-list="Удаленные"]');
  await anna.click('.chat-item[data-chat="vivan"]');
  await menu(anna, 'delete-forever');
  await anna.click('.menu-panel [data-confirm="erase"]');
  await anna.locator('.chat-item[data-chat="vivan"]').waitFor({ state: 'detached', timeout: 10_000 });
  assert.deepEqual(errors, []);
});

test('a responsible person assigned is seen live; a closed status blocks assigning until «Активный»', async () => {
  const errors = [];
  const anna = await operator('anna@demo.local', errors);
  const boris = await operator('boris@demo.local', errors);
  await boris.click('.list[data-list="Мои"]');
  assert.equal(await boris.locator('.chat-item[data-chat="vmaria"]').count(), 0);

  await anna.click('.chat-item[data-chat="vmaria"]');
  await menu(anna, 'responsible');
  await anna.fill('.picker-search', 'Бор');
  await anna.click('.picker [data-employee="boris"]');
  await boris.locator('.chat-item[data-chat="vmaria"]').waitFor({ timeout: 10_000 });
  await anna.locator('.chat-head', { hasText: 'Борис Иванов' }).waitFor();

  // «Закрыт» → the item is there but unavailable, with the reason.
  await menu(anna, 'status');
  await anna.click('.picker [data-status="closed"]');
  await anna.locator('.chat-head .status', { hasText: 'Закрыт' }).waitFor();
  await openChatMenu(anna);
  const assign = anna.locator('.menu-panel [data-menu="responsible"]');
  assert.equal(await assign.isDisabled(), true);
  assert.match(await assign.getAttribute('title'), /Активный/);
  const topic = anna.locator('.menu-panel [data-menu="topic"]');
  assert.equal(await topic.isDisabled(), true, '«Изменить тему» is unavailable too (C6)');
  assert.match(await topic.getAttribute('title'), /Активный/);
  await anna.click('.menu-panel [data-menu="status"]');
  await anna.click('.picker [data-status="active"]');
  await anna.locator('.chat-head .status', { hasText: 'Активный' }).waitFor();
  await openChatMenu(anna);
  assert.equal(await anna.locator('.menu-panel [data-menu="responsible"]').isDisabled(), false);
  assert.equal(await anna.locator('.menu-panel [data-menu="topic"]').isDisabled(), false);
  assert.deepEqual(errors, []);
});
