// End to end (#14): the everyday tools of a support desk. «печатает…» shows
// on the other side and goes; a private note reaches colleagues and never the
// widget; web addresses in a message are links that open in a new tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, operatorPage, watchErrors } from './harness.mjs';

let server, browser;
const errors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(errors, []);
});

/** A visitor in «Поддержка» named `name` who has asked `question`. */
async function visitorWith(name, question) {
  const page = await (await browser.newContext()).newPage();
  watchErrors(page, errors);
  await page.goto(`${server.url}/widget/support`);
  await page.fill('#visitor-name', name);
  await page.click('button[type=submit]');
  await page.fill('#composer', question);
  await page.press('#composer', 'Enter');
  await page.locator('.message.mine:not(.pending)', { hasText: question }).waitFor();
  return page;
}

/** `page` opens the chat of `name` from «Все». */
async function openChat(page, name) {
  await page.locator('.chat-item', { hasText: name }).click();
  await page.locator('.chat-head .title', { hasText: name }).waitFor();
}

test('typing shows on the other side and stops; a note stays with staff; addresses are links', async () => {
  const visitor = await visitorWith('Ольга Печатает', 'Здравствуйте, вопрос по оплате');
  const anna = await operatorPage(browser, server.url, 'anna@demo.local', errors);
  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await openChat(anna, 'Ольга Печатает');
  await openChat(boris, 'Ольга Печатает');

  // The visitor types: both operators see it, with her name.
  await visitor.locator('#composer').pressSequentially('Счёт не при', { delay: 30 });
  for (const p of [anna, boris]) await p.locator('.typing', { hasText: 'Ольга Печатает печатает…' }).waitFor();
  // Her message arrives: the line clears at once.
  await visitor.locator('#composer').pressSequentially('шёл', { delay: 30 });
  await visitor.press('#composer', 'Enter');
  await anna.locator('.messages .message', { hasText: 'Счёт не пришёл' }).waitFor();
  await anna.waitForFunction(() => document.querySelector('.typing')?.innerText.trim() === '', null, { timeout: 3_000 });

  // Anna types an answer: the visitor sees it; it goes by itself when she stops.
  await anna.locator('#composer').pressSequentially('Сейчас', { delay: 30 });
  await visitor.locator('.typing', { hasText: 'Анна Смирнова печатает…' }).waitFor();
  await visitor.waitForFunction(() => document.querySelector('.typing')?.innerText.trim() === '', null, { timeout: 15_000 });
  await anna.fill('#composer', '');

  // A private note: marked, kept from the visitor (typing included), seen by Boris live.
  await anna.click('#note-toggle');
  assert.equal(await anna.getAttribute('#note-toggle', 'aria-pressed'), 'true');
  await anna.locator('#composer').pressSequentially('Проверь платёж в банке', { delay: 30 });
  await boris.locator('.typing', { hasText: 'Анна Смирнова печатает…' }).waitFor();
  await anna.press('#composer', 'Enter');
  const note = anna.locator('.messages .message.note:not(.pending)', { hasText: 'Проверь платёж в банке' });
  await note.waitFor();
  assert.match(await note.locator('.meta').innerText(), /Заметка/);
  await boris.locator('.messages .message.note', { hasText: 'Проверь платёж в банке' }).waitFor();
  // A note takes nothing: nobody became responsible, the chat is still in «Новые».
  await anna.click('.list[data-list="Новые"]');
  await anna.locator('.chat-item', { hasText: 'Ольга Печатает' }).waitFor();

  // The answer with a link goes to the visitor (the note toggle is off again for it).
  await anna.click('#note-toggle');
  await anna.fill('#composer', 'Инструкция: https://example.com/pay?step=2 и www.example.org');
  await anna.press('#composer', 'Enter');
  const answer = visitor.locator('.message', { hasText: 'Инструкция:' });
  await answer.waitFor();
  const link = answer.locator('a[href="https://example.com/pay?step=2"]');
  assert.equal(await link.innerText(), 'https://example.com/pay?step=2');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
  assert.equal(await answer.locator('a[href="https://www.example.org"]').count(), 1);

  // The visitor never saw the note, nor its typing, live or after a reload.
  assert.equal(await visitor.locator('.message', { hasText: 'Проверь платёж' }).count(), 0);
  await visitor.reload();
  await visitor.locator('.message', { hasText: 'Инструкция:' }).waitFor();
  assert.equal(await visitor.locator('.message', { hasText: 'Проверь платёж' }).count(), 0);
  assert.equal(await visitor.locator('.message.note').count(), 0);
});

test('a note is not offered in an internal chat, and markup in a message stays text', async () => {
  const anna = await operatorPage(browser, server.url, 'anna@demo.local', errors);
  await anna.click('.room[data-room="staff"]');
  await anna.locator('.chat-item').first().click();
  await anna.locator('#composer').waitFor();
  assert.equal(await anna.locator('#note-toggle').count(), 0);
  await anna.fill('#composer', '<a href="javascript:alert(1)">жми</a> javascript:alert(2)');
  await anna.press('#composer', 'Enter');
  const sent = anna.locator('.messages .message:not(.pending)', { hasText: 'жми' });
  await sent.waitFor();
  assert.equal(await sent.locator('.text a').count(), 0, 'no link is made of markup or a javascript: address');
});
