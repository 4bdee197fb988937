// Test harness: starts the built server on a fresh database, a cuttable TCP
// proxy, and Chromium with flags that work offline and as root.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer at ${url}`);
}

/** Starts `server` from SERVER_DIR on a SurrealKV folder (a new one unless
 *  given) with the demo data. `stop()` ends it gently, `kill()` with SIGKILL. */
export async function startServer({ dataDir = mkdtempSync(path.join(os.tmpdir(), 'chats-e2e-')), port = null, keepData = false, env = {} } = {}) {
  const dir = process.env.SERVER_DIR;
  if (!dir) throw new Error('SERVER_DIR must point at the dx build (target/dx/chats/debug/web)');
  port = port ?? await freePort();
  const child = spawn(path.join(dir, 'server'), [], {
    cwd: dir,
    env: { ...process.env, IP: '127.0.0.1', PORT: String(port), DATABASE_URL: `surrealkv://${dataDir}/db`, RUST_LOG: 'warn', DEMO: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The server's output goes on to ours, and is kept for tests that read it (the setup token).
  let log = '';
  for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    from.on('data', (chunk) => {
      to.write(chunk);
      log += chunk.toString();
    });
  }
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/setup`, 60_000);
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url,
    port,
    dataDir,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A TCP proxy to `port` that can cut every connection and refuse new ones. */
export async function startProxy(targetPort) {
  const sockets = new Set();
  let blocked = false;
  const server = net.createServer((client) => {
    if (blocked) { client.destroy(); return; }
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client); sockets.add(upstream);
    const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', drop); upstream.on('error', drop);
    client.on('close', drop); upstream.on('close', drop);
    client.pipe(upstream); upstream.pipe(client);
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    cut() { blocked = true; for (const s of sockets) s.destroy(); sockets.clear(); },
    restore() { blocked = false; },
    close() { for (const s of sockets) s.destroy(); server.close(); },
  };
}

export async function launchBrowser({ thirdPartySites = false, media = false } = {}) {
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  // A customer's site (a routed public-looking origin) embedding the widget
  // from our server on loopback: Chromium's local-network rules refuse that,
  // while a real deployment serves the widget from a public address.
  if (thirdPartySites) args.push('--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights');
  // Calls: a fake camera and microphone (a test pattern and a beep), granted
  // without a prompt, and WebRTC over loopback.
  if (media) args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required');
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });
}

/** Signs an operator in through the login form. */
export async function signIn(page, baseUrl, email) {
  await page.goto(`${baseUrl}/`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'demo1234');
  await page.click('button[type=submit]');
  await page.waitForSelector('.room[data-room]');
}

/** Collects page errors so a test can assert none happened. */
export function watchErrors(page, errors) {
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
  });
}

/** A visitor in a new context who opened the «Поддержка» widget as `name`
 *  and asked `question` (stored: no longer pending). */
export async function visitorWith(browser, baseUrl, errors, name, question) {
  const page = await (await browser.newContext()).newPage();
  watchErrors(page, errors);
  await page.goto(`${baseUrl}/widget/support`);
  await page.fill('#visitor-name', name);
  await page.click('button[type=submit]');
  await page.fill('#composer', question);
  await page.press('#composer', 'Enter');
  await page.locator('.message.mine:not(.pending)', { hasText: question }).waitFor();
  return page;
}

/** `page` opens the chat of `name` from the list in view. */
export async function openChatNamed(page, name) {
  await page.locator('.chat-item', { hasText: name }).click();
  await page.locator('.chat-head .title', { hasText: name }).waitFor();
}

/** A new browser context signed in as `email`, in «Поддержка» · «Все». */
export async function operatorPage(browser, baseUrl, email, errors) {
  const page = await (await browser.newContext()).newPage();
  watchErrors(page, errors);
  await signIn(page, baseUrl, email);
  await page.click('.room[data-room="support"]');
  await page.click('.list[data-list="Все"]');
  return page;
}

/** A new browser context (`options` for it) signed in as `email`. */
export async function employeePage(browser, baseUrl, email, errors, options = {}) {
  const page = await (await browser.newContext(options)).newPage();
  watchErrors(page, errors);
  await signIn(page, baseUrl, email);
  return page;
}

/** Opens chat `chat` of room `room` from the list «Все». */
export async function openChatIn(page, room, chat) {
  await page.click(`.room[data-room="${room}"]`);
  await page.click('.list[data-list="Все"]');
  await page.click(`.chat-item[data-chat="${chat}"]`);
  await page.locator(`.chat-view[data-open-chat="${chat}"]`).waitFor();
}

/** Opens the open chat's menu and picks `item` (a `data-menu` key). */
export async function chatMenu(page, item) {
  await openChatMenu(page);
  await page.click(`.menu-panel [data-menu="${item}"]`);
}

// Opens the chat menu once the previous action has finished: a picker closes
// its panel only when the server answered, which can come after the live
// update, and clicking the button while it is open would close it instead.
export async function openChatMenu(page) {
  await page.locator('.menu-panel').waitFor({ state: 'detached', timeout: 10_000 });
  await page.click('.chat-head .menu-button');
  await page.locator('.menu-panel .menu-item').first().waitFor();
}

/** Waits (polling every 100 ms) until `check()` holds, or fails naming `what`. */
export async function until(what, check, timeout = 30_000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A new browser context whose pages keep their RTCPeerConnections in
 *  `window.__connections`, to ask them which transport they took or, when a
 *  video does not come, what state they are in. */
export async function callContext(browser, options = {}) {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    window.__connections = [];
    window.RTCPeerConnection = class extends Original {
      constructor(...args) { super(...args); window.__connections.push(this); }
    };
  });
  return context;
}

/** What a page's call looks like: its tiles and, for each kept connection,
 *  its states, the nominated pair's protocol and the incoming video. */
export async function callReport(page) {
  return page.evaluate(async () => {
    const tiles = [...document.querySelectorAll('.call-tile')].map((t) => {
      const v = t.querySelector('video');
      return `${t.className}${v ? ` video ${v.videoWidth}x${v.videoHeight} ready ${v.readyState}` : ''}`;
    });
    const connections = [];
    for (const pc of window.__connections || []) {
      const stats = await pc.getStats();
      const parts = [`${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`];
      stats.forEach((s) => {
        if (s.type === 'candidate-pair' && s.nominated) parts.push(`pair ${stats.get(s.localCandidateId)?.protocol} ${s.state}`);
        if (s.type === 'inbound-rtp' && s.kind === 'video') parts.push(`in ${s.mid}: ${s.packetsReceived} packets, ${s.framesDecoded} frames, ${s.keyFramesDecoded} key, PLI ${s.pliCount}`);
        if (s.type === 'outbound-rtp' && s.kind === 'video') parts.push(`out ${s.rid || '-'}: ${s.packetsSent} packets, ${s.framesEncoded} frames, ${s.qualityLimitationReason}`);
      });
      connections.push(parts.join('; '));
    }
    return { phase: document.querySelector('.call-view')?.dataset.phase, tiles, connections };
  }).catch((e) => ({ error: e.message }));
}

/** Waits until `count` other people's videos decode on `page`; when they do
 *  not, prints what the call looks like before failing. */
export async function receivesVideos(page, count = 1, timeout = 60_000) {
  try {
    await page.waitForFunction((n) => [...document.querySelectorAll('.call-tile:not(.me) video')]
      .filter((v) => v.videoWidth > 0 && v.readyState >= 2).length >= n, count, { timeout });
  } catch (error) {
    console.log(`[call] no video on ${page.url()}: ${JSON.stringify(await callReport(page), null, 1)}`);
    throw error;
  }
}
