// Meetings and video calls in Chromium with a fake camera and microphone:
// a conference call rings the other participant, who accepts, and each
// receives the other's video, sees who speaks, a shared screen and a muted
// microphone; the meeting link's QR code decodes to the link;
// the invitation carries my name, the topic, the link and the ID; a guest on
// the link waits in the lobby until admitted and then receives video. A
// webinar made in the UI: its viewer has no camera and receives the presenter.
// A call from an internal staff chat rings the colleague, who joins it from
// the chat menu («Присоединиться к видеозвонку»).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, watchErrors, chatMenu, openChatMenu, employeePage, openChatIn } from './harness.mjs';

const require = createRequire(import.meta.url);
const JSQR = require.resolve('jsqr/dist/jsQR.js');

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser({ media: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Waits until a remote video in the call has decoded frames. */
async function receivesVideo(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.call-tile:not(.me) video')]
    .some((v) => v.videoWidth > 0 && v.readyState >= 2), null, { timeout: 30_000 });
}

/** Decodes the QR code's SVG in a blank page with jsQR. */
async function decodeQr(svg) {
  const scratch = await browser.newPage();
  await scratch.addScriptTag({ path: JSQR });
  const text = await scratch.evaluate(async (markup) => {
    const image = new Image();
    image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(markup)))}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 400;
    canvas.height = 400;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, 400, 400);
    const pixels = context.getImageData(0, 0, 400, 400);
    return globalThis.jsQR(pixels.data, 400, 400)?.data ?? null;
  }, svg);
  await scratch.close();
  return text;
}

test('a conference call rings, connects both ways, and a guest on the QR link joins from the lobby', async () => {
  const errors = [];
  const anna = await employeePage(browser, server.url, 'anna@demo.local', errors, { permissions: ['clipboard-read', 'clipboard-write'] });
  const boris = await employeePage(browser, server.url, 'boris@demo.local', errors);
  // A third context: Boris on his phone, rung too; he declines there.
  const borisPhone = await employeePage(browser, server.url, 'boris@demo.local', errors);
  await openChatIn(anna, 'conferences', 'planning');

  await chatMenu(anna, 'start-call');
  await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  // Boris is rung with accept / decline, and accepts.
  const ring = boris.locator('.incoming-call[data-chat="planning"]');
  await ring.waitFor({ timeout: 10_000 });
  assert.match(await ring.textContent(), /Анна Смирнова/);
  const phoneRing = borisPhone.locator('.incoming-call[data-chat="planning"]');
  await phoneRing.locator('[data-answer="accept"]').waitFor({ timeout: 10_000 });
  await phoneRing.locator('[data-answer="decline"]').click();
  await phoneRing.waitFor({ state: 'detached' });
  assert.equal(await borisPhone.locator('.call-view').count(), 0, 'declining does not join');
  await ring.locator('[data-answer="accept"]').click();
  await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  await receivesVideo(anna);
  await receivesVideo(boris);
  await boris.locator('.call-camera[aria-pressed="true"]').waitFor();
  // Who is speaking: Anna's fake microphone beeps, and her tile lights up at Boris's.
  await boris.locator('.call-tile.speaking:not(.me)').waitFor({ timeout: 10_000 });
  // Screen sharing replaces her camera (640×480) with the screen for Boris.
  await anna.click('.call-screen');
  await boris.locator('.call-tile:not(.me)', { hasText: 'показывает экран' }).waitFor({ timeout: 10_000 });
  await boris.waitForFunction(() => [...document.querySelectorAll('.call-tile:not(.me) video')].some((v) => v.videoWidth > 640), null, { timeout: 15_000 });
  await anna.click('.call-screen');
  await boris.locator('.call-tile:not(.me)', { hasText: 'показывает экран' }).waitFor({ state: 'detached', timeout: 10_000 });
  // A microphone turned off shows at the others.
  await anna.click('.call-mic');
  await boris.locator('.call-tile:not(.me) .call-muted').waitFor();

  // C13: the link, its QR code, the invitation.
  await chatMenu(anna, 'meeting-link');
  const link = await anna.locator('.meeting-link .meeting-url').inputValue();
  assert.match(link, new RegExp(`^${server.url}/meet/\\d{10}$`));
  const svg = await anna.locator('.meeting-link .meeting-qr').evaluate((e) => e.outerHTML);
  assert.equal(await decodeQr(svg), link);
  await anna.click('.meeting-link .copy-invitation');
  await anna.locator('.meeting-link [role=status]', { hasText: 'Приглашение скопировано' }).waitFor();
  const invitation = await anna.evaluate(() => navigator.clipboard.readText());
  const code = link.split('/').pop();
  for (const part of ['Анна Смирнова', 'Планёрка в понедельник', link, `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`]) {
    assert.ok(invitation.includes(part), `the invitation has ${part}: ${invitation}`);
  }
  // The invitation is sent; Escape closes the menu, which lies over the docked call.
  await anna.keyboard.press('Escape');
  await anna.locator('.menu-panel').waitFor({ state: 'detached' });

  // A guest: a name, the lobby, admitted by Anna, then in the call.
  const guest = await (await browser.newContext()).newPage();
  watchErrors(guest, errors);
  await guest.goto(link);
  await guest.locator('.guest-join').waitFor();
  await guest.click('.guest-join button[type=submit]');
  await guest.locator('.guest-join [role=alert]', { hasText: 'укажите имя' }).waitFor();
  await guest.fill('.guest-join input[name="guest-name"]', 'Гость Петров');
  await guest.click('.guest-join button[type=submit]');
  await guest.locator('.call-view[data-phase="waiting"]').waitFor({ timeout: 15_000 });
  const waiting = anna.locator('.call-lobby .lobby-guest', { hasText: 'Гость Петров' });
  await waiting.waitFor({ timeout: 10_000 });
  assert.equal(await boris.locator('.call-lobby').count(), 0, 'only those who manage the meeting admit');
  await waiting.locator('[data-admit]').click();
  await guest.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  await receivesVideo(guest);
  await anna.locator('.call-tile', { hasText: 'Гость Петров' }).waitFor();

  // Leaving: the others see one tile fewer.
  await guest.click('.call-leave');
  await guest.locator('.call-ended').waitFor();
  await anna.locator('.call-tile', { hasText: 'Гость Петров' }).waitFor({ state: 'detached', timeout: 10_000 });
  assert.deepEqual(errors, []);
});

test('a webinar made in the workspace: the viewer cannot publish and receives the presenter', async () => {
  const errors = [];
  const anna = await employeePage(browser, server.url, 'anna@demo.local', errors);
  const boris = await employeePage(browser, server.url, 'boris@demo.local', errors);
  await anna.click('.room[data-room="webinars"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-list-column .add-chat');
  const dialog = anna.locator('.new-meeting-dialog');
  await dialog.locator('[data-confirm="create-meeting"]').click();
  await dialog.locator('[role=alert]', { hasText: 'Укажите тему' }).waitFor();
  await dialog.locator('input[name=topic]').fill('Обучение новичков');
  await dialog.locator('input[name=starts]').fill('2030-01-15T10:30');
  await dialog.locator('input[data-person="boris"]').check();
  await dialog.locator('[data-confirm="create-meeting"]').click();
  await anna.locator('.chat-view .title', { hasText: 'Обучение новичков' }).waitFor();
  const chat = await anna.locator('.chat-view').getAttribute('data-open-chat');

  // Boris (not a presenter) sees the webinar live, is rung, and watches.
  await boris.click('.room[data-room="webinars"]');
  await boris.click('.list[data-list="Все"]');
  await boris.locator(`.chat-item[data-chat="${chat}"]`).waitFor({ timeout: 10_000 });
  await chatMenu(anna, 'start-call');
  await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  await boris.locator(`.incoming-call[data-chat="${chat}"] [data-answer="accept"]`).click({ timeout: 10_000 });
  await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  await receivesVideo(boris);
  assert.equal(await boris.locator('.call-camera').count(), 0, 'a viewer has no camera button');
  assert.equal(await boris.locator('#video-local').count(), 0, 'a viewer shows no camera of their own');
  await anna.locator('.call-audience .call-tile', { hasText: 'Борис' }).waitFor();
  // Nothing comes back from the viewer: Anna's only remote tile has no video.
  assert.equal(await anna.locator('.call-tile:not(.me) video').count(), 0);

  // C4: only the organiser changes the settings.
  await chatMenu(boris, 'meeting-settings');
  await boris.locator('.meeting-settings', { hasText: 'Настройки меняет организатор встречи' }).waitFor();
  assert.match(await boris.locator('.meeting-settings .meeting-start').textContent(), /2030/);
  assert.equal(await boris.locator('.meeting-settings [data-confirm]').count(), 0);
  assert.deepEqual(errors, []);
});

test('a call from an internal chat rings the colleague, who joins it from the chat menu', async () => {
  const errors = [];
  const anna = await employeePage(browser, server.url, 'anna@demo.local', errors);
  const boris = await employeePage(browser, server.url, 'boris@demo.local', errors);
  try {
    await openChatIn(anna, 'staff', 'staff_anna_boris');
    await chatMenu(anna, 'start-call');
    await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });

    // Rung; he declines the ring, and the chat menu then offers to join the running call.
    const ring = boris.locator('.incoming-call[data-chat="staff_anna_boris"]');
    await ring.locator('[data-answer="decline"]').click({ timeout: 10_000 });
    await ring.waitFor({ state: 'detached' });
    await openChatIn(boris, 'staff', 'staff_anna_boris');
    await openChatMenu(boris);
    await boris.locator('.menu-panel [data-menu="join-call"]').waitFor({ timeout: 10_000 });
    assert.equal(await boris.locator('.menu-panel [data-menu="start-call"]').count(), 0, 'a running call is joined, not started');
    await boris.click('.menu-panel [data-menu="join-call"]');
    await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
    await receivesVideo(boris);
    await receivesVideo(anna);
    assert.deepEqual(errors, []);
  } finally {
    await anna.context().close();
    await boris.context().close();
  }
});
