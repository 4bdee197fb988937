// End to end (#14): attachments. A visitor sends a PNG from the widget and the
// operator sees its thumbnail; an operator drops a PDF into the composer and
// the visitor downloads it; an operator without the room gets 404 for the
// file's address; a file over the limit is refused in the composer before a
// byte is sent; a slow upload shows its progress and can be cancelled; on a
// phone's width the paperclip is there; a pasted screenshot goes too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, operatorPage, signIn, watchErrors, visitorWith, openChatNamed } from './harness.mjs';

let server, browser;
const errors = [];
const visitorOf = (name, question) => visitorWith(browser, server.url, errors, name, question);

// A real 2×2 PNG, red.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

before(async () => {
  // A small limit, so that "too large" needs no 20 MB in the test.
  server = await startServer({ env: { MAX_FILE_MB: '1' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(errors, []);
});



/** Drops `files` ({name, type, base64}) onto the composer, as a file manager would. */
async function dropFiles(page, files) {
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const target = document.querySelector('.composer');
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, files);
}

/** Whether an image on the page has loaded (its bytes decoded). */
async function imageLoaded(locator) {
  await locator.waitFor();
  await locator.page().waitForFunction((img) => img.complete && img.naturalWidth === 2, await locator.elementHandle(), { timeout: 10_000 });
}

test('a visitor sends a screenshot; the operator sees its thumbnail and drops a PDF back, which the visitor downloads', async () => {
  const visitor = await visitorOf('Ирина Скриншот', 'Ошибка при оплате, прикладываю экран');
  const boris = await operatorPage(browser, server.url, 'boris@demo.local', errors);
  await openChatNamed(boris, 'Ирина Скриншот');

  // The visitor picks a PNG with the paperclip and writes a line with it.
  await visitor.setInputFiles('#attach-input', { name: 'экран.png', mimeType: 'image/png', buffer: PNG });
  await visitor.locator('.upload[data-upload="экран.png"] [data-uploaded]').waitFor();
  // The picture shows before it is sent, from the browser's own copy.
  await imageLoaded(visitor.locator('.upload[data-upload="экран.png"] img.upload-preview'));
  await visitor.fill('#composer', 'Вот экран');
  await visitor.press('#composer', 'Enter');
  await imageLoaded(visitor.locator('.message.mine:not(.pending) .file-thumb img[alt="экран.png"]'));
  assert.equal(await visitor.locator('.uploads').count(), 0, 'the composer is empty again');

  // The operator sees the thumbnail live; a click opens it full size over the
  // chat (Escape closes it), and Ctrl+click in a new tab.
  const thumb = boris.locator('.messages .message', { hasText: 'Вот экран' }).locator('.file-thumb');
  await imageLoaded(thumb.locator('img[alt="экран.png"]'));
  await thumb.click();
  await imageLoaded(boris.locator('.image-viewer img[alt="экран.png"]'));
  assert.equal(await boris.evaluate(() => document.activeElement?.classList.contains('viewer-close')), true, 'the focus is in the viewer');
  await boris.keyboard.press('Escape');
  await boris.locator('.image-viewer').waitFor({ state: 'detached' });
  const [full] = await Promise.all([boris.context().waitForEvent('page'), thumb.click({ modifiers: ['Control'] })]);
  await full.waitForLoadState();
  assert.match(full.url(), /\/api\/files\//);
  await full.close();

  // Boris drops a PDF (no text): it goes as a file card.
  await dropFiles(boris, [{ name: 'Инструкция.pdf', type: 'application/pdf', base64: PDF.toString('base64') }]);
  await boris.locator('.upload[data-upload="Инструкция.pdf"] [data-uploaded]').waitFor();
  await boris.click('#send');
  const card = boris.locator('.messages .message.mine:not(.pending) .file-card[data-file="Инструкция.pdf"]');
  await card.waitFor();
  assert.match(await card.innerText(), /PDF/);
  // The operator downloads it as a file.
  const [mine] = await Promise.all([boris.waitForEvent('download'), card.click()]);
  assert.equal(mine.suggestedFilename(), 'Инструкция.pdf');

  // The visitor gets it live and downloads the same bytes.
  const theirs = visitor.locator('.messages .message:not(.mine) .file-card[data-file="Инструкция.pdf"]');
  await theirs.waitFor();
  await visitor.waitForFunction(() => document.querySelector('.message:not(.mine) .file-card')?.getAttribute('href')?.startsWith('blob:'));
  const [download] = await Promise.all([visitor.waitForEvent('download'), theirs.click()]);
  assert.equal(download.suggestedFilename(), 'Инструкция.pdf');
  assert.deepEqual(await readFile(await download.path()), PDF);

  // Vera, without «Поддержка», gets 404 for the very same address.
  const href = await thumb.getAttribute('href');
  // Vera has no «Поддержка» in her rooms: signed in, she never opens it.
  const vera = await (await browser.newContext()).newPage();
  watchErrors(vera, errors);
  await signIn(vera, server.url, 'vera@demo.local');
  const refused = await vera.request.get(`${server.url}${href}`);
  assert.equal(refused.status(), 404);
  const allowed = await boris.request.get(`${server.url}${href}`);
  assert.equal(allowed.status(), 200);
  assert.equal(allowed.headers()['x-content-type-options'], 'nosniff');
  for (const p of [visitor, boris, vera]) await p.context().close();
});

test('a file over the limit is refused before sending; a slow upload shows progress and can be cancelled', async () => {
  const visitor = await visitorOf('Павел Большой Файл', 'Хочу отправить архив');
  // 1.5 MB over a 1 MB limit: refused at once, and the message waits until it is removed.
  await visitor.setInputFiles('#attach-input', { name: 'архив.zip', mimeType: 'application/zip', buffer: Buffer.alloc(1_500_000, 7) });
  await visitor.locator('.upload[data-upload="архив.zip"] .error', { hasText: 'Файл больше 1 МБ' }).waitFor();
  await visitor.fill('#composer', 'Не прошёл');
  await visitor.press('#composer', 'Enter');
  await visitor.locator('.composer-error', { hasText: 'Дождитесь загрузки файлов' }).waitFor();
  await visitor.click('.upload[data-upload="архив.zip"] .upload-cancel');
  assert.equal(await visitor.locator('.upload').count(), 0);

  // A slow connection: the progress shows, and «×» stops the upload.
  const cdp = await visitor.context().newCDPSession(visitor);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
  await visitor.setInputFiles('#attach-input', { name: 'медленный.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(900_000, 1) });
  const slow = visitor.locator('.upload[data-upload="медленный.bin"]');
  await slow.locator('progress').waitFor();
  await visitor.waitForFunction(() => Number(document.querySelector('.upload progress')?.value) > 0, null, { timeout: 15_000 });
  await slow.locator('.upload-cancel').click();
  await slow.waitFor({ state: 'detached' });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  // The text goes alone.
  await visitor.fill('#composer', 'Отправлю позже');
  await visitor.press('#composer', 'Enter');
  const sent = visitor.locator('.message.mine:not(.pending)', { hasText: 'Отправлю позже' });
  await sent.waitFor();
  assert.equal(await sent.locator('.file-card, .file-thumb').count(), 0);

  // On a phone's width the paperclip is there and a picked file goes.
  await visitor.setViewportSize({ width: 390, height: 760 });
  assert.ok(await visitor.locator('label.attach').isVisible());
  await visitor.setInputFiles('#attach-input', { name: 'телефон.png', mimeType: 'image/png', buffer: PNG });
  await visitor.locator('.upload [data-uploaded]').waitFor();
  await visitor.click('#send');
  await imageLoaded(visitor.locator('.message.mine:not(.pending) .file-thumb img[alt="телефон.png"]'));

  // A screenshot pasted into the composer goes like a picked file.
  await visitor.evaluate((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'вставка.png', { type: 'image/png' }));
    const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer });
    document.querySelector('#composer').dispatchEvent(paste);
  }, PNG.toString('base64'));
  await visitor.locator('.upload[data-upload="вставка.png"] [data-uploaded]').waitFor();
  await visitor.click('#send');
  await imageLoaded(visitor.locator('.message.mine:not(.pending) .file-thumb img[alt="вставка.png"]'));
  await visitor.context().close();
});
