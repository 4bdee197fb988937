// First run: an empty installation (no demo) asks for the first
// administrator once; afterwards the page is gone and sign-in is the door.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';

test('the first visit creates the administrator, then only sign-in remains', async () => {
  const server = await startServer({ env: { DEMO: '0' } });
  const browser = await launchBrowser();
  try {
    const errors = [];
    const page = await (await browser.newContext()).newPage();
    watchErrors(page, errors);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#first-run');
    await page.fill('#first-run input[name=name]', 'Ольга');
    await page.fill('#first-run input[name=email]', 'olga@example.com');
    await page.fill('#first-run input[name=password]', 'short');
    await page.click('#first-run button[type=submit]');
    await page.locator('#first-run [role=alert]', { hasText: 'Пароль короче' }).waitFor();
    await page.fill('#first-run input[name=password]', 'first-admin-pass');
    await page.click('#first-run button[type=submit]');
    await page.locator('#open-settings').waitFor();

    // Someone else arriving now gets the sign-in form, not the setup page.
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${server.url}/`);
    await other.waitForSelector('form.login:not(#first-run)');
    assert.equal(await other.locator('#first-run').count(), 0);
    const res = await fetch(`${server.url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ employee: { name: 'X', email: 'x@example.com', password: 'takeover-1' } }) });
    assert.equal(res.status, 403);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
