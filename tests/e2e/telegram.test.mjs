// The Telegram source (#16) in Chromium, against a Bot API stand-in: an
// administrator connects the «Поддержка» bot in settings and the check names
// it; a Telegram user's text and photo appear live in an operator's «Новые»;
// the answer says «Отправлено» and the stand-in got it; a 429 shows as a
// retry on the bubble and the answer then goes once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, launchBrowser, signIn, watchErrors, operatorPage, until } from './harness.mjs';
import { startBotApi } from './telegram.mjs';

const TOKEN = '123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ms';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f80f00000101000518d84e0000000049454e44ae426082', 'hex');

let server, browser, api;
before(async () => {
  api = await startBotApi(TOKEN);
  server = await startServer({ env: { TELEGRAM_API_URL: api.url } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await api?.stop();
});

test('a bot connected in settings brings Telegram messages into «Новые», and answers go back', async () => {
  const errors = [];
  const admin = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  const form = admin.locator('[data-source-room="support"] .bot-form');
  await form.waitFor();
  await form.locator('input[name=bot_token]').fill('not a token');
  await form.locator('button[type=submit]').click();
  await admin.locator('#sources-settings [role=alert]', { hasText: 'Токен бота' }).waitFor();
  await form.locator('input[name=bot_token]').fill(TOKEN);
  await form.locator('button[name=check_bot]').click();
  await form.locator('.connection-steps li.ok[data-server=telegram]', { hasText: '@support_test_bot' }).waitFor({ timeout: 30_000 });

  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await boris.click('.list[data-list="Новые"]');
  api.userWrites(7001, 'Ольга', 'Здравствуйте из Telegram');
  const item = boris.locator('.chat-item', { hasText: 'Ольга' });
  await item.waitFor({ timeout: 30_000 });
  await item.click();
  await boris.locator('.message', { hasText: 'Здравствуйте из Telegram' }).waitFor();
  api.userSendsPhoto(7001, 'Ольга', PNG, 'Вот скриншот');
  const photo = boris.locator('.message', { hasText: 'Вот скриншот' });
  await photo.waitFor({ timeout: 30_000 });
  await photo.locator('img').waitFor();

  await boris.fill('#composer', 'Спасибо, разбираемся');
  await boris.press('#composer', 'Enter');
  await boris.locator('.message.mine', { hasText: 'Спасибо, разбираемся' }).locator('[data-delivery="sent"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(api.sent.filter((s) => s.text === 'Спасибо, разбираемся'), [{ chatId: 7001, text: 'Спасибо, разбираемся' }]);

  // Telegram says «Too Many Requests»: the bubble says it will retry, then it goes once.
  api.throttleNext(3);
  await boris.fill('#composer', 'Проверьте, пожалуйста, ещё раз');
  await boris.press('#composer', 'Enter');
  const throttled = boris.locator('.message.mine', { hasText: 'Проверьте, пожалуйста, ещё раз' });
  await throttled.locator('[data-delivery="retrying"]', { hasText: '429' }).waitFor({ timeout: 30_000 });
  await throttled.locator('[data-delivery="sent"]').waitFor({ timeout: 30_000 });
  await until('one copy at the stand-in', () => api.sent.filter((s) => s.text === 'Проверьте, пожалуйста, ещё раз').length === 1);

  // «Источник» shows who it is on Telegram.
  await boris.click('.client-panel .open-user-info');
  const dialog = boris.locator('.user-info-dialog');
  await dialog.locator('[data-tab="source"]').click();
  await dialog.locator('[data-field="telegram"]', { hasText: '7001' }).waitFor();
  assert.deepEqual(errors, []);
});
