// The e-mail source (#16) in Chromium, against a real Postfix and Dovecot on
// loopback: an administrator connects the «Поддержка» mailbox in settings
// and tests the connection; a customer's mail appears live in an operator's
// «Новые»; the answer reaches the customer's mailbox threaded and the
// bubble says «Отправлено»; the customer's reply lands in the same chat; an
// answer queued while the mail server is down survives a kill -9 of the app
// and goes exactly once after the restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, launchBrowser, signIn, watchErrors, operatorPage, until } from './harness.mjs';
import { startMail, deliver } from './mail.mjs';

let server, browser, mail;
before(async () => {
  mail = await startMail();
  server = await startServer({ keepData: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  mail?.stop();
});

test('a mailbox connected in settings brings mail into «Новые», and answers go back threaded, once', async () => {
  const errors = [];
  const admin = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  const form = admin.locator('[data-source-room="support"] .mailbox-form');
  await form.waitFor();
  await form.locator('input[name=address]').fill('support@example.test');
  await form.locator('input[name=login]').fill('support@example.test');
  await form.locator('input[name=password]').fill('secret');
  await form.locator('input[name=imap_host]').fill('127.0.0.1');
  await form.locator('input[name=imap_port]').fill(String(mail.imap));
  await form.locator('input[name=smtp_host]').fill('127.0.0.1');
  await form.locator('input[name=smtp_port]').fill(String(mail.smtp));
  await form.locator('button[name=check]').click();
  await form.locator('.connection-steps li.ok[data-server=imap]').waitFor({ timeout: 30_000 });
  await form.locator('.connection-steps li.ok[data-server=smtp]').waitFor();

  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await boris.click('.list[data-list="Новые"]');
  // The reader connects within a moment of the save; mail sent before it
  // connected is read too (the last day's mail).
  const sent = Date.now();
  await deliver(mail.smtp, 'ivan.post@customer.test', 'support@example.test',
    'From: Иван Почтов <ivan.post@customer.test>\nTo: support@example.test\nSubject: Доставка\nMessage-ID: <e2e-q1@customer.test>\nContent-Type: text/plain; charset=utf-8\n\nКогда привезут заказ?\n');
  const item = boris.locator('.chat-item', { hasText: 'Иван Почтов' });
  await item.waitFor({ timeout: 30_000 });
  console.log(`[email] SMTP delivery to «Новые» in Chromium: ${Date.now() - sent} ms`);
  await item.click();
  await boris.locator('.message', { hasText: 'Когда привезут заказ?' }).waitFor();

  // «Источник» shows the mail's data.
  await boris.click('.client-panel .open-user-info');
  const dialog = boris.locator('.user-info-dialog');
  await dialog.locator('[data-tab="source"]').click();
  await dialog.locator('[data-field="from"]', { hasText: 'ivan.post@customer.test' }).waitFor();
  await dialog.locator('[data-field="subject"]', { hasText: 'Доставка' }).waitFor();
  await boris.keyboard.press('Escape');

  const answered = Date.now();
  await boris.fill('#composer', 'Завтра до обеда');
  await boris.press('#composer', 'Enter');
  await boris.locator('.message.mine', { hasText: 'Завтра до обеда' }).locator('[data-delivery="sent"]').waitFor({ timeout: 30_000 });
  await until('the answer in the customer\'s mailbox', () => mail.inbox('ivan.post@customer.test').length === 1);
  console.log(`[email] «Отправить» to the customer's mailbox: ${Date.now() - answered} ms`);
  const [answer] = mail.inbox('ivan.post@customer.test');
  assert.match(answer, /in-reply-to: <e2e-q1@customer\.test>/i);
  assert.match(answer, /Завтра до обеда/);
  const ourId = answer.match(/message-id: (<[^>]+>)/i)[1];

  // The customer's reply, threaded, lands live in the same chat.
  await deliver(mail.smtp, 'ivan.post@customer.test', 'support@example.test',
    `From: Иван Почтов <ivan.post@customer.test>\nTo: support@example.test\nSubject: Re: Доставка\nMessage-ID: <e2e-q2@customer.test>\nIn-Reply-To: ${ourId}\nReferences: <e2e-q1@customer.test> ${ourId}\nContent-Type: text/plain; charset=utf-8\n\nСпасибо, жду\n\n> Завтра до обеда\n`);
  await boris.locator('.message', { hasText: 'Спасибо, жду' }).waitFor({ timeout: 30_000 });
  assert.equal(await boris.locator('.message', { hasText: 'Спасибо, жду' }).count(), 1);

  // The mail server goes down: the answer waits in the queue, and says why.
  mail.stopSmtp();
  await boris.fill('#composer', 'Курьер позвонит заранее');
  await boris.press('#composer', 'Enter');
  await boris.locator('.message.mine', { hasText: 'Курьер позвонит заранее' }).locator('[data-delivery="retrying"]').waitFor({ timeout: 30_000 });

  // The app dies with the answer queued; the mail server comes back; the
  // app restarts on the same data and sends it, once.
  await server.kill();
  mail.startSmtp();
  server = await startServer({ dataDir: server.dataDir, port: server.port });
  await until('the queued answer in the mailbox', () => mail.inbox('ivan.post@customer.test').some((m) => m.includes('Курьер позвонит заранее')), 60_000);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(mail.inbox('ivan.post@customer.test').filter((m) => m.includes('Курьер позвонит заранее')).length, 1);

  // After the restart the bubble says it went.
  const again = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await again.locator('.chat-item', { hasText: 'Иван Почтов' }).click();
  await again.locator('.message.mine', { hasText: 'Курьер позвонит заранее' }).locator('[data-delivery="sent"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(errors, []);
});
