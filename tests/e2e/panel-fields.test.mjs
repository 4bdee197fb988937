// End to end (#13): each custom field's «Показывать на панели» decides
// whether it shows on the client panel; the room still decides whether the
// fields show at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a field unticked «Показывать на панели» leaves the client panel, and comes back when ticked', async () => {
  const errors = [];
  const anna = await (await browser.newContext()).newPage();
  watchErrors(anna, errors);
  await anna.setViewportSize({ width: 1400, height: 900 });
  await signIn(anna, server.url, 'anna@demo.local');
  await anna.click('.room[data-room="support"]');
  await anna.click('.list[data-list="Все"]');
  const reopen = async () => {
    await anna.click('.chat-item[data-chat="vmaria"]');
    await anna.locator('.chat-view[data-open-chat="vmaria"]').waitFor();
    await anna.click('.chat-item[data-chat="vivan"]');
    await anna.locator('.chat-view[data-open-chat="vivan"] .client-panel').waitFor();
  };
  // The panel as the server has it now: opened again until it shows what is expected.
  const panelShows = async (wanted) => {
    for (let round = 0; round < 20; round++) {
      await reopen();
      await anna.locator('.client-panel [data-part]').first().waitFor();
      await anna.waitForTimeout(300);
      if ((await anna.locator('.client-panel [data-part="fields"]', { hasText: 'Сегмент' }).count() > 0) === wanted) return;
    }
    assert.fail(`the panel never ${wanted ? 'showed' : 'hid'} «Сегмент»`);
  };
  await panelShows(true);

  const admin = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  const form = admin.locator('.field-form[data-field="segment"]');
  await form.locator('input[name=on_panel]').uncheck();
  await form.locator('button[type=submit]').click();
  await panelShows(false);

  // Ticked again, on a freshly loaded settings page.
  await admin.reload();
  const again = admin.locator('.field-form[data-field="segment"]');
  await again.locator('input[name=on_panel]:not(:checked)').waitFor();
  await again.locator('input[name=on_panel]').check();
  await again.locator('button[type=submit]').click();
  await panelShows(true);
  assert.deepEqual(errors, []);
});
