// Calls' safety in Chromium with a fake camera and microphone: a guest on
// the meeting link carries the «Гость» mark in the lobby and in the call, and
// the organiser removes them (the guest is told why, the others see one tile
// fewer); a guest left in the lobby is told when the call ends; a guest cannot take an employee's name; a colleague who signs out
// in another tab is put out of the call at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, chatMenu, employeePage, openChatIn } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser({ media: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a guest carries the «Гость» mark and the organiser removes them', async () => {
  const errors = [];
  const anna = await employeePage(browser, server.url, 'anna@demo.local', errors);
  try {
    await openChatIn(anna, 'conferences', 'planning');
    await chatMenu(anna, 'start-call');
    await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
    await chatMenu(anna, 'meeting-link');
    const link = await anna.locator('.meeting-link .meeting-url').inputValue();
    await anna.locator('.meeting-link .meeting-url').focus();
    await anna.keyboard.press('Escape');
    await anna.locator('.menu-panel').waitFor({ state: 'detached' });

    const guest = await (await browser.newContext()).newPage();
    watchErrors(guest, errors);
    await guest.goto(link);
    // An employee's name is refused, whatever its case.
    await guest.fill('.guest-join input[name="guest-name"]', 'анна СМИРНОВА');
    await guest.click('.guest-join button[type=submit]');
    await guest.locator('.guest-join [role=alert]', { hasText: 'Это имя сотрудника' }).waitFor();
    await guest.fill('.guest-join input[name="guest-name"]', 'Пётр Гостев');
    await guest.click('.guest-join button[type=submit]');
    await guest.locator('.call-view[data-phase="waiting"]').waitFor({ timeout: 15_000 });

    // In the lobby, marked as a guest; admitted; marked in the call too.
    const waiting = anna.locator('.call-lobby .lobby-guest', { hasText: 'Пётр Гостев' });
    await waiting.waitFor({ timeout: 10_000 });
    assert.equal(await waiting.locator('.guest-mark').textContent(), 'Гость');
    await waiting.locator('[data-admit]').click();
    await guest.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
    const tile = anna.locator('.call-tile', { hasText: 'Пётр Гостев' });
    await tile.waitFor();
    assert.equal(await tile.locator('.guest-mark').textContent(), 'Гость');
    assert.equal(await guest.locator('.call-tile.me .guest-mark').textContent(), 'Гость', 'the guest sees their own mark');
    assert.equal(await anna.locator('.call-tile.me .guest-mark').count(), 0, 'an employee has none');
    assert.equal(await guest.locator('[data-remove]').count(), 0, 'a guest removes nobody');

    // Removed by the organiser: the guest is told, Anna's tile goes.
    await tile.locator('[data-remove]').click();
    await guest.locator('.call-view[data-phase="ended"] .call-ended', { hasText: 'Организатор удалил вас из звонка' }).waitFor({ timeout: 5_000 });
    await tile.waitFor({ state: 'detached', timeout: 5_000 });
    await guest.context().close();

    // A guest still waiting in the lobby when the organiser leaves is told the call ended.
    const late = await (await browser.newContext()).newPage();
    watchErrors(late, errors);
    await late.goto(link);
    await late.fill('.guest-join input[name="guest-name"]', 'Опоздавший Гость');
    await late.click('.guest-join button[type=submit]');
    await late.locator('.call-view[data-phase="waiting"]').waitFor({ timeout: 15_000 });
    await anna.locator('.call-lobby .lobby-guest', { hasText: 'Опоздавший Гость' }).waitFor({ timeout: 10_000 });
    await anna.click('.call-view .call-leave');
    await late.locator('.call-view[data-phase="ended"] .call-ended', { hasText: 'Звонок завершён' }).waitFor({ timeout: 5_000 });
    assert.deepEqual(errors, []);
    await late.context().close();
  } finally {
    await anna.context().close();
  }
});

test('a colleague who signs out in another tab is put out of the call', async () => {
  const errors = [];
  const anna = await employeePage(browser, server.url, 'anna@demo.local', errors);
  const boris = await employeePage(browser, server.url, 'boris@demo.local', errors);
  try {
    await openChatIn(anna, 'staff', 'staff_anna_boris');
    await chatMenu(anna, 'start-call');
    await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
    await boris.locator('.incoming-call[data-chat="staff_anna_boris"] [data-answer="accept"]').click({ timeout: 10_000 });
    await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
    await anna.locator('.call-tile:not(.me)', { hasText: 'Борис' }).waitFor({ timeout: 10_000 });

    // Boris signs out in a second tab of the same browser.
    const other = await boris.context().newPage();
    watchErrors(other, errors);
    await other.goto(`${server.url}/`);
    await other.click('#sign-out');
    await other.locator('input[name=email]').waitFor();
    const started = Date.now();
    await anna.locator('.call-tile:not(.me)', { hasText: 'Борис' }).waitFor({ state: 'detached', timeout: 5_000 });
    // The workspace of a signed-out tab goes back to the sign-in form; its call is over.
    await boris.locator('input[name=email]').waitFor({ timeout: 5_000 });
    assert.equal(await boris.locator('.call-view').count(), 0);
    assert.ok(Date.now() - started < 3_000, `the call ended for Boris after ${Date.now() - started} ms`);
    assert.deepEqual(errors, []);
  } finally {
    await anna.context().close();
    await boris.context().close();
  }
});
