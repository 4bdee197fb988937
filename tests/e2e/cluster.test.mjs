// End to end across the cluster (#17): real nats-server, SurrealDB's own
// server, two app nodes and HAProxy on loopback (tests/e2e/cluster.mjs).
// People on different nodes see each other live; a node killed mid-traffic,
// NATS restarted and the database server restarted lose nothing.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, operatorPage, openChatNamed, signIn, visitorWith, watchErrors, until, chatMenu, openChatMenu, callContext, receivesVideos } from './harness.mjs';
import { startCluster } from './cluster.mjs';

let browser;
before(async () => { browser = await launchBrowser({ media: true }); });
after(async () => { await browser?.close(); });

// A node going away mid-request is reported by the browser as a failed
// fetch or a dropped socket: expected in the fault tests.
const expectedOutage = (text) => /Failed to fetch|net::|WebSocket|502|503|504/.test(text);

/** The texts of the messages `page` shows that start with `prefix`. */
const textsFrom = (page, prefix) => page.locator('.messages .message:not(.pending):not(.failed) .text').evaluateAll(
  (nodes, p) => nodes.map((n) => n.innerText.trim()).filter((t) => t.startsWith(p)), prefix);

/** Sends `text` from `page`'s composer. */
async function send(page, text) {
  await page.fill('#composer', text);
  await page.press('#composer', 'Enter');
}

describe('two nodes behind HAProxy', () => {
  let cluster;
  before(async () => { cluster = await startCluster(); });
  after(async () => { await cluster?.stop(); });

  test('a visitor on node 1 and an operator on node 2: the inquiry comes live, they talk, typing crosses the bus', async () => {
    const errors = [];
    const [one, two] = cluster.nodes;
    const anna = await operatorPage(browser, two.url, 'anna@demo.local', errors);
    await anna.click('.list[data-list="Новые"]');
    await anna.locator('.chat-item[data-chat="vivan"]').waitFor();

    const visitor = await visitorWith(browser, one.url, errors, 'Кира Узлова', 'Вопрос через первый узел');
    // The chat was written through node 1; node 2's fan-out reads it from the shared database.
    await anna.locator('.chat-item', { hasText: 'Кира Узлова' }).waitFor({ timeout: 10_000 });
    await openChatNamed(anna, 'Кира Узлова');
    await anna.locator('.messages .message', { hasText: 'Вопрос через первый узел' }).waitFor();

    await send(anna, 'Ответ со второго узла');
    await visitor.locator('.message', { hasText: 'Ответ со второго узла' }).waitFor({ timeout: 10_000 });
    await send(visitor, 'Спасибо, вижу');
    await anna.locator('.messages .message', { hasText: 'Спасибо, вижу' }).waitFor({ timeout: 10_000 });

    // Typing lives in node 1's memory: NATS carries it to node 2. (Typed at a
    // person's pace: a tab says it types at most every 2 s.)
    await visitor.locator('#composer').pressSequentially('Ещё один вопрос по счёту', { delay: 150 });
    await anna.locator('.typing', { hasText: 'Кира Узлова печатает…' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(errors, []);
  });

  test('a room taken from a group on node 1 leaves the workspace of its operator on node 2 at once', async () => {
    const errors = [];
    const [one, two] = cluster.nodes;
    const boris = await (await browser.newContext()).newPage();
    watchErrors(boris, errors);
    await signIn(boris, two.url, 'boris@demo.local');
    await boris.locator('.room[data-room="support"]').waitFor();

    const admin = await (await browser.newContext()).newPage();
    watchErrors(admin, errors);
    await signIn(admin, one.url, 'admin@demo.local');
    await admin.click('#open-settings');
    await admin.locator('#rooms-settings').waitFor();
    const grant = admin.locator('[data-group="operators"] label', { hasText: 'Поддержка' }).locator('input[type=checkbox]');
    const saved = admin.waitForResponse((r) => r.request().method() !== 'GET' && r.url().includes('/api/') && r.ok());
    await grant.uncheck();
    await saved;
    const from = Date.now();
    await boris.locator('.room[data-room="support"]').waitFor({ state: 'detached', timeout: 10_000 });
    console.log(`[cluster] a rights change on node 1 reached Boris's tab on node 2 in ${Date.now() - from} ms after the save`);
    // And back: granted again on node 1, the room returns on node 2.
    await grant.check();
    await boris.locator('.room[data-room="support"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(errors, []);
  });

  test('a call started on node 1 rings a colleague on node 2, who joins it there: video decodes both ways', async () => {
    const errors = [];
    const [one, two] = cluster.nodes;
    const anna = await (await callContext(browser)).newPage();
    const boris = await (await callContext(browser)).newPage();
    for (const p of [anna, boris]) watchErrors(p, errors);
    await signIn(anna, one.url, 'anna@demo.local');
    await signIn(boris, two.url, 'boris@demo.local');
    try {
      await openChat(anna, 'staff', 'staff_anna_boris');
      await chatMenu(anna, 'start-call');
      await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });

      // Node 1 runs the call; the ring reaches Boris's tab on node 2 over the bus.
      const ring = boris.locator('.incoming-call[data-chat="staff_anna_boris"]');
      await ring.locator('[data-answer="decline"]').click({ timeout: 10_000 });
      await ring.waitFor({ state: 'detached' });
      // Node 2 knows the call runs (the shared bucket): the menu offers to join it.
      await openChat(boris, 'staff', 'staff_anna_boris');
      await openChatMenu(boris);
      await boris.locator('.menu-panel [data-menu="join-call"]').waitFor({ timeout: 10_000 });
      await boris.click('.menu-panel [data-menu="join-call"]');
      // His call socket is on node 2, forwarded to node 1.
      await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
      await receivesVideo(boris);
      await receivesVideo(anna);
      assert.deepEqual(errors, []);
    } finally {
      await anna.context().close();
      await boris.context().close();
    }
  });
});

async function openChat(page, room, chat) {
  await page.click(`.room[data-room="${room}"]`);
  await page.click('.list[data-list="Все"]');
  await page.click(`.chat-item[data-chat="${chat}"]`);
  await page.locator(`.chat-view[data-open-chat="${chat}"]`).waitFor();
}

/** Waits until a remote video in the call has decoded frames. */
const receivesVideo = (page) => receivesVideos(page, 1, 30_000);

describe('faults: every new connection goes to node 1 while it is up', () => {
  let cluster;
  before(async () => {
    cluster = await startCluster({ balance: 'first' });
  });
  after(async () => { await cluster?.stop(); });

  test('kill -9 of the node a visitor and an operator are on, during 200 sends: both move to node 2, and each message is there once', async () => {
    const errors = [];
    const visitor = await visitorWith(browser, cluster.url, errors, 'Фёдор Отказов', 'Начинаем');
    const anna = await operatorPage(browser, cluster.url, 'anna@demo.local', errors);
    await openChatNamed(anna, 'Фёдор Отказов');
    await anna.locator('.messages .message', { hasText: 'Начинаем' }).waitFor();

    const [one] = cluster.nodes;
    const TOTAL = 200;
    const sent = [];
    try {
      for (let i = 1; i <= TOTAL; i += 1) {
        const text = `Сообщение ${String(i).padStart(3, '0')}`;
        await send(anna, text);
        sent.push(text);
        if (i === 60) {
          await one.kill();
          console.log('[cluster] node 1 killed (SIGKILL) after 60 sends');
        }
      }
      // Every message is stored once, in order, as Anna sees it …
      await until('Anna\'s 200 messages acknowledged', async () => (await textsFrom(anna, 'Сообщение ')).length >= TOTAL, 90_000);
      assert.deepEqual(await textsFrom(anna, 'Сообщение '), sent);
      // … and as the visitor, moved to node 2 by HAProxy, sees them.
      await until('the visitor\'s 200 messages', async () => (await textsFrom(visitor, 'Сообщение ')).length >= TOTAL, 60_000);
      assert.deepEqual(await textsFrom(visitor, 'Сообщение '), sent);
      // Read back from the database by a colleague who opens the chat now:
      // its latest page holds the last messages, once each, in order.
      const boris = await operatorPage(browser, cluster.url, 'boris@demo.local', errors);
      await openChatNamed(boris, 'Фёдор Отказов');
      await boris.locator('.messages .message', { hasText: `Сообщение ${TOTAL}` }).waitFor({ timeout: 30_000 });
      const stored = await textsFrom(boris, 'Сообщение ');
      assert.ok(stored.length >= 20, `the latest page shows ${stored.length} of them`);
      assert.deepEqual(stored, sent.slice(-stored.length));
      // The visitor still talks, through node 2.
      await send(visitor, 'Я на месте');
      await anna.locator('.messages .message', { hasText: 'Я на месте' }).waitFor({ timeout: 15_000 });
      assert.deepEqual(errors.filter((e) => !expectedOutage(e)), []);
    } finally {
      one.start();
      await cluster.ready(one);
    }
  });

  test('the node running a call dies: the colleague whose socket is on the other node is told, and starts it again there', async () => {
    const errors = [];
    const [one, two] = cluster.nodes;
    const anna = await (await callContext(browser)).newPage();
    const boris = await (await callContext(browser)).newPage();
    for (const p of [anna, boris]) watchErrors(p, errors);
    await signIn(anna, one.url, 'anna@demo.local');
    await signIn(boris, two.url, 'boris@demo.local');
    try {
      await openChat(anna, 'staff', 'staff_anna_boris');
      await chatMenu(anna, 'start-call');
      await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
      await boris.locator('.incoming-call[data-chat="staff_anna_boris"] [data-answer="accept"]').click({ timeout: 10_000 });
      await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
      await receivesVideo(boris);

      // Node 1 runs the call, and dies.
      await one.kill();
      const from = Date.now();
      await boris.locator('.call-view[data-phase="ended"] .call-ended', { hasText: 'Сервер, на котором шёл звонок, остановился' }).waitFor({ timeout: 45_000 });
      console.log(`[cluster] the call's node killed: Boris told in ${Date.now() - from} ms`);
      // He starts it again: his node runs it now.
      await boris.click('.call-view .call-leave');
      await chatMenu(boris, 'start-call');
      await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
      assert.deepEqual(errors.filter((e) => !expectedOutage(e)), []);
    } finally {
      await anna.context().close();
      await boris.context().close();
      one.start();
      await cluster.ready(one);
    }
  });

  test('NATS restarted during traffic: messages keep coming, and the bus works again after', async () => {
    const errors = [];
    const [one, two] = cluster.nodes;
    const visitor = await visitorWith(browser, one.url, errors, 'Галина Шинова', 'Перед перезапуском');
    const anna = await operatorPage(browser, two.url, 'anna@demo.local', errors);
    await openChatNamed(anna, 'Галина Шинова');

    const sent = [];
    for (let i = 1; i <= 20; i += 1) {
      if (i === 5) await cluster.nats.stop();
      if (i === 12) cluster.nats.start();
      const text = `Шина ${String(i).padStart(2, '0')}`;
      await send(visitor, text);
      sent.push(text);
      await new Promise((r) => setTimeout(r, 100));
    }
    await until('the visitor\'s 20 messages at Anna', async () => (await textsFrom(anna, 'Шина ')).length >= 20, 60_000);
    assert.deepEqual(await textsFrom(anna, 'Шина '), sent);
    await until('both nodes ready again', async () => {
      const states = await Promise.all(cluster.nodes.map((n) => fetch(`${n.url}/readyz`).then((r) => r.status).catch(() => 0)));
      return states.every((s) => s === 200);
    });
    // The bus is back: typing on node 1 shows on node 2.
    await visitor.locator('#composer').pressSequentially('Печатаю снова, медленно', { delay: 150 });
    await anna.locator('.typing', { hasText: 'Галина Шинова печатает…' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(errors.filter((e) => !expectedOutage(e)), []);
  });

  test('the database server restarted: a send fails clearly while it is down and arrives once after', async () => {
    const errors = [];
    const [one, two] = cluster.nodes;
    const visitor = await visitorWith(browser, one.url, errors, 'Дина Базова', 'До остановки базы');
    const anna = await operatorPage(browser, two.url, 'anna@demo.local', errors);
    await openChatNamed(anna, 'Дина Базова');

    await cluster.db.stop();
    await send(anna, 'Пока база стоит');
    // Not acknowledged: it waits in the outbox, marked, with the reason.
    await anna.locator('.message.failed', { hasText: 'Пока база стоит' }).waitFor({ timeout: 30_000 });
    cluster.db.start();
    // Once the database answers again the outbox sends it, and it arrives once on both sides.
    await anna.locator('.messages .message:not(.pending):not(.failed)', { hasText: 'Пока база стоит' }).waitFor({ timeout: 60_000 });
    await visitor.locator('.message', { hasText: 'Пока база стоит' }).waitFor({ timeout: 30_000 });
    await send(visitor, 'После перезапуска');
    await anna.locator('.messages .message', { hasText: 'После перезапуска' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await textsFrom(anna, 'Пока база стоит'), ['Пока база стоит']);
    // Read back after a reload: once.
    await anna.reload();
    await anna.click('.room[data-room="support"]');
    await anna.click('.list[data-list="Все"]');
    await openChatNamed(anna, 'Дина Базова');
    await anna.locator('.messages .message', { hasText: 'После перезапуска' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await textsFrom(anna, 'Пока база стоит'), ['Пока база стоит']);
    assert.deepEqual(errors.filter((e) => !expectedOutage(e)), []);
  });
});
