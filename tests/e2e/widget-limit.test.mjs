// Rate limits seen in the widget (issue #12): the server runs with tiny
// limits; a visitor who writes too fast sees «Слишком много сообщений…» on the
// refused message, whose text stays for «Повторить», and a second new chat
// from the same address is refused on the welcome screen with the name kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchErrors } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer({ env: { LIMIT_NEW_CHATS_PER_MIN: '1', LIMIT_VISITOR_MSGS_PER_SEC: '1', LIMIT_VISITOR_MSGS_BURST: '2' } });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('the widget shows a rate limit in Russian and keeps what was not sent', async () => {
  const errors = [];
  const visitor = await (await browser.newContext()).newPage();
  watchErrors(visitor, errors);
  await visitor.goto(`${server.url}/widget/support`);
  await visitor.fill('#visitor-name', 'Быстрый');
  await visitor.click('button[type=submit]');
  await visitor.waitForSelector('#composer');

  // A burst of two, then one a second: the third and fourth, sent at once, are refused.
  const sends = [];
  visitor.on('response', async (r) => {
    if (!r.url().endsWith('/api/widget/send')) return;
    const i = sends.push(`${r.status()} retry-after=${r.headers()['retry-after']}`) - 1;
    sends[i] += ` ${await r.text().catch(() => '')}`;
  });
  for (const text of ['первое', 'второе', 'третье', 'четвёртое']) {
    await visitor.fill('#composer', text);
    await visitor.press('#composer', 'Enter');
  }
  const failed = visitor.locator('.message.mine.failed').first();
  await failed.waitFor();
  assert.match(await failed.locator('.meta.error').innerText(), /Слишком много сообщений\. Попробуйте через \d+ с\./, sends.join('\n'));
  assert.ok(sends.some((s) => /^429 retry-after=\d+/.test(s)), sends.join('\n'));
  const unsent = await failed.locator('.text').innerText();
  assert.ok(['третье', 'четвёртое'].includes(unsent), unsent);

  // After the wait, «Повторить» sends the same text.
  await new Promise((r) => setTimeout(r, 1500));
  await failed.locator('button.retry').click();
  await visitor.locator('.message.mine:not(.pending):not(.failed) .text', { hasText: unsent }).waitFor();

  // The address has had its one new chat this minute: a second visitor is refused, name kept.
  const second = await (await browser.newContext()).newPage();
  watchErrors(second, errors);
  await second.goto(`${server.url}/widget/support`);
  await second.fill('#visitor-name', 'Второй');
  const [answer] = await Promise.all([
    second.waitForResponse((r) => r.url().endsWith('/api/widget/start')),
    second.click('button[type=submit]'),
  ]);
  assert.equal(answer.status(), 429);
  assert.match(answer.headers()['retry-after'] ?? '', /^\d+$/);
  const alert = second.locator('.welcome .error[role=alert]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Слишком много запросов\. Попробуйте через \d+ с\./);
  assert.equal(await second.inputValue('#visitor-name'), 'Второй');
  assert.deepEqual(errors, []);
});
