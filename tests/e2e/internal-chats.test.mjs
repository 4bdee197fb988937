// Internal rooms (R2, W12) in Chromium: «Добавить чат» creates a group chat
// (a topic and two colleagues needed), the colleagues see it live, and the
// second attempt with the same people offers the existing chat instead of a
// twin; a personal chat with Boris offers the one the demo has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function inStaffRoom(email, errors) {
  const page = await (await browser.newContext()).newPage();
  watchErrors(page, errors);
  await signIn(page, server.url, email);
  await page.click('.room[data-room="staff"]');
  await page.click('.list[data-list="Все"]');
  return page;
}

test('a group chat needs a topic and two colleagues; the second attempt offers the existing chat', async () => {
  const errors = [];
  const anna = await inStaffRoom('anna@demo.local', errors);
  const boris = await inStaffRoom('boris@demo.local', errors);
  const vera = await inStaffRoom('vera@demo.local', errors);

  await anna.click('.chat-list-column .add-chat');
  await anna.click('.new-chat-dialog [data-kind="group"]');
  const create = anna.locator('.new-chat-dialog [data-confirm="create-chat"]');
  await anna.fill('.new-chat-dialog .picker-search', 'Бор');
  await anna.check('.new-chat-dialog [data-employee="boris"] input');
  await anna.fill('.new-chat-dialog .picker-search', '');
  assert.equal(await create.isDisabled(), true, 'one colleague is not a group');
  await anna.check('.new-chat-dialog [data-employee="vera"] input');
  assert.equal(await create.isDisabled(), true, 'no topic yet');
  assert.match(await anna.textContent('.new-chat-dialog .hint'), /тему/);
  await anna.fill('.new-chat-dialog input[name="topic"]', 'График отпусков');
  await create.click();

  await anna.locator('.chat-head .title', { hasText: 'График отпусков' }).waitFor();
  const chat = await anna.getAttribute('.chat-view', 'data-open-chat');
  assert.equal(await anna.locator('.new-chat-dialog').count(), 0);
  for (const colleague of [boris, vera]) {
    await colleague.locator(`.chat-item[data-chat="${chat}"]`, { hasText: 'График отпусков' }).waitFor({ timeout: 10_000 });
  }
  // Boris writes; Anna sees it in the chat she made.
  await boris.click(`.chat-item[data-chat="${chat}"]`);
  await boris.fill('#composer', 'Я беру июль');
  await boris.press('#composer', 'Enter');
  await anna.locator('.message', { hasText: 'Я беру июль' }).waitFor({ timeout: 10_000 });

  // Second attempt with the same people: the existing chat is offered and opens.
  await anna.click('.chat-list-column .add-chat');
  await anna.click('.new-chat-dialog [data-kind="group"]');
  await anna.check('.new-chat-dialog [data-employee="vera"] input');
  await anna.check('.new-chat-dialog [data-employee="boris"] input');
  await anna.click(`.new-chat-dialog .same-chat[data-chat="${chat}"]`);
  await anna.locator(`.chat-view[data-open-chat="${chat}"]`).waitFor();
  assert.equal(await anna.locator(`.chat-item[data-chat="${chat}"]`).count(), 1);

  // Personal: Boris → the demo's chat of Anna and Boris is offered.
  await anna.click('.chat-list-column .add-chat');
  await anna.click('.new-chat-dialog [data-employee="boris"] input');
  await anna.locator('.new-chat-dialog .same-chat[data-chat="staff_anna_boris"]').waitFor();
  assert.deepEqual(errors, []);
});
