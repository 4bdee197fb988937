// The English interface in Chromium: with the language switched to English
// (`?lang=en`, then remembered), the screens an operator, an administrator
// and a meeting guest see show no Cyrillic outside user data. User data are
// the demo data and the defaults made at setup (Russian on purpose): every
// Cyrillic string literal of src/server/admin/{demo,setup,room_settings}.rs
// is taken out of the page's text before looking; whatever Cyrillic is left
// is the app's own words and a leak. Looked at: the visible text
// (document.body.innerText), the title, the options of selects and the
// placeholder, title, aria-label and alt attributes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, signIn, watchErrors, chatMenu, openChatMenu } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser({ media: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

const CYRILLIC = /[\u0400-\u052F]/;

/** The Cyrillic string literals of the files that make the demo and default data, longest first. */
function dataStrings() {
  const found = new Set();
  for (const file of ['demo.rs', 'setup.rs', 'room_settings.rs']) {
    const source = readFileSync(new URL(`../../src/server/admin/${file}`, import.meta.url), 'utf8')
      .split('\n').filter((line) => !line.trim().startsWith('//')).join('\n');
    // Rust strings and the SQL strings inside them, each on its own.
    for (const quote of [/"([^"\n]*)"/g, /'([^'\n]*)'/g]) {
      for (const [, text] of source.matchAll(quote)) {
        if (CYRILLIC.test(text)) found.add(text);
      }
    }
  }
  assert.ok(found.size > 20, `found only ${found.size} demo strings: is the scan broken?`);
  return [...found].sort((a, b) => b.length - a.length);
}
const DATA = dataStrings();
// Room badges and the responsible person's mark show a name's first letter.
const INITIALS = new Set(DATA.flatMap((data) => data.split(/[\s«»"'.,!?:;()—-]+/).filter(Boolean).map((word) => word[0].toUpperCase())));
// While a chat is open the profile button shows its employee's initials («АС» for «Анна Смирнова»).
const NAME_INITIALS = new Set(DATA.map((data) => data.split(/\s+/).filter(Boolean).slice(0, 2).map((word) => word[0].toUpperCase()).join('')).filter((pair) => pair.length === 2));

/** `text` without the user data in it. */
function withoutData(text) {
  let rest = text;
  for (const data of DATA) rest = rest.split(data).join(' ');
  return rest;
}

/** Every piece of text the page shows or announces. */
function pageTexts(page) {
  return page.evaluate(() => {
    const texts = [`<title> ${document.title}`, document.body.innerText];
    for (const option of document.querySelectorAll('option')) texts.push(`<option> ${option.textContent}`);
    for (const name of ['placeholder', 'title', 'aria-label', 'alt']) {
      for (const element of document.querySelectorAll(`[${name}]`)) texts.push(`${name}="${element.getAttribute(name)}"`);
    }
    for (const input of document.querySelectorAll('input[type=submit], input[type=button]')) texts.push(`value="${input.value}"`);
    return texts;
  });
}

/** The Cyrillic left in `texts` once user data are taken out, each with some context. */
function leaksIn(texts) {
  const leaks = [];
  for (const text of texts) {
    const rest = withoutData(text);
    for (const match of rest.matchAll(/[\u0400-\u052F]+/g)) {
      const before = rest[match.index - 1] ?? ' ';
      const after = rest[match.index + match[0].length] ?? ' ';
      if (match[0].length === 1 && INITIALS.has(match[0]) && /\s/.test(before) && /\s/.test(after)) continue;
      if (match[0].length === 2 && NAME_INITIALS.has(match[0]) && /\s/.test(before) && /\s/.test(after)) continue;
      const from = Math.max(0, match.index - 40);
      leaks.push(rest.slice(from, match.index + match[0].length + 40).replace(/\s+/g, ' ').trim());
    }
  }
  return [...new Set(leaks)];
}

async function assertEnglish(page, where) {
  const leaks = leaksIn(await pageTexts(page));
  assert.deepEqual(leaks, [], `${where}: Cyrillic outside user data`);
  assert.deepEqual(await unnamedButtons(page), [], `${where}: buttons a screen reader cannot name`);
}

/** Visible buttons with neither text nor an aria-label or title (icon-only buttons need a name). */
function unnamedButtons(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, [role=button], [role=menuitem]')]
      .filter((b) => b.offsetParent !== null)
      .filter((b) => !b.textContent.trim() && !b.getAttribute('aria-label') && !b.getAttribute('title') && !b.getAttribute('aria-labelledby'))
      .map((b) => b.outerHTML.slice(0, 120)));
}

/** Waits until nothing on the page says it is still loading. */
async function settled(page) {
  await page.waitForFunction(() => !document.body.innerText.includes('Loading…'), null, { timeout: 10_000 });
}

/** A new context in English, signed in as `email`. */
async function englishEmployee(email, errors, options = {}) {
  const page = await (await browser.newContext(options)).newPage();
  watchErrors(page, errors);
  await page.goto(`${server.url}/?lang=en`);
  await page.locator('button[type=submit]', { hasText: 'Sign in' }).waitFor();
  await signIn(page, server.url, email);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  return page;
}

async function closeMenu(page) {
  // Some items close the menu themselves (they open something else).
  if (await page.locator('.menu-panel').count()) await page.click('.chat-head .menu-button');
  await page.locator('.menu-panel').waitFor({ state: 'detached' });
}

// Menu items that open a panel without changing anything. («Связанные чаты»
// is not one: it closes the menu and shows the related chats in the list.)
const PANELS = new Set(['status', 'responsible', 'topic', 'add-operator', 'participants', 'block', 'meeting-settings']);

/** The open chat's menu, then each panel it opens; returns the items it has. */
async function menuAndPanels(page, where) {
  await openChatMenu(page);
  await assertEnglish(page, `${where}: menu`);
  const items = await page.locator('.menu-panel [data-menu]').evaluateAll((all) => all.filter((e) => !e.disabled).map((e) => e.dataset.menu));
  await closeMenu(page);
  for (const item of items.filter((i) => PANELS.has(i))) {
    await chatMenu(page, item);
    await settled(page);
    await assertEnglish(page, `${where}: menu → ${item}`);
    await closeMenu(page);
  }
  return items;
}

test('sign-in page, refusal, offline page and manifest in English', async () => {
  const errors = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  watchErrors(page, errors);
  await page.goto(`${server.url}/?lang=en`);
  await page.locator('button[type=submit]', { hasText: 'Sign in' }).waitFor();
  await assertEnglish(page, 'sign-in page');
  assert.equal(await page.title(), 'Chats');

  await page.fill('input[name=email]', 'anna@demo.local');
  await page.fill('input[name=password]', 'wrong-password');
  await page.click('button[type=submit]');
  await page.locator('[role=alert]').waitFor();
  await assertEnglish(page, 'a refused sign-in');

  const href = await page.getAttribute('link[rel=manifest]', 'href');
  const manifest = await (await context.request.get(`${server.url}${href}`)).json();
  assert.deepEqual(leaksIn([manifest.name, manifest.short_name, manifest.description]), [], `manifest ${href}`);

  // The offline page follows the saved choice.
  await page.goto(`${server.url}/offline.html`);
  await page.locator('#offline h1', { hasText: 'No connection to the server' }).waitFor();
  await assertEnglish(page, 'offline page');
  assert.deepEqual(errors, []);
});

test('the workspace: a client chat, its menu and pickers, the client panel and user info', async () => {
  const errors = [];
  const anna = await englishEmployee('anna@demo.local', errors);
  await settled(anna);
  await assertEnglish(anna, 'workspace');
  await anna.click('.room[data-room="support"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="vivan"]');
  await anna.locator('.chat-view[data-open-chat="vivan"]').waitFor();
  await anna.locator('.client-panel').waitFor();
  await settled(anna);
  await assertEnglish(anna, 'a client chat with the client panel');

  const items = await menuAndPanels(anna, 'a client chat');
  assert.ok(items.includes('status') && items.includes('block'), items.join(' '));

  await anna.click('.client-panel .open-user-info');
  const dialog = anna.locator('.user-info-dialog');
  for (const tab of ['user', 'source', 'client', 'user-history', 'client-history']) {
    await dialog.locator(`[data-tab="${tab}"]`).click();
    await settled(anna);
    await assertEnglish(anna, `user info → ${tab}`);
  }
  await dialog.locator('button[aria-label="Close"]').click();
  await dialog.waitFor({ state: 'detached' });

  assert.deepEqual(errors, []);
});

test('a staff chat, a meeting\'s link and invitation, and the guest\'s page and lobby', async () => {
  const errors = [];
  const anna = await englishEmployee('anna@demo.local', errors, { permissions: ['clipboard-read', 'clipboard-write'] });
  await anna.click('.room[data-room="staff"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="staff_anna_boris"]');
  await anna.locator('.chat-view[data-open-chat="staff_anna_boris"]').waitFor();
  await settled(anna);
  await assertEnglish(anna, 'a staff chat');
  await menuAndPanels(anna, 'a staff chat');

  await anna.click('.room[data-room="conferences"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-item[data-chat="planning"]');
  await anna.locator('.chat-view[data-open-chat="planning"]').waitFor();
  await settled(anna);
  await assertEnglish(anna, 'a conference chat');
  const items = await menuAndPanels(anna, 'a conference chat');
  assert.ok(items.includes('meeting-settings') && items.includes('meeting-link'), items.join(' '));

  await chatMenu(anna, 'meeting-link');
  await anna.locator('.meeting-link .meeting-url').waitFor();
  await assertEnglish(anna, 'meeting link');
  const link = await anna.locator('.meeting-link .meeting-url').inputValue();
  await anna.click('.meeting-link .copy-invitation');
  await anna.locator('.meeting-link [role=status]').waitFor();
  await assertEnglish(anna, 'invitation copied');
  const invitation = await anna.evaluate(() => navigator.clipboard.readText());
  assert.match(invitation, /invites you to a meeting/);
  assert.deepEqual(leaksIn([invitation]), [], 'the invitation');
  await closeMenu(anna);

  const guest = await (await browser.newContext()).newPage();
  watchErrors(guest, errors);
  await guest.goto(`${link}?lang=en`);
  await guest.locator('.guest-join').waitFor();
  await assertEnglish(guest, 'the guest\'s page');
  await guest.click('.guest-join button[type=submit]');
  await guest.locator('.guest-join [role=alert]').waitFor();
  await assertEnglish(guest, 'the guest\'s page refusing an empty name');
  await guest.fill('.guest-join input[name="guest-name"]', 'Guest Smith');
  await guest.click('.guest-join button[type=submit]');
  await guest.locator('.call-view[data-phase]').waitFor({ timeout: 15_000 });
  await assertEnglish(guest, 'the guest in the call view (lobby)');
  assert.deepEqual(errors, []);
});

test('the settings area and its audit log', async () => {
  const errors = [];
  const admin = await englishEmployee('admin@demo.local', errors);
  await admin.click('#open-settings');
  await admin.locator('#audit-log').waitFor();
  await settled(admin);
  await assertEnglish(admin, 'settings');

  // A change, so the audit log has an entry to word.
  const rows = admin.locator('#audit-log td').filter({ hasText: /^Group rights:/ });
  await admin.locator('[data-group="operators"] label.grant', { hasText: /^\s*Block$/ }).locator('input[type=checkbox]').check();
  await rows.first().waitFor();
  await assertEnglish(admin, 'settings with an audit entry');
  assert.deepEqual(errors, []);
});
