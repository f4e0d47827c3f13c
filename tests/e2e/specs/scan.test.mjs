// The scan screen's photo fallback: a QR photo is decoded in the browser (rxing in a
// worker) and the shopper lands on the trace page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';

let server;
let browser;
const dir = mkdtempSync(join(tmpdir(), 'lottrace-scan-'));

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function qrPng(name, text) {
  const file = join(dir, name);
  writeFileSync(file, await QRCode.toBuffer(text, { width: 480, margin: 4, errorCorrectionLevel: 'M' }));
  return file;
}

test('uploading a photo of a pack QR opens that pack\'s trace page', async () => {
  const url = server.demoUrls()[0];
  const file = await qrPng('pack.png', url);
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}/scan?lang=en`);
  await page.getByLabel('Upload photo').setInputFiles(file);
  await page.waitForURL(/\/01\/08801234567893\/10\/L261117A/, { timeout: 20000 });
  await page.getByRole('heading', { name: 'Processing', exact: true }).waitFor();
  assert.deepEqual(problems, []);
});

test('a QR for another website is shown with its host, never followed', async () => {
  const file = await qrPng('external.png', 'https://example.com/promo?x=1');
  const { page } = await newPage(browser);
  await page.goto(`${server.base}/scan?lang=en`);
  await page.getByLabel('Upload photo').setInputFiles(file);
  await page.getByText('example.com').first().waitFor();
  await page.getByRole('link', { name: /open/i }).waitFor();
  assert.match(page.url(), /\/scan/);
});
