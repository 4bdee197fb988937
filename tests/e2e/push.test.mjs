// Web Push (#15) through a real push service on loopback (npm
// web-push-testing, which checks the VAPID token and decrypts what it
// receives): an operator's phone subscribes from the workspace; with the
// workspace closed, a new inquiry is pushed, its payload names the room, and
// the service worker shows it as a notification; a break stops pushes; a
// subscription the push service calls gone (410) disappears from the profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startServer, launchBrowser, watchErrors, freePort } from './harness.mjs';

const SERVICE = path.join(path.dirname(createRequire(import.meta.url).resolve('web-push-testing/package.json')), 'src/bin/server.js');
let server, browser, service, servicePort;
const errors = [];

before(async () => {
  servicePort = await freePort();
  service = spawn(process.execPath, [SERVICE, String(servicePort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    service.stdout.on('data', (chunk) => { if (String(chunk).includes('running')) resolve(); });
    service.on('exit', (code) => reject(new Error(`web-push-testing exited with ${code}`)));
  });
  server = await startServer({ env: { PUSH_ALLOW_HTTP: '1' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  service?.kill();
  assert.deepEqual(errors, []);
});

/** A call to the push service's own API. */
async function pushService(route, body) {
  const response = await fetch(`http://127.0.0.1:${servicePort}${route}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${route}: ${response.status} ${text}`);
  try { return JSON.parse(text); } catch { return text; }
}

/** What the push service received for a subscription (decrypted). */
async function received(clientHash) {
  return (await pushService('/get-notifications', { clientHash })).data.messages.map((m) => JSON.parse(m));
}

async function waitFor(check, what, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * An operator's phone. Chromium cannot reach a real push service here, so
 * the page's PushManager asks the loopback push service for the
 * subscription instead (the same answer a browser's push service gives).
 */
async function operatorPhone(email) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.grantPermissions(['notifications'], { origin: server.url });
  const subscriptions = [];
  await context.exposeBinding('__pushServiceSubscribe', async (_source, applicationServerKey) => {
    const made = (await pushService('/subscribe', { applicationServerKey, userVisibleOnly: 'true' })).data;
    subscriptions.push(made);
    return made;
  });
  await context.addInitScript(() => {
    const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const wrap = (made) => made && ({ endpoint: made.endpoint, toJSON: () => ({ endpoint: made.endpoint, keys: made.keys }) });
    PushManager.prototype.getSubscription = async () => wrap(JSON.parse(localStorage.getItem('test.push') || 'null'));
    PushManager.prototype.subscribe = async (options) => {
      const made = await window.__pushServiceSubscribe(b64url(options.applicationServerKey));
      localStorage.setItem('test.push', JSON.stringify(made));
      return wrap(made);
    };
  });
  const page = await context.newPage();
  watchErrors(page, errors);
  await page.goto(`${server.url}/`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'demo1234');
  await page.click('button[type=submit]');
  await page.locator('.room[data-room]').first().waitFor();
  return { page, subscriptions };
}

/** Opens the profile until its device list, once loaded, has `count` devices. */
async function devicesInProfile(page, count) {
  await waitFor(async () => {
    await page.click('#open-profile');
    await page.locator('.push-devices[data-loaded="true"]').waitFor({ state: 'attached' });
    const shown = await page.locator('.push-device').count();
    await page.click('#open-profile');
    return shown === count;
  }, `${count} devices in the profile`);
}

async function visitorWrites(name, text) {
  const visitor = await (await browser.newContext()).newPage();
  watchErrors(visitor, errors);
  await visitor.goto(`${server.url}/widget/support`);
  await visitor.fill('#visitor-name', name);
  await visitor.click('button[type=submit]');
  await visitor.fill('#composer', text);
  await visitor.press('#composer', 'Enter');
  await visitor.locator('.message.mine:not(.pending)', { hasText: text }).waitFor();
  await visitor.context().close();
}

/** The service worker's registration id, for delivering a push through DevTools. */
async function registrationId(page) {
  const cdp = await page.context().newCDPSession(page);
  const found = new Promise((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL.startsWith(server.url) && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, id: await found };
}

test('a phone with the workspace closed gets a new inquiry as a notification; a break stops pushes; a 410 drops the device', async () => {
  const { page: anna, subscriptions } = await operatorPhone('anna@demo.local');
  // The workspace subscribes this browser on load (permission granted).
  await waitFor(() => subscriptions.length > 0, 'the subscription');
  await devicesInProfile(anna, 1);
  // At work: pushes come once the workspace is closed.
  if ((await anna.locator('.activity-switch.active').count()) === 0) await anna.click('.activity-switch');
  await anna.locator('.activity-switch.active').waitFor();
  // The push goes to an active worker: one still installing would drop it.
  await anna.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const { cdp, id } = await registrationId(anna);
  await anna.goto(`${server.url}/offline.html`);

  await visitorWrites('Ночной Посетитель', 'Здравствуйте, заказ не пришёл');
  const hash = subscriptions[0].clientHash;
  const [push] = await waitFor(async () => { const got = await received(hash); return got.length ? got : null; }, 'the push');
  assert.equal(push.kind, 'inquiry');
  assert.equal(push.room, 'Поддержка');
  assert.equal(push.title, 'Ночной Посетитель');
  assert.equal(push.text ?? null, null, 'no message text without previews');

  // The service worker shows it (the payload delivered as the push service would).
  // DevTools' delivery can be lost while the worker starts up on a loaded
  // machine, so it is repeated; the chat's tag makes a repeat replace the
  // first notification rather than add one.
  let delivered = 0;
  const shown = await waitFor(async () => {
    if (Date.now() - delivered > 3000) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId: id, data: JSON.stringify(push) });
      delivered = Date.now();
    }
    return anna.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration('/');
      const list = await registration.getNotifications();
      return list.length ? list.map((n) => ({ title: n.title, body: n.body, chat: n.data?.chat })) : null;
    });
  }, 'the notification');
  assert.equal(shown.length, 1, 'one notification per chat');
  assert.equal(shown[0].title, 'Новое обращение: Ночной Посетитель');
  assert.match(shown[0].body, /Поддержка/);
  assert.ok(shown[0].chat, 'the notification knows its chat');

  // Opening it: the workspace opens on that chat.
  await anna.goto(`${server.url}/?chat=${encodeURIComponent(shown[0].chat)}`);
  await anna.locator(`.chat-view[data-open-chat="${shown[0].chat}"]`).waitFor();

  // On a break (her own switch): no push; Boris, at work, still gets his.
  await anna.goto(`${server.url}/`);
  await anna.locator('.activity-switch.active').waitFor();
  await anna.click('.activity-switch');
  await anna.locator('.activity-switch:not(.active)').waitFor();
  await anna.goto(`${server.url}/offline.html`);
  const { page: boris, subscriptions: borisSubscriptions } = await operatorPhone('boris@demo.local');
  await waitFor(() => borisSubscriptions.length > 0, 'Boris\'s subscription');
  await devicesInProfile(boris, 1);
  if ((await boris.locator('.activity-switch.active').count()) === 0) await boris.click('.activity-switch');
  await boris.locator('.activity-switch.active').waitFor();
  await boris.goto(`${server.url}/offline.html`);
  await visitorWrites('Второй Посетитель', 'Есть кто-нибудь?');
  await waitFor(async () => (await received(borisSubscriptions[0].clientHash)).some((p) => p.title === 'Второй Посетитель'), 'Boris\'s push');
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok(!(await received(hash)).some((p) => p.title === 'Второй Посетитель'), 'no push on a break');

  // The push service drops Boris's subscription (410): the server forgets
  // the device, as his profile on another computer shows.
  await pushService(`/expire-subscription/${borisSubscriptions[0].clientHash}`, {});
  await visitorWrites('Третий Посетитель', 'Алло?');
  const desk = await (await browser.newContext()).newPage();
  watchErrors(desk, errors);
  await desk.goto(`${server.url}/`);
  await desk.fill('input[name=email]', 'boris@demo.local');
  await desk.fill('input[name=password]', 'demo1234');
  await desk.click('button[type=submit]');
  await desk.locator('.room[data-room]').first().waitFor();
  await devicesInProfile(desk, 0);
  await desk.context().close();
  await boris.context().close();
  await anna.context().close();
});
