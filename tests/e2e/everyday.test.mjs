// End to end (#14): the everyday tools of a support desk. «печатает…» shows
// on the other side and goes; a private note reaches colleagues and never the
// widget; web addresses in a message are links that open in a new tab; «/»
// inserts a saved reply; @name marks a chat for a colleague; a closed inquiry
// is rated once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, operatorPage, watchErrors, chatMenu, signIn, visitorWith, openChatNamed } from './harness.mjs';

let server, browser;
const errors = [];
const visitorOf = (name, question) => visitorWith(browser, server.url, errors, name, question);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(errors, []);
});



test('typing shows on the other side and stops; a note stays with staff; addresses are links', async () => {
  const visitor = await visitorOf('Ольга Печатает', 'Здравствуйте, вопрос по оплате');
  const anna = await operatorPage(browser, server.url, 'anna@demo.local', errors);
  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await openChatNamed(anna, 'Ольга Печатает');
  await openChatNamed(boris, 'Ольга Печатает');

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

test('«/» finds a saved reply and inserts it with the client, operator and room filled in; a personal one is made in the profile', async () => {
  const visitor = await visitorOf('Денис Шаблонов', 'Не могу войти');
  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await openChatNamed(boris, 'Денис Шаблонов');

  // «/» lists the room's replies; more letters narrow the list.
  await boris.fill('#composer', '/');
  const picker = boris.locator('#reply-picker');
  await picker.locator('.reply-option', { hasText: 'Приветствие' }).waitFor();
  await picker.locator('.reply-option', { hasText: 'Сброс пароля' }).waitFor();
  await boris.locator('#composer').pressSequentially('прив');
  await picker.locator('.reply-option', { hasText: 'Сброс пароля' }).waitFor({ state: 'detached' });
  // Enter inserts the highlighted reply, filled in; a second Enter sends it.
  await boris.press('#composer', 'Enter');
  const greeting = 'Здравствуйте, Денис Шаблонов! Меня зовут Борис Иванов, служба «Поддержка». Чем могу помочь?';
  assert.equal(await boris.inputValue('#composer'), greeting);
  assert.equal(await picker.count(), 0, 'the list closes once a reply is in');
  await boris.press('#composer', 'Enter');
  await visitor.locator('.message', { hasText: greeting }).waitFor();

  // Arrow keys move through the list; Escape closes it and leaves the text.
  await boris.fill('#composer', '/');
  await picker.locator('.reply-option.picked').waitFor();
  const first = await picker.locator('.reply-option.picked .reply-title').innerText();
  await boris.press('#composer', 'ArrowDown');
  assert.notEqual(await picker.locator('.reply-option.picked .reply-title').innerText(), first);
  await boris.press('#composer', 'Escape');
  await picker.waitFor({ state: 'detached' });
  assert.equal(await boris.inputValue('#composer'), '/');
  await boris.fill('#composer', '');

  // A personal reply, made in the profile (Boris may not share in the room: only «Личный» is offered).
  await boris.click('#open-profile');
  await boris.click('#new-saved-reply');
  assert.deepEqual(await boris.locator('#reply-room option').allInnerTexts(), ['Личный']);
  await boris.fill('#reply-title', 'Благодарность');
  await boris.fill('#reply-text', 'Спасибо, {client}! Обращайтесь в «{room}».');
  await boris.click('.saved-reply-form button[type=submit]');
  await boris.locator('.saved-reply', { hasText: 'Благодарность' }).waitFor();
  await boris.fill('#composer', '/спасибо');
  await picker.locator('.reply-option', { hasText: 'Благодарность' }).waitFor();
  await boris.press('#composer', 'Tab');
  assert.equal(await boris.inputValue('#composer'), 'Спасибо, Денис Шаблонов! Обращайтесь в «Поддержка».');

  // Anna does not get Boris's personal reply.
  const anna = await operatorPage(browser, server.url, 'anna@demo.local', errors);
  await openChatNamed(anna, 'Денис Шаблонов');
  await anna.fill('#composer', '/');
  await anna.locator('#reply-picker .reply-option', { hasText: 'Приветствие' }).waitFor();
  assert.equal(await anna.locator('#reply-picker .reply-option', { hasText: 'Благодарность' }).count(), 0);
});

test('a mention in a note and in a staff chat marks the chat for the colleague until read', async () => {
  const visitor = await visitorOf('Мария Упоминаева', 'Помогите с договором');
  const anna = await operatorPage(browser, server.url, 'anna@demo.local', errors);
  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  const item = boris.locator('.chat-item', { hasText: 'Мария Упоминаева' });
  await item.waitFor();
  assert.equal(await item.locator('.mention-mark').count(), 0);

  // Anna's private note names Boris: his list marks the chat, live; the client sees nothing.
  await openChatNamed(anna, 'Мария Упоминаева');
  await anna.click('#note-toggle');
  // «@» and a few letters offer the colleagues who may see the chat; Enter puts the full name in.
  await anna.fill('#composer', '@бор');
  await anna.locator('#reply-picker .reply-option', { hasText: 'Борис Иванов' }).waitFor();
  assert.equal(await anna.locator('#reply-picker .reply-option', { hasText: 'Анна Смирнова' }).count(), 0, 'not herself');
  await anna.press('#composer', 'Enter');
  assert.equal(await anna.inputValue('#composer'), '@Борис Иванов ');
  await anna.locator('#composer').pressSequentially('договор по твоей части');
  await anna.press('#composer', 'Enter');
  await anna.locator('.messages .message.note:not(.pending)', { hasText: 'договор по твоей части' }).waitFor();
  await item.locator('.mention-mark').waitFor();
  // Opening the chat reads it: the mark goes.
  await item.click();
  await boris.locator('.messages .message.note', { hasText: 'договор по твоей части' }).waitFor();
  await item.locator('.mention-mark').waitFor({ state: 'detached' });
  assert.equal(await visitor.locator('.message', { hasText: 'договор по твоей части' }).count(), 0);

  // In the staff room's chat a plain message mentions; it survives Boris's reload.
  await boris.click('.room[data-room="staff"]');
  const staffItem = boris.locator('.chat-item[data-chat="staff_anna_boris"]');
  await staffItem.waitFor();
  await anna.click('.room[data-room="staff"]');
  await anna.locator('.chat-item[data-chat="staff_anna_boris"]').click();
  await anna.fill('#composer', '@Борис, зайди на планёрку');
  await anna.press('#composer', 'Enter');
  await staffItem.locator('.mention-mark').waitFor();
  await boris.reload();
  await boris.click('.room[data-room="staff"]');
  await boris.locator('.chat-item[data-chat="staff_anna_boris"] .mention-mark').waitFor();
});

test('after «Закрыт» the widget asks for a rating once; the chat, its client panel and the settings report show it', async () => {
  const visitor = await visitorOf('Ирина Оценкина', 'Как изменить тариф?');
  const anna = await operatorPage(browser, server.url, 'anna@demo.local', errors);
  await openChatNamed(anna, 'Ирина Оценкина');
  await anna.fill('#composer', 'В личном кабинете, раздел «Тариф»');
  await anna.press('#composer', 'Enter');
  await visitor.locator('.message', { hasText: 'раздел «Тариф»' }).waitFor();
  assert.equal(await visitor.locator('.rating-card').count(), 0, 'no rating while the inquiry is open');

  await chatMenu(anna, 'status');
  await anna.click('.picker [data-status="closed"]');
  await anna.locator('.chat-head .status', { hasText: 'Закрыт' }).waitFor();

  // The widget asks, live; sending without a score says what is missing.
  const card = visitor.locator('.rating-card');
  await card.waitFor();
  await card.locator('button[type=submit]').click();
  await card.locator('[role=alert]', { hasText: 'Выберите оценку' }).waitFor();
  await card.locator('.star[data-score="5"]').click();
  assert.equal(await card.locator('.star[data-score="5"]').getAttribute('aria-checked'), 'true');
  await visitor.fill('#rating-comment', 'Спасибо, всё понятно');
  await card.locator('button[type=submit]').click();
  await visitor.locator('.rating-thanks', { hasText: 'Спасибо за оценку' }).waitFor();
  // Once: a reload does not ask again.
  await visitor.reload();
  await visitor.locator('.message', { hasText: 'раздел «Тариф»' }).waitFor();
  assert.equal(await visitor.locator('.rating-card').count(), 0);

  // The operator sees it in the chat's head and the client panel, live.
  await anna.locator('.chat-head .rating-badge', { hasText: '★ 5' }).waitFor();
  if (!(await anna.locator('.client-panel').count())) await anna.click('.client-panel-toggle');
  await anna.locator('.client-panel [data-part="rating"]', { hasText: 'Спасибо, всё понятно' }).waitFor();

  // The administrator's report counts it for the room and for Anna.
  const admin = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  const rooms = admin.locator('#ratings-rooms');
  await rooms.locator('tr', { hasText: 'Поддержка' }).waitFor();
  assert.match(await rooms.locator('tr', { hasText: 'Поддержка' }).innerText(), /5\.0\s+1/);
  await admin.locator('#ratings-operators tr', { hasText: 'Анна Смирнова' }).waitFor();
  // A period before today has none.
  await admin.fill('input[name=ratings-to]', '2020-01-31');
  await admin.locator('#ratings-report .ratings-none').waitFor();
});

test('outside the working hours the widget takes an offline message with an e-mail; it lands in «Новые» marked, the address in the client panel', async () => {
  // The administrator closes «Продажи» all week and takes offline messages only.
  const admin = await (await browser.newContext()).newPage();
  watchErrors(admin, errors);
  await signIn(admin, server.url, 'admin@demo.local');
  await admin.goto(`${server.url}/settings`);
  const form = admin.locator('[data-room-hours="sales"]');
  await form.waitFor();
  await form.locator('input[name=hours-enabled]').check();
  for (const day of await form.locator('input[name=day-open]').all()) await day.uncheck();
  await form.locator('input[name=accept-outside]').uncheck();
  await form.locator('button[type=submit]').click();
  await form.locator('[role=status]', { hasText: 'Часы работы сохранены' }).waitFor();

  const visitor = await (await browser.newContext()).newPage();
  watchErrors(visitor, errors);
  await visitor.goto(`${server.url}/widget/sales`);
  await visitor.locator('.offline-form').waitFor();
  await visitor.fill('#visitor-name', 'Ночной Покупатель');
  await visitor.fill('#visitor-email', 'buyer@example.com');
  await visitor.fill('#visitor-message', 'Нужен счёт на 5 лицензий');
  await visitor.click('.offline-form button[type=submit]');
  await visitor.locator('.banner.offline-sent').waitFor();
  await visitor.locator('.message.mine', { hasText: 'Нужен счёт на 5 лицензий' }).waitFor();

  const boris = await (await browser.newContext()).newPage();
  watchErrors(boris, errors);
  await signIn(boris, server.url, 'boris@demo.local');
  await boris.click('.room[data-room="sales"]');
  await boris.click('.list[data-list="Новые"]');
  const item = boris.locator('.chat-item', { hasText: 'Ночной Покупатель' });
  await item.locator('.offline-badge').waitFor();
  await item.click();
  if (!(await boris.locator('.client-panel').count())) await boris.click('.client-panel-toggle');
  await boris.locator('.client-panel [data-part="email"] a[href="mailto:buyer@example.com"]').waitFor();

  // «Поддержка» keeps its ordinary welcome.
  await visitor.goto(`${server.url}/widget/support`);
  await visitor.locator('.welcome').waitFor();
  assert.equal(await visitor.locator('.offline-form').count(), 0);
});
