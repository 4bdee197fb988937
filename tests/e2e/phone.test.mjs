// End to end (#15): the workspace, the widget and a call on phone-sized
// screens (390×844 and 360×640, touch). One pane at a time: rooms and
// lists → chat list → chat → client panel, the browser's back button
// stepping back. At every step nothing runs off the screen, every control
// is at least 44×44 px, and every button has a name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors, chatMenu } from './harness.mjs';

let server, browser;
const errors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser({ media: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(errors, []);
});

const PHONES = [
  { name: '390×844', viewport: { width: 390, height: 844 } },
  { name: '360×640', viewport: { width: 360, height: 640 } },
];

async function phonePage(viewport, options = {}) {
  const context = await browser.newContext({ viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2, ...options });
  const page = await context.newPage();
  watchErrors(page, errors);
  return page;
}

/** What is wrong with the layout as shown: sideways scrolling, controls
 *  off the screen, touch targets under 44×44 px, buttons without a name. */
async function layoutProblems(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const problems = [];
    if (document.documentElement.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // A visually hidden input (a file picker behind its label) is tapped through its label.
      const clipped = style.clip.startsWith('rect(0') || el.classList.contains('visually-hidden');
      return r.width > 1 && r.height > 1 && style.visibility !== 'hidden' && !clipped && !el.closest('[aria-hidden="true"]');
    };
    // A control inside a box that scrolls sideways on purpose (a wide table) is reachable.
    const inScroller = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (['auto', 'scroll'].includes(style.overflowX) && p.scrollWidth > p.clientWidth) return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll('button, a[href], [role=button], input, select, textarea')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      const name = (el.getAttribute('aria-label') || el.innerText || el.getAttribute('title') || el.value || el.placeholder || '').trim();
      const label = `${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\s+/).join('.')} «${name.slice(0, 30)}»`;
      if ((r.left < -1 || r.right > width + 1) && !inScroller(el)) problems.push(`off the screen: ${label} ${Math.round(r.left)}..${Math.round(r.right)}`);
      const type = el.getAttribute('type');
      if (['checkbox', 'radio', 'hidden'].includes(type)) continue;
      if (r.width < 43.5 || r.height < 43.5) problems.push(`too small to tap: ${label} ${Math.round(r.width)}×${Math.round(r.height)}`);
      if (el.matches('button, [role=button], a[href]') && !name) problems.push(`no name: ${label}`);
    }
    return problems;
  });
}

async function assertFits(page, step) {
  assert.deepEqual(await layoutProblems(page), [], `${step}: the layout fits the phone`);
}

/** The pane the phone shows. */
const paneOf = (page) => page.locator('.workspace').getAttribute('data-pane');

for (const phone of PHONES) {
  test(`an operator on a ${phone.name} phone: rooms and lists, a list, a chat, its menu and client panel, and back`, async () => {
    const page = await phonePage(phone.viewport);
    await page.goto(`${server.url}/`);
    await page.locator('input[name=email]').waitFor();
    await assertFits(page, 'sign-in');
    await page.fill('input[name=email]', 'anna@demo.local');
    await page.fill('input[name=password]', 'demo1234');
    await page.tap('button[type=submit]');

    // First screen: the rooms with their lists and counters, nothing else.
    await page.locator('.room[data-room="support"]').waitFor();
    assert.equal(await paneOf(page), 'rooms');
    assert.equal(await page.locator('.chat-list-column').isVisible(), false, 'the chat list waits for a list');
    await assertFits(page, 'rooms and lists');
    await page.tap('.room[data-room="support"]');
    await page.tap('.list[data-list="Все"]');

    // The chat list, under the room's and the list's names, with a way back.
    assert.equal(await paneOf(page), 'chats');
    const head = page.locator('.chat-list-column .column-head');
    assert.match(await head.innerText(), /Поддержка · Все/);
    assert.equal(await page.locator('.rooms-column').isVisible(), false);
    const item = page.locator('.chat-item[data-chat="vivan"]');
    await item.waitFor();
    await assertFits(page, 'chat list');
    await item.tap();

    // The chat: who it is with, the thread and the composer, nothing else.
    assert.equal(await paneOf(page), 'chat');
    const title = page.locator('.chat-head .title');
    assert.equal(await title.innerText(), 'Иван Кузнецов');
    const box = await title.boundingBox();
    assert.ok(box.width > 60, `the client's name has room in the header (${box.width} px)`);
    await page.locator('.messages .message').first().waitFor();
    assert.equal(await page.locator('.chat-list-column').isVisible(), false);
    await assertFits(page, 'chat');
    await page.fill('#composer', `С телефона ${phone.name}`);
    await page.tap('#send');
    await page.locator('.message.mine:not(.pending)', { hasText: `С телефона ${phone.name}` }).waitFor();
    // The composer is in view at the bottom of the screen.
    const composer = await page.locator('#composer').boundingBox();
    assert.ok(composer.y + composer.height <= phone.viewport.height + 1, 'the composer is on the screen');

    // The chat menu opens within the screen.
    await page.tap('.chat-head .menu-button');
    await page.locator('.menu-panel .menu-item').first().waitFor();
    await assertFits(page, 'chat menu');
    await page.tap('.chat-head .menu-button');
    await page.locator('.menu-panel').waitFor({ state: 'detached' });

    // The client panel covers the chat; the browser's back closes it.
    await page.tap('.client-panel-toggle');
    await page.locator('.client-panel .panel-part').first().waitFor();
    await assertFits(page, 'client panel');
    await page.goBack();
    await page.locator('.client-panel').waitFor({ state: 'detached' });
    assert.equal(await paneOf(page), 'chat');
    // Back again: the list; back again: the rooms.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('.workspace')?.dataset.pane === 'chats');
    await item.waitFor();
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('.workspace')?.dataset.pane === 'rooms');

    // The in-page back buttons step the same way, and keep the history in step.
    await page.tap('.list[data-list="Все"]');
    await item.tap();
    await page.tap('.chat-head .back');
    assert.equal(await paneOf(page), 'chats');
    await page.tap('.chat-list-column .back');
    assert.equal(await paneOf(page), 'rooms');
    assert.equal(new URL(page.url()).pathname, '/', 'still in the workspace');
    await page.context().close();
  });
}

test('the settings fit a 360 px phone', async () => {
  const page = await phonePage({ width: 360, height: 640 });
  await page.goto(`${server.url}/`);
  await page.fill('input[name=email]', 'admin@demo.local');
  await page.fill('input[name=password]', 'demo1234');
  await page.tap('button[type=submit]');
  await page.tap('#open-settings');
  await page.locator('.settings-section').first().waitFor();
  await assertFits(page, 'settings');
  await page.context().close();
});

for (const width of [320, 414]) {
  test(`the widget on a ${width} px phone: welcome, a message, the answer`, async () => {
    const page = await phonePage({ width, height: 700 });
    await page.goto(`${server.url}/widget/support`);
    await page.locator('#visitor-name').waitFor();
    await assertFits(page, 'widget welcome');
    await page.fill('#visitor-name', `Посетитель ${width}`);
    await page.tap('button[type=submit]');
    await page.locator('#composer').waitFor();
    await page.fill('#composer', 'Вопрос с телефона');
    await page.press('#composer', 'Enter');
    await page.locator('.message.mine:not(.pending)', { hasText: 'Вопрос с телефона' }).waitFor();
    await assertFits(page, 'widget chat');
    await page.context().close();
  });
}

test('a call on a phone: the tiles stack and the controls stay on the screen', async () => {
  const anna = await (await browser.newContext()).newPage();
  watchErrors(anna, errors);
  await anna.goto(`${server.url}/`);
  await anna.fill('input[name=email]', 'anna@demo.local');
  await anna.fill('input[name=password]', 'demo1234');
  await anna.click('button[type=submit]');
  await anna.click('.room[data-room="conferences"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="planning"]');

  const boris = await phonePage({ width: 360, height: 640 });
  await boris.goto(`${server.url}/`);
  await boris.fill('input[name=email]', 'boris@demo.local');
  await boris.fill('input[name=password]', 'demo1234');
  await boris.tap('button[type=submit]');
  await boris.locator('.room[data-room]').first().waitFor();

  await chatMenu(anna, 'start-call');
  await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  const ring = boris.locator('.incoming-call[data-chat="planning"]');
  await ring.locator('[data-answer="accept"]').waitFor({ timeout: 10_000 });
  await assertFits(boris, 'incoming call');
  await ring.locator('[data-answer="accept"]').tap();
  await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  await boris.locator('.call-tile:not(.me)').waitFor({ timeout: 10_000 });
  await assertFits(boris, 'in a call');
  // One tile per row on a narrow screen; the leave button is on the screen.
  const tiles = await boris.locator('.call-tile').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
  assert.ok(tiles.every((left) => Math.abs(left - tiles[0]) < 2), `the tiles stack (${tiles})`);
  const leave = await boris.locator('.call-leave').boundingBox();
  assert.ok(leave && leave.y + leave.height <= 640 && leave.x + leave.width <= 360, 'the leave button is on the screen');
  await boris.locator('.call-leave').tap();
  await anna.locator('.call-leave').click();
  await boris.context().close();
  await anna.context().close();
});
