// Not a test (no .test.mjs): `cd tests/e2e && SERVER_DIR=~/.cache/chats-target/dx/chats/debug/web node first-paint.mjs`.
// First paint of the server-rendered sign-in page and of a signed-in
// workspace, in headless Chromium on loopback; median of 10 cold loads.
import { startServer, launchBrowser, signIn } from './harness.mjs';
const server = await startServer(); const browser = await launchBrowser();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function measure(path, signedIn) {
  const ttfb = [], fcp = [], ready = [];
  for (let i = 0; i < 10; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (signedIn) { await signIn(page, server.url, 'anna@demo.local'); await page.goto('about:blank'); }
    await page.goto(server.url + path);
    await page.waitForSelector(signedIn ? '.room[data-room]' : 'input[name=email]');
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { ttfb: nav.responseStart, fcp: paint ? paint.startTime : NaN, now: performance.now() };
    });
    ttfb.push(t.ttfb); fcp.push(t.fcp); ready.push(t.now);
    await context.close();
  }
  console.log(`${path} ${signedIn ? '(signed in)' : ''}: TTFB ${median(ttfb).toFixed(0)} ms, first contentful paint ${median(fcp).toFixed(0)} ms, interactive list ${median(ready).toFixed(0)} ms`);
}
await measure('/', false);
await measure('/', true);
await browser.close(); await server.stop();
