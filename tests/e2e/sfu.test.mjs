// Calls through the server's media server (#19), in Chromium with fake
// cameras and microphones: a conference of five (more than the old full mesh
// allowed) where each receives the four others' video, each tile with its
// connection-quality mark; a webinar viewer
// whose hand-made sending offer is refused by the server; a raised hand
// given the floor, then taken back; and a call on a server that offers no
// UDP (a network that blocks it), whose media goes over ICE-TCP on the app's
// own port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, watchErrors, chatMenu, employeePage, openChatIn, callContext, receivesVideos, until } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser({ media: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

/** How many other people's videos decode on this page. */
function decodingVideos(page) {
  return page.evaluate(() => [...document.querySelectorAll('.call-tile:not(.me) video')]
    .filter((v) => v.videoWidth > 0 && v.readyState >= 2).length);
}

test('a conference of five: each receives the four others', async () => {
  const errors = [];
  const anna = await employeePage(browser, server.url, 'anna@demo.local', errors);
  const boris = await employeePage(browser, server.url, 'boris@demo.local', errors);
  await openChatIn(anna, 'conferences', 'planning');
  await chatMenu(anna, 'start-call');
  await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  await boris.locator('.incoming-call[data-chat="planning"] [data-answer="accept"]').click({ timeout: 10_000 });
  await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });

  await chatMenu(anna, 'meeting-link');
  const link = await anna.locator('.meeting-link .meeting-url').inputValue();
  await anna.keyboard.press('Escape');
  const guests = [];
  for (const name of ['Гость Один', 'Гость Два', 'Гость Три']) {
    // The third comes from a phone.
    const phone = name === 'Гость Три' ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {};
    const guest = await (await browser.newContext(phone)).newPage();
    if (name === 'Гость Три') {
      // What the phone tells the media server of its tiles' width.
      guest.tileWidths = [];
      guest.on('websocket', (ws) => ws.on('framesent', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString('utf8');
        if (text.includes('"tile_width"')) guest.tileWidths.push(JSON.parse(text).px);
      }));
    }
    watchErrors(guest, errors);
    await guest.goto(link);
    await guest.fill('.guest-join input[name="guest-name"]', name);
    await guest.click('.guest-join button[type=submit]');
    await guest.locator('.call-view[data-phase="waiting"]').waitFor({ timeout: 15_000 });
    await anna.locator('.call-lobby .lobby-guest', { hasText: name }).locator('[data-admit]').click({ timeout: 10_000 });
    await guest.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
    guests.push(guest);
  }
  const everyone = [anna, boris, ...guests];
  for (const page of everyone) {
    await page.locator('.call-count', { hasText: '5' }).waitFor({ timeout: 15_000 });
  }
  for (const page of everyone) {
    await receivesVideos(page, 4);
  }
  for (const page of everyone) {
    assert.equal(await decodingVideos(page), 4);
  }
  // On the phone the five tiles take two columns, not one long column.
  const tops = await guests[2].locator('.call-tiles > .call-tile').evaluateAll((tiles) => tiles.map((t) => Math.round(t.getBoundingClientRect().top)));
  assert.equal(tops.length, 5);
  assert.equal(tops[0], tops[1], `two tiles side by side on a phone: ${tops}`);
  assert.notEqual(tops[1], tops[2]);
  // And it tells the media server how wide they are, so it gets no layer larger than they show.
  await until('the phone tells its tiles\' width', async () => guests[2].tileWidths.length > 0, 15_000);
  const shown = await guests[2].locator('.call-tiles > .call-tile:not(.me) video').first().evaluate((v) => v.clientWidth);
  assert.ok(Math.abs(guests[2].tileWidths.at(-1) - shown) <= shown / 6 + 1, `told ${guests[2].tileWidths} for ${shown}-pixel tiles`);
  // Each tile carries the media server's word on how its video arrives.
  await anna.waitForFunction(() => document.querySelectorAll('.call-tile:not(.me) .call-quality[data-quality]').length === 4, null, { timeout: 15_000 });
  const marks = await anna.locator('.call-tile:not(.me) .call-quality').evaluateAll((e) => e.map((m) => m.getAttribute('aria-label')));
  for (const mark of marks) assert.match(mark, /^Связь/);
  for (const page of guests) {
    await page.click('.call-leave');
  }
  await anna.locator('.call-count', { hasText: '2' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, []);
  for (const page of everyone) await page.context().close();
});

/** A webinar made by Anna with Boris invited; both in its call. Returns the chat id. */
async function webinar(anna, boris, topic) {
  await anna.click('.room[data-room="webinars"]');
  await anna.click('.list[data-list="Все"]');
  await anna.click('.chat-list-column .add-chat');
  const dialog = anna.locator('.new-meeting-dialog');
  await dialog.locator('input[name=topic]').fill(topic);
  await dialog.locator('input[data-person="boris"]').check();
  await dialog.locator('[data-confirm="create-meeting"]').click();
  await anna.locator('.chat-view .title', { hasText: topic }).waitFor();
  const chat = await anna.locator('.chat-view').getAttribute('data-open-chat');
  await boris.click('.room[data-room="webinars"]');
  await boris.click('.list[data-list="Все"]');
  await boris.locator(`.chat-item[data-chat="${chat}"]`).waitFor({ timeout: 10_000 });
  await chatMenu(anna, 'start-call');
  await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  await boris.locator(`.incoming-call[data-chat="${chat}"] [data-answer="accept"]`).click({ timeout: 10_000 });
  await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
  await receivesVideos(boris, 1);
  return chat;
}

test('a webinar viewer cannot publish, even with a hand-made offer', async () => {
  const errors = [];
  const anna = await employeePage(browser, server.url, 'anna@demo.local', errors);
  const boris = await employeePage(browser, server.url, 'boris@demo.local', errors);
  const chat = await webinar(anna, boris, 'Вебинар без вопросов');

  // Boris opens a second signalling connection by hand and offers to send his camera.
  const replies = await boris.evaluate(async (chat) => {
    const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/api/calls/signal?chat=${encodeURIComponent(chat)}`);
    const received = [];
    ws.onmessage = async (e) => received.push(JSON.parse(typeof e.data === 'string' ? e.data : await e.data.text()));
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    const until = async (check) => { for (let i = 0; i < 100 && !received.some(check); i++) await new Promise((r) => setTimeout(r, 100)); };
    await until((m) => m.type === 'joined');
    const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const pc = new RTCPeerConnection();
    for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [media] });
    const offer = await pc.createOffer();
    ws.send(JSON.stringify({ type: 'offer', sdp: offer.sdp }));
    await until((m) => m.type === 'refused');
    // The same offer with its directions rewritten to look receive-only, and
    // then its answer to nothing: the server keeps refusing to forward.
    const disguised = offer.sdp.replace(/a=sendonly/g, 'a=sendrecv');
    ws.send(JSON.stringify({ type: 'offer', sdp: disguised }));
    await until((m) => m.type === 'refused' && received.filter((x) => x.type === 'refused').length >= 2);
    ws.close();
    pc.close();
    media.getTracks().forEach((t) => t.stop());
    return received.filter((m) => m.type === 'refused').map((m) => m.problem.code ?? m.problem);
  }, chat);
  assert.equal(replies.length, 2, JSON.stringify(replies));
  for (const reply of replies) assert.match(JSON.stringify(reply), /viewer_publishes/);
  // Anna still receives nothing from the viewer.
  assert.equal(await anna.locator('.call-tile:not(.me) video').count(), 0);
  assert.deepEqual(errors, []);
  await anna.context().close();
  await boris.context().close();
});

test('a raised hand is given the floor, then it is taken back', async () => {
  const errors = [];
  const anna = await employeePage(browser, server.url, 'anna@demo.local', errors);
  const boris = await employeePage(browser, server.url, 'boris@demo.local', errors);
  await webinar(anna, boris, 'Вебинар с вопросами');
  const borisAtAnna = anna.locator('.call-tile:not(.me)', { hasText: 'Борис Иванов' });
  // A viewer is a line in the audience list under the stage, not a tile on it.
  const audience = anna.locator('.call-audience');
  await audience.locator('h3', { hasText: 'Зрители: 1' }).waitFor();
  await audience.locator('.call-tile', { hasText: 'Борис Иванов' }).waitFor();

  await boris.click('.call-hand');
  await borisAtAnna.locator('.call-hand-raised').waitFor({ timeout: 10_000 });
  await borisAtAnna.locator('[data-floor]').click();
  // On the stage now, and the audience list is gone (he was its only viewer).
  await anna.locator('.call-tiles .call-tile', { hasText: 'Борис Иванов' }).waitFor({ timeout: 10_000 });
  await audience.waitFor({ state: 'detached' });
  // Boris now sends: his camera shows at home and reaches Anna.
  await boris.locator('#video-local').waitFor({ timeout: 15_000 });
  await boris.locator('.call-camera').waitFor();
  await anna.waitForFunction(() => [...document.querySelectorAll('.call-tile:not(.me) video')]
    .some((v) => v.videoWidth > 0 && v.readyState >= 2), null, { timeout: 30_000 });

  await borisAtAnna.locator('[data-take-floor]').click();
  await boris.locator('#video-local').waitFor({ state: 'detached', timeout: 15_000 });
  await boris.locator('.call-hand').waitFor();
  await audience.locator('.call-tile', { hasText: 'Борис Иванов' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await anna.context().close();
  await boris.context().close();
});

test('without UDP, media goes over TCP to the app\'s own port', async () => {
  const tcpServer = await startServer({ env: { MEDIA_UDP_PORTS: 'off' } });
  const tcpOnly = await launchBrowser({ media: true });
  try {
    const errors = [];
    // Each page keeps its connections, to ask them which transport they took.
    const watched = async (email) => {
      const context = await callContext(tcpOnly);
      const page = await context.newPage();
      watchErrors(page, errors);
      await signIn(page, tcpServer.url, email);
      return page;
    };
    const anna = await watched('anna@demo.local');
    const boris = await watched('boris@demo.local');
    await openChatIn(anna, 'staff', 'staff_anna_boris');
    await chatMenu(anna, 'start-call');
    await anna.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
    await boris.locator('.incoming-call[data-chat="staff_anna_boris"] [data-answer="accept"]').click({ timeout: 10_000 });
    await boris.locator('.call-view[data-phase="in-call"]').waitFor({ timeout: 15_000 });
    await receivesVideos(anna, 1);
    await receivesVideos(boris, 1);
    for (const page of [anna, boris]) {
      const transports = await page.evaluate(async () => {
        const found = [];
        for (const pc of window.__connections) {
          const stats = await pc.getStats();
          stats.forEach((s) => {
            if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') found.push(stats.get(s.localCandidateId)?.protocol);
          });
        }
        return found;
      });
      assert.deepEqual(transports, ['tcp'], 'the media went over TCP');
    }
    assert.deepEqual(errors, []);
  } finally {
    await tcpOnly.close();
    await tcpServer.stop();
  }
});
