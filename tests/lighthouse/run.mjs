// Lighthouse audits of the built workspace (#15): the sign-in page, the
// workspace signed in (an operator's session cookie), and the website
// widget, on Lighthouse's default mobile profile in Debian's Chromium.
// Prints each page's scores; docs/lighthouse.md records them.
// Usage: make lighthouse (release build), or SERVER_DIR=… node run.mjs here.
// Not part of make test: scores are figures to record, not pass/fail.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startServer } from '../e2e/harness.mjs';

const server = await startServer();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
try {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ credentials: { email: 'anna@demo.local', password: 'demo1234' } }),
  });
  const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
  if (!login.ok || !cookie) throw new Error(`sign-in failed: ${login.status}`);
  const pages = [
    ['sign-in', `${server.url}/`, {}],
    ['workspace', `${server.url}/`, { Cookie: cookie }],
    ['widget', `${server.url}/widget/support`, {}],
  ];
  const rows = [];
  for (const [name, url, headers] of pages) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      extraHeaders: headers,
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const c = result.lhr.categories;
    const score = (k) => Math.round((c[k]?.score ?? 0) * 100);
    const metric = (id) => result.lhr.audits[id]?.displayValue ?? '';
    rows.push({ page: name, performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices'), seo: score('seo'),
      FCP: metric('first-contentful-paint'), LCP: metric('largest-contentful-paint'), TBT: metric('total-blocking-time'), CLS: metric('cumulative-layout-shift') });
    const failing = Object.values(result.lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary').map((a) => a.id);
    if (failing.length) console.log(`${name}: failing audits: ${failing.join(', ')}`);
  }
  console.table(rows);
} finally {
  await chrome.kill();
  await server.stop();
}
