// The installable workspace (X4) in Chromium: the manifest and its icons, a
// service worker that controls the page, never caches server functions, and
// shows the offline page when the server cannot be reached; back online,
// «Повторить» returns to the signed-in workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors } from './harness.mjs';

test('installable: manifest, service worker, offline page and back', async () => {
  let server = await startServer({ keepData: true });
  const { dataDir, port } = server;
  const browser = await launchBrowser();
  try {
    const errors = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    watchErrors(page, errors);
    await signIn(page, server.url, 'anna@demo.local');

    const href = await page.getAttribute('link[rel=manifest]', 'href');
    const manifest = await (await context.request.get(`${server.url}${href}`)).json();
    assert.equal(manifest.start_url, '/');
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.short_name, 'Чаты');
    for (const size of ['192x192', '512x512']) {
      assert.ok(manifest.icons.some((i) => i.sizes === size && i.type === 'image/png' && i.purpose === 'any'), size);
      assert.ok(manifest.icons.some((i) => i.sizes === size && i.purpose === 'maskable'), `maskable ${size}`);
    }
    // #15: the app's shortcuts open «Новые» and «Мои» directly.
    const shortcuts = Object.fromEntries(manifest.shortcuts.map((s) => [s.short_name, s.url]));
    assert.deepEqual(shortcuts, { 'Новые': '/?list=new', 'Мои': '/?list=mine' });
    // #15: screenshots for the richer install dialog, one wide and one narrow.
    assert.deepEqual(manifest.screenshots.map((s) => s.form_factor).sort(), ['narrow', 'wide']);
    for (const shot of manifest.screenshots) {
      const response = await context.request.get(`${server.url}${shot.src}`);
      assert.equal(response.status(), 200, shot.src);
      assert.equal(response.headers()['content-type'], 'image/png', shot.src);
      assert.ok(shot.label, `${shot.src} has a label`);
    }
    await page.goto(`${server.url}/?list=mine`);
    await page.locator('.list.active[data-list="Мои"]').waitFor();
    assert.equal(new URL(page.url()).search, '', 'the shortcut\'s query is consumed');
    await page.goto(`${server.url}/?list=new`);
    await page.locator('.room.active[data-room="support"]').waitFor();
    await page.locator('.list.active[data-list="Новые"]').waitFor();
    for (const icon of manifest.icons) {
      const response = await context.request.get(`${server.url}${icon.src}`);
      assert.equal(response.status(), 200, icon.src);
      assert.match(response.headers()['content-type'], /^image\//, icon.src);
    }

    // The service worker takes the page over; a reload is served through it.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await page.waitForSelector('.room[data-room]');
    assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);
    const cached = await page.evaluate(async () => {
      const paths = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    assert.ok(cached.includes('/offline.html'), cached.join(' '));
    assert.ok(!cached.some((p) => p.startsWith('/api/') || p.startsWith('/media/')), `private answers cached: ${cached.join(' ')}`);
    // The one page kept is the workspace's own (#13), for opening it offline.
    assert.deepEqual(cached.filter((p) => !/\.(html|css|js|svg|png|woff2|webmanifest|wasm)$/.test(p) && !p.startsWith('/assets/')), ['/']);
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('chats.snapshot.')));

    // The server is gone: the workspace still opens, with the last known
    // rooms and chats and the «no connection» banner.
    await server.stop();
    await page.reload();
    await page.locator('.banner', { hasText: 'Соединение потеряно' }).waitFor();
    await page.locator('.room[data-room="support"]').waitFor();
    await page.click('.list[data-list="Все"]');
    await page.locator('.chat-item').first().waitFor();
    // Any other page: the offline page, not the browser's error.
    await page.goto(`${server.url}/settings`);
    await page.locator('#offline h1', { hasText: 'Нет соединения с сервером' }).waitFor();

    // Back: «Повторить» opens the workspace, still signed in.
    server = await startServer({ dataDir, port });
    await page.click('#offline a.button');
    await page.waitForSelector('.room[data-room]');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
