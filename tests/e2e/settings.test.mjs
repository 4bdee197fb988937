// The settings area: an administrator creates a room and grants it to a
// group; an operator of that group, with the workspace open, sees the room
// appear and disappear live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors, until } from './harness.mjs';

// Each change reloads the settings; the next click waits for the reload that
// follows it (seen as one more audit row), or it may hit the boxes it replaces.
async function audited(page, action, change) {
  const rows = page.locator('#audit-log td').filter({ hasText: new RegExp(`^${action}:`) });
  const before = await rows.count();
  await change();
  await rows.nth(before).waitFor();
}

/** Vera's open workspace, and an administrator in the settings area. */
async function adminAndVera(errors) {
  const admin = await (await browser.newContext()).newPage();
  const vera = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  watchErrors(vera, errors);
  await signIn(vera, server.url, 'vera@demo.local');
  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  return { admin, vera };
}

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a room granted to a group appears live for its operators and leaves live', async () => {
  const errors = [];
  const admin = await (await browser.newContext()).newPage();
  const boris = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  watchErrors(boris, errors);
  await signIn(boris, server.url, 'boris@demo.local');
  const roomsBefore = await boris.locator('.room[data-room]').count();

  await signIn(admin, server.url, 'admin@demo.local');
  await admin.click('#open-settings');
  await admin.locator('#rooms-settings').waitFor();
  await admin.fill('input[name=room-name]', 'Горячая линия');
  await admin.fill('input[name=room-wait]', '60');
  await admin.click('#new-room button[type=submit]');
  await admin.locator('[data-group="operators"] label', { hasText: 'Горячая линия' }).waitFor();
  await admin.locator('#audit-log td', { hasText: 'Создание комнаты' }).waitFor();

  // Not granted yet: Boris does not see it.
  assert.equal(await boris.locator('.room', { hasText: 'Горячая линия' }).count(), 0);
  const grant = admin.locator('[data-group="operators"] label', { hasText: 'Горячая линия' }).locator('input[type=checkbox]');
  await audited(admin, 'Комнаты группы', () => grant.check());
  await boris.locator('.room', { hasText: 'Горячая линия' }).waitFor({ timeout: 10_000 });
  assert.equal(await boris.locator('.room[data-room]').count(), roomsBefore + 1);

  // Taking «Поддержка» away removes it and its chats from Boris's workspace live.
  await admin.locator('[data-group="operators"] label', { hasText: 'Горячая линия' }).locator('input[type=checkbox]').waitFor();
  await admin.locator('[data-group="operators"] label', { hasText: 'Поддержка' }).locator('input[type=checkbox]').uncheck();
  await boris.locator('.room[data-room="support"]').waitFor({ state: 'detached', timeout: 10_000 });

  // Bad input is refused with a clear message.
  await admin.fill('input[name=room-name]', 'горячая линия');
  await admin.click('#new-room button[type=submit]');
  await admin.locator('#rooms-settings [role=alert]', { hasText: 'уже есть' }).waitFor();

  // An operator cannot reach the settings.
  await boris.goto(`${server.url}/settings`);
  await boris.locator('.settings [role=alert]', { hasText: 'Недостаточно прав' }).waitFor();
  assert.deepEqual(errors, []);
});

test('a new group granted a new room: its new member sees the room appear and leave live', async () => {
  const errors = [];
  const { admin, vera } = await adminAndVera(errors);
  await admin.fill('input[name=room-name]', 'Ночная смена');
  await admin.fill('input[name=room-wait]', '60');
  await admin.click('#new-room button[type=submit]');
  await admin.locator('#audit-log td', { hasText: 'Создание комнаты' }).first().waitFor();

  // A group of its own, found by its name once created.
  await admin.fill('#new-group input[name=group-name]', 'Ночная группа');
  await admin.click('#new-group button[type=submit]');
  const cardOf = () => [...document.querySelectorAll('#groups-settings .group-card[data-group]')]
    .find((card) => card.querySelector('input[name=group-name]')?.value === 'Ночная группа')?.dataset.group;
  await admin.waitForFunction(cardOf);
  const group = await admin.evaluate(cardOf);
  const roomGrant = () => admin.locator(`#groups-settings [data-group="${group}"] label`, { hasText: 'Ночная смена' }).locator('input[type=checkbox]');
  await audited(admin, 'Комнаты группы', () => roomGrant().check());
  assert.equal(await vera.locator('.room', { hasText: 'Ночная смена' }).count(), 0, 'not a member yet');

  // Vera joins the group: the room appears in her open workspace.
  await audited(admin, 'Группы сотрудника', () => admin.locator('[data-employee="vera"] label.grant', { hasText: 'Ночная группа' }).locator('input[type=checkbox]').check());
  await vera.locator('.room', { hasText: 'Ночная смена' }).waitFor({ timeout: 10_000 });

  // The group loses the room: it leaves live.
  await audited(admin, 'Комнаты группы', () => roomGrant().uncheck());
  await vera.locator('.room', { hasText: 'Ночная смена' }).waitFor({ state: 'detached', timeout: 10_000 });
  await vera.locator('.room[data-room="sales"]').waitFor();
  assert.deepEqual(errors, []);
});

test('disabling an employee signs their open workspace out at once', async () => {
  const errors = [];
  const { admin, vera } = await adminAndVera(errors);
  const row = admin.locator('[data-employee="vera"]');
  await row.locator('.toggle-disabled').click();
  await vera.waitForSelector('form.login', { timeout: 10_000 });
  await vera.fill('input[name=email]', 'vera@demo.local');
  await vera.fill('input[name=password]', 'demo1234');
  await vera.click('button[type=submit]');
  await vera.locator('.login [role=alert]', { hasText: 'Неверная почта или пароль' }).waitFor();

  // The last administrator cannot be disabled.
  await admin.locator('[data-employee="admin"] .toggle-disabled').click();
  await admin.locator('#employees-settings [role=alert]', { hasText: 'последнего администратора' }).waitFor();
  assert.deepEqual(errors, []);
});

test('a right granted to a group shows its list live', async () => {
  const errors = [];
  const admin = await (await browser.newContext()).newPage();
  const boris = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  watchErrors(boris, errors);
  await signIn(boris, server.url, 'boris@demo.local');
  await boris.click('.room[data-room="sales"]');
  await boris.locator('.list[data-list="Все"]').waitFor();
  assert.equal(await boris.locator('.list[data-list="Удаленные"]').count(), 0);

  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  await admin.locator('[data-group="operators"] input[data-grant="right:chats.delete"]').check();
  await boris.locator('.list[data-list="Удаленные"]').waitFor({ timeout: 10_000 });

  // Refused: taking the right to administer from the last administrators' group.
  await admin.locator('[data-group="admins"] input[data-grant="right:admin"]').uncheck();
  await admin.locator('#groups-settings [role=alert]', { hasText: 'последнего администратора' }).waitFor();
  assert.deepEqual(errors, []);
});

test('quick clicks on a group\'s boxes are all saved: a second click never brings back what the first took away', async () => {
  const errors = [];
  const admin = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  const box = (grant) => admin.locator(`[data-group="operators"] input[data-grant="${grant}"]`);
  const grants = ['right:block', 'right:replies.manage', 'right:clients.merge'];
  await box(grants[0]).waitFor();
  const shown = () => Promise.all(grants.map((g) => box(g).isChecked()));
  const before = await shown();
  // What a fresh load shows (the saves may still be on their way).
  const storedAs = (wanted) => until(`the boxes stored as ${wanted}`, async () => {
    await admin.reload();
    await box(grants[0]).waitFor();
    return JSON.stringify(await shown()) === JSON.stringify(wanted);
  }, 15_000);
  // Three clicks in a row, none waiting for the server or the reload.
  for (const grant of grants) await box(grant).click();
  // What the boxes showed at once is what is stored.
  assert.deepEqual(await shown(), before.map((b) => !b));
  const flipped = before.map((b) => !b);
  await storedAs(flipped);
  // And back, as quickly.
  for (const grant of grants) await box(grant).click();
  await storedAs(before);
  assert.deepEqual(errors, []);
});
