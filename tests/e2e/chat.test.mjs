// End to end: a visitor on the widget and two operators in the workspace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startProxy, launchBrowser, signIn, watchErrors } from './harness.mjs';

let server, proxy, browser;
const errors = [];

before(async () => {
  server = await startServer();
  proxy = await startProxy(server.port);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  proxy?.close();
  await server?.stop();
});

const counterOf = (page, list) => page.locator(`.list[data-list="${list}"] .counter`).innerText();
const messageTexts = (page) => page.locator('.messages .message:not(.pending) .text').allInnerTexts();

test('visitor and operators talk live, and a cut connection loses nothing', async () => {
  const anna = await (await browser.newContext()).newPage();
  const boris = await (await browser.newContext()).newPage();
  const visitor = await (await browser.newContext()).newPage();
  const foreign = [];
  for (const p of [anna, boris, visitor]) {
    watchErrors(p, errors);
    // Nothing may be fetched from outside the app's own origin (fonts included).
    p.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(server.url) && !url.startsWith(proxy.url) && !url.startsWith('data:')) foreign.push(url);
    });
  }

  await signIn(anna, server.url, 'anna@demo.local');
  await signIn(boris, server.url, 'boris@demo.local');
  for (const p of [anna, boris]) {
    await p.click('.room[data-room="support"]');
    await p.click('.list[data-list="Новые"]');
  }
  // The counters are read once the list has loaded (Ivan's demo inquiry is new).
  await boris.locator('.chat-item[data-chat="vivan"]').waitFor();
  const newBefore = await counterOf(boris, 'Новые');

  // The visitor comes through the cuttable proxy.
  await visitor.goto(`${proxy.url}/widget/support`);
  await visitor.fill('#visitor-name', 'Пётр Тестов');
  await visitor.click('button[type=submit]');
  await visitor.waitForSelector('#composer');
  await visitor.fill('#composer', 'Здравствуйте, у меня вопрос');
  await visitor.press('#composer', 'Enter');
  await visitor.locator('.message.mine:not(.pending)', { hasText: 'у меня вопрос' }).waitFor();

  // Both operators see the new chat in «Новые», no reload, counters updated.
  const annaItem = anna.locator('.chat-item', { hasText: 'Пётр Тестов' });
  const borisItem = boris.locator('.chat-item', { hasText: 'Пётр Тестов' });
  await annaItem.waitFor();
  await borisItem.waitFor();
  await assert.doesNotReject(() => borisItem.locator('.unread', { hasText: '1' }).waitFor());
  assert.notEqual(await counterOf(boris, 'Новые'), newBefore);
  assert.match(await annaItem.innerText(), /у меня вопрос/);

  // Anna opens it: reading clears her unread count; she answers and
  // becomes responsible; the visitor sees the answer.
  await annaItem.locator('.unread').waitFor();
  await annaItem.click();
  await anna.locator('.messages .message', { hasText: 'у меня вопрос' }).waitFor();
  await annaItem.locator('.unread').waitFor({ state: 'detached' });
  await anna.fill('#composer', 'Здравствуйте, Пётр! Слушаю вас.');
  await anna.press('#composer', 'Enter');
  await visitor.locator('.message', { hasText: 'Слушаю вас' }).waitFor();

  // Boris sees the chat leave «Новые».
  await borisItem.waitFor({ state: 'detached' });
  assert.equal(await counterOf(boris, 'Новые'), newBefore);
  await boris.click('.list[data-list="Все"]');
  await boris.locator('.chat-item', { hasText: 'Пётр Тестов' }).locator('.responsible-mark').waitFor();

  // Cut the visitor's connection; Anna writes twice meanwhile.
  proxy.cut();
  await visitor.locator('.banner[role=status]').waitFor();
  await anna.fill('#composer', 'Первое, пока вы были без связи');
  await anna.press('#composer', 'Enter');
  await anna.fill('#composer', 'Второе, пока вы были без связи');
  await anna.press('#composer', 'Enter');
  await anna.locator('.messages .message:not(.pending)', { hasText: 'Второе' }).waitFor();
  proxy.restore();

  await visitor.locator('.message', { hasText: 'Второе, пока' }).waitFor({ timeout: 30_000 });
  await visitor.locator('.banner[role=status]').waitFor({ state: 'detached' });
  const expected = ['Здравствуйте, у меня вопрос', 'Здравствуйте, Пётр! Слушаю вас.',
    'Первое, пока вы были без связи', 'Второе, пока вы были без связи'];
  assert.deepEqual(await messageTexts(visitor), expected, 'visitor: whole history, once, in order');
  assert.deepEqual(await messageTexts(anna), expected, 'operator: whole history, once, in order');

  // A reload shows the same history from the server.
  await visitor.reload();
  await visitor.locator('.message', { hasText: 'Второе, пока' }).waitFor();
  assert.deepEqual(await messageTexts(visitor), expected);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, [], 'no request leaves the origin');
});

test('bad input is explained and the typed text is kept', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, server.url, 'anna@demo.local');
  await page.click('.room[data-room="support"]');
  await page.click('.list[data-list="Все"]');
  await page.locator('.chat-item', { hasText: 'Иван Кузнецов' }).click();
  await page.locator('.messages .message', { hasText: 'личный кабинет' }).waitFor();
  const long = 'я'.repeat(10_001);
  await page.fill('#composer', long);
  await page.press('#composer', 'Enter');
  await page.locator('.composer-error', { hasText: '10000' }).waitFor();
  assert.equal((await page.inputValue('#composer')).length, 10_001, 'the text stays in the composer');
  await page.fill('#composer', '   ');
  await page.press('#composer', 'Enter');
  await page.locator('.composer-error', { hasText: 'пустое' }).waitFor();
});

test('a wrong password is refused and an expired session shows the login form', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.fill('input[name=email]', 'anna@demo.local');
  await page.fill('input[name=password]', 'wrong');
  await page.click('button[type=submit]');
  await page.locator('.login [role=alert]', { hasText: 'Неверная почта или пароль' }).waitFor();

  await signIn(page, server.url, 'anna@demo.local');
  await context.clearCookies();
  await page.reload();
  await page.waitForSelector('form.login');
});

test('English on request', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/?lang=en`);
  await page.locator('button[type=submit]', { hasText: 'Sign in' }).waitFor();
});

test('after a server crash and restart both sides resume with nothing missing or doubled', async () => {
  const crashErrors = [];
  let local = await startServer();
  const { dataDir, port } = local;
  try {
    const operator = await (await browser.newContext()).newPage();
    const visitor = await (await browser.newContext()).newPage();
    watchErrors(operator, crashErrors);
    watchErrors(visitor, crashErrors);
    await signIn(operator, local.url, 'boris@demo.local');
    await operator.click('.room[data-room="support"]');
    await visitor.goto(`${local.url}/widget/support`);
    await visitor.fill('#visitor-name', 'Перезапуск');
    await visitor.click('button[type=submit]');
    await visitor.fill('#composer', 'До перезапуска');
    await visitor.press('#composer', 'Enter');
    await operator.locator('.chat-item', { hasText: 'Перезапуск' }).click();
    await operator.locator('.messages .message', { hasText: 'До перезапуска' }).waitFor();

    await local.kill();
    await operator.locator('.banner[role=status]').waitFor();
    await visitor.locator('.banner[role=status]').waitFor();
    local = await startServer({ dataDir, port });
    await visitor.locator('.banner[role=status]').waitFor({ state: 'detached', timeout: 30_000 });
    await operator.locator('.banner[role=status]').waitFor({ state: 'detached', timeout: 30_000 });

    await visitor.fill('#composer', 'После перезапуска');
    await visitor.press('#composer', 'Enter');
    await operator.locator('.messages .message', { hasText: 'После перезапуска' }).waitFor();
    await operator.fill('#composer', 'Вижу, отвечаю');
    await operator.press('#composer', 'Enter');
    await visitor.locator('.message', { hasText: 'Вижу, отвечаю' }).waitFor();
    const expected = ['До перезапуска', 'После перезапуска', 'Вижу, отвечаю'];
    assert.deepEqual(await messageTexts(visitor), expected);
    assert.deepEqual(await messageTexts(operator), expected);
    // The page errors a dead server causes (failed fetches) are not ours to
    // assert on; script errors and CSP refusals are.
    assert.deepEqual(crashErrors.filter((e) => !/Failed to fetch|NetworkError|ERR_/.test(e)), []);
  } finally {
    await local.stop();
  }
});

test("the widget loads a build of its own, never the workspace's code (#18)", async () => {
  const wasmOf = async (url, work) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    watchErrors(page, errors);
    const wasm = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
    await page.goto(url);
    await work(page);
    // The code is fetched after the server-rendered page shows.
    for (let i = 0; i < 300 && !wasm.length; i++) await page.waitForTimeout(100);
    await context.close();
    return wasm;
  };
  const workspace = await wasmOf(server.url, (page) => page.locator('input[name=email]').waitFor());
  const widget = await wasmOf(`${server.url}/widget/support`, async (page) => {
    // The widget's own build hydrates the page and works: a visitor starts and writes.
    await page.fill('#visitor-name', 'Своя сборка');
    await page.click('button[type=submit]');
    await page.waitForSelector('#composer');
    await page.fill('#composer', 'Виджет отдельной сборкой');
    await page.press('#composer', 'Enter');
    await page.locator('.message.mine:not(.pending)', { hasText: 'отдельной сборкой' }).waitFor();
  });
  assert.equal(workspace.length, 1, `the workspace loads one WASM file: ${workspace}`);
  assert.equal(widget.length, 1, `the widget loads one WASM file: ${widget}`);
  assert.notEqual(widget[0], workspace[0], 'the widget never loads the workspace code');
});
