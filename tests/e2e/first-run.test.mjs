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
    // Without DEMO=1 there is no demo account to sign into.
    for (const email of ['admin@demo.local', 'anna@demo.local']) {
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ credentials: { email, password: 'demo1234' } }) });
      assert.equal(login.status, 401, email);
    }
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#first-run');
    const setupToken = server.log().replace(/\x1b\[[0-9;]*m/g, '').match(/setup token ([0-9a-f]{64})/)?.[1];
    assert.ok(setupToken, `the server logs the setup token on first run:\n${server.log()}`);
    await page.fill('#first-run input[name=setup_token]', 'not-the-token');
    await page.fill('#first-run input[name=name]', 'Ольга');
    await page.fill('#first-run input[name=email]', 'olga@example.com');
    await page.fill('#first-run input[name=password]', 'short');
    await page.click('#first-run button[type=submit]');
    await page.locator('#first-run [role=alert]', { hasText: 'Пароль короче' }).waitFor();
    await page.fill('#first-run input[name=password]', 'first-admin-pass');
    // Without the token from the log, nobody becomes the administrator.
    await page.click('#first-run button[type=submit]');
    await page.locator('#first-run [role=alert]', { hasText: 'Ключ установки не совпадает' }).waitFor();
    await page.fill('#first-run input[name=setup_token]', setupToken);
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
