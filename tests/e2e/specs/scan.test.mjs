// The scan screen: the live camera (Chromium's fake camera showing a generated QR),
// photo upload, typed entry, keyboard-wedge scanners, and what happens without a
// camera. Decoding is rxing in a worker, in the browser.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { qrFrame, writeY4m, fakeCameraFlags } from '../support/camera.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SAMPLES = join(here, '../../../../shared/fixtures/external/zxing-samples');
const PACK = /\/01\/08801234567893\/10\/L261117A/;

let server;
let browser; // no camera device at all: the denial path, uploads, typing
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
  await page.waitForURL(PACK, { timeout: 20000 });
  await page.getByRole('heading', { name: 'Processing', exact: true }).waitFor();
  assert.deepEqual(problems, []);
});

// The worker starts from a small blob: script that fetches its WASM alongside its glue
// JS; where a blob: URL cannot be made, or the blob worker fails before it is ready,
// from Trunk's loader. All decode.
test('the decoder worker starts from a blob script, or from the loader file as a fallback', async () => {
  const file = await qrPng('pack-worker.png', server.demoUrls()[0]);
  const urls = {};
  for (const mode of ['blob', 'loader', 'broken-blob']) {
    const { page, problems } = await newPage(browser);
    await page.addInitScript((mode) => {
      window.__workerUrls = [];
      const W = window.Worker;
      window.Worker = function (url, options) {
        window.__workerUrls.push(String(url));
        return new W(url, options);
      };
      if (mode === 'loader') URL.createObjectURL = () => { throw new Error('blob: URLs blocked'); };
      if (mode === 'broken-blob') {
        const make = URL.createObjectURL.bind(URL);
        URL.createObjectURL = () => make(new Blob(['throw new Error("blob worker refused")'], { type: 'text/javascript' }));
      }
    }, mode);
    await page.goto(`${server.base}/scan?lang=en`);
    await page.getByLabel('Upload photo').setInputFiles(file);
    await page.waitForURL(PACK, { timeout: 20000 });
    urls[mode] = await page.evaluate(() => window.__workerUrls);
    assert.deepEqual(problems, []);
  }
  assert.match(urls.blob[0], /^blob:/);
  assert.equal(urls.blob.length, 1);
  assert.match(urls.loader[0], /\/decode-worker_loader\.js$/);
  assert.equal(urls['broken-blob'].length, 2);
  assert.match(urls['broken-blob'][0], /^blob:/);
  assert.match(urls['broken-blob'][1], /\/decode-worker_loader\.js$/);
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

test('without a camera: why, what to do, and both fallbacks in view', async () => {
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}/scan?lang=en`);
  const alert = page.getByRole('alert').filter({ hasText: 'The camera is not available' });
  await alert.waitFor({ timeout: 15000 });
  assert.match(await alert.innerText(), /No camera was found|not allowed|could not start|another app/i);
  await page.getByRole('button', { name: 'Try the camera again' }).waitFor();
  assert.ok(await page.getByText('Upload photo').isVisible());
  assert.ok(await page.getByLabel('Code on the label').isVisible());
  assert.deepEqual(problems, []);
});

test('photos of a DataMatrix and a product EAN-13: text shown as text, the EAN as a product', async (t) => {
  const dm = join(SAMPLES, 'datamatrix-1/C40.png');
  const ean = join(SAMPLES, 'ean13-1/10.webp');
  if (!existsSync(dm) || !existsSync(ean)) {
    t.skip(`zxing-samples fixtures not found under ${SAMPLES}`);
    return;
  }
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}/scan?lang=en`);
  await page.getByLabel('Upload photo').setInputFiles(dm);
  await page.getByText('Testing C40').waitFor({ timeout: 20000 });
  await page.getByText('This code is not a trace code.').waitFor();

  await page.getByLabel('Upload photo').setInputFiles(ean);
  await page.getByText('This is the product barcode').waitFor({ timeout: 20000 });
  await page.getByText('08480010001136').waitFor();
  assert.match(page.url(), /\/scan/);
  assert.deepEqual(problems, []);
});

// Photos the first look (hybrid binarizer, as is) misses: the worker's later passes read
// them — the global-histogram binarizer, half size, double size.
test('hard photos: low contrast, JPEG noise, a tightly cropped small EAN-13', async (t) => {
  const files = {
    global: join(SAMPLES, 'qrcode-2/28.webp'),
    half: join(SAMPLES, 'qrcode-2/#1086.png'),
    double: join(SAMPLES, 'ean13-1/34.webp'),
  };
  if (!Object.values(files).every(existsSync)) {
    t.skip(`zxing-samples fixtures not found under ${SAMPLES}`);
    return;
  }
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}/scan?lang=en`);
  await page.getByLabel('Upload photo').setInputFiles(files.global);
  await page.getByText('www.webtech.co.jp').first().waitFor({ timeout: 20000 });

  await page.getByLabel('Upload photo').setInputFiles(files.half);
  await page.getByText('H15-03-34').waitFor({ timeout: 20000 });

  await page.getByLabel('Upload photo').setInputFiles(files.double);
  await page.getByText(/9781558604971/).first().waitFor({ timeout: 20000 });
  assert.match(page.url(), /\/scan/);
  assert.deepEqual(problems, []);
});

test('typing: a wrong check digit is explained as you type; a valid element string opens the trace', async () => {
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}/scan?lang=en`);
  const field = page.getByLabel('Code on the label');
  await field.click();
  await field.pressSequentially('08801234567890', { delay: 60 });
  await page.getByText('The last digit (check digit) does not match').waitFor({ timeout: 5000 });
  assert.match(page.url(), /\/scan/);

  await field.fill('(01)08801234567893(10)L261117A');
  await page.getByRole('button', { name: 'Show trace' }).click();
  await page.waitForURL(PACK, { timeout: 15000 });
  assert.deepEqual(problems, []);
});

test('a keyboard-wedge scanner (fast keys, then Enter) anywhere on the screen opens the trace', async () => {
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}/scan?lang=en`);
  await page.getByRole('heading', { name: 'Scan a label' }).waitFor();
  // The screen has settled (camera attempt over, decoder started): a real scanner is
  // used on a page that is up, and a busy start would stretch the keystrokes' gaps.
  await page.getByRole('alert').filter({ hasText: 'The camera is not available' }).waitFor({ timeout: 15000 });
  await page.keyboard.type(server.demoUrls()[0], { delay: 5 });
  await page.keyboard.press('Enter');
  await page.waitForURL(PACK, { timeout: 15000 });
  assert.deepEqual(problems, []);
});

describe('with a camera', () => {
  let camBrowser;
  before(async () => {
    const y4m = writeY4m(join(dir, 'pack.y4m'), await qrFrame(server.demoUrls()[0]), 10);
    camBrowser = await launch(fakeCameraFlags(y4m));
  });
  after(async () => {
    await camBrowser?.close();
  });

  test('pointing the camera at a pack QR opens its trace page', async () => {
    const { page, problems } = await newPage(camBrowser);
    await page.goto(`${server.base}/scan?lang=en`);
    await page.waitForURL(PACK, { timeout: 20000 });
    await page.getByRole('heading', { name: 'Processing', exact: true }).waitFor();
    assert.deepEqual(problems, []);
  });

  test('the start is marked for profiling, camera and decoder in parallel', async () => {
    const { page, problems } = await newPage(camBrowser);
    await page.goto(`${server.base}/scan?lang=en`);
    await page.waitForURL(PACK, { timeout: 20000 });
    const at = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
    for (const name of ['worker-start', 'camera-request', 'stream', 'first-frame', 'worker-ready', 'decoded']) {
      assert.ok(Number.isFinite(at[`scan:${name}`]), `mark scan:${name}`);
    }
    // The worker is started before the camera is asked for, not after the stream came.
    assert.ok(at['scan:worker-start'] <= at['scan:camera-request']);
    assert.ok(at['scan:camera-request'] <= at['scan:stream']);
    assert.ok(Math.max(at['scan:first-frame'], at['scan:worker-ready']) <= at['scan:decoded']);
    assert.deepEqual(problems, []);
  });

  test('the camera is released when the scan screen is left', async () => {
    const { page, problems } = await newPage(camBrowser);
    await page.addInitScript(() => {
      window.__streams = [];
      const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (c) => {
        const s = await gum(c);
        window.__streams.push(s);
        return s;
      };
    });
    await page.goto(`${server.base}/scan?lang=en`);
    await page.waitForURL(PACK, { timeout: 20000 });
    const states = () => page.evaluate(() => window.__streams.flatMap((s) => s.getTracks().map((t) => t.readyState)));
    assert.ok((await states()).length > 0, 'the camera was opened');
    await page.waitForFunction(() => window.__streams.every((s) => s.getTracks().every((t) => t.readyState === 'ended')), null, { timeout: 5000 });
    assert.deepEqual([...new Set(await states())], ['ended']);
    assert.deepEqual(problems, []);
  });
});

// The decode worker has no charset tables of its own: text in Shift_JIS, Big5, GBK or an
// ECI code page is decoded by the browser's TextDecoder through the worker's stand-in
// for encoding_rs (scan-worker/charsets/). These samples only read if that path works.
describe('text in other charsets than UTF-8', () => {
  const samples = [
    // Japanese: Shift_JIS (the QR default rxing guesses for it, or Kanji mode).
    { file: 'qrcode-2/31.webp', text: '今度のバージョンでは文章の暗号化ができます。' },
    // Traditional Chinese in a contact card.
    { file: 'qrcode-2/30.png', text: 'MECARD:N:測試;;' },
    // DataMatrix with ECI: "¶" in ISO-8859-1, then "Ж" in ISO-8859-5 (ECI 7).
    { file: 'datamatrix-1/eci.png', text: '¶Ж' },
  ];

  for (const { file, text } of samples) {
    test(`${file} decodes to its text`, async (t) => {
      const path = join(SAMPLES, file);
      if (!existsSync(path)) {
        t.skip(`zxing-samples fixture ${file} not found under ${SAMPLES}`);
        return;
      }
      const { page, problems } = await newPage(browser);
      await page.goto(`${server.base}/scan?lang=en`);
      await page.getByLabel('Upload photo').setInputFiles(path);
      await page.getByText(text, { exact: true }).waitFor({ timeout: 20000 });
      assert.match(page.url(), /\/scan/);
      assert.deepEqual(problems, []);
    });
  }
});
