// The scan screen, an app of its own under /scan/ (and at the old path /scan): the live
// camera (Chromium's fake camera showing a generated QR), photo upload, typed entry,
// keyboard-wedge scanners, and what happens without a camera. Decoding is rxing in a
// worker, in the browser. A code that names a lot loads the shopper app's trace page.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { launch, newPage } from '../support/browser.mjs';
import { wedgeScan } from '../support/wedge.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { qrFrame, writeY4m, fakeCameraFlags } from '../support/camera.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SAMPLES = join(here, '../../../../shared/fixtures/external/zxing-samples');
const PACK = /\/01\/08801234567893\/10\/L261117A/;
const SCAN = '/scan/?lang=en';

let server;
let browser; // no camera device at all: the denial path, uploads, typing
const dir = mkdtempSync(join(tmpdir(), 'lottrace-scan-'));

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
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
  await page.goto(`${server.base}${SCAN}`);
  await page.getByLabel('Upload photo').setInputFiles(file);
  await page.waitForURL(PACK, { timeout: 20000 });
  await page.getByRole('heading', { name: 'Processing', exact: true }).waitFor();
  assert.deepEqual(problems, []);
});

// The page's inline script starts the worker from a small blob: script that fetches its
// WASM alongside its glue JS; where a blob: URL cannot be made, from Trunk's loader; a
// blob worker that fails before it is ready is replaced (by the app) by one from the
// loader. All decode, and each page starts one worker only.
test('the decoder worker starts from a blob script, or from the loader file as a fallback', async () => {
  const file = await qrPng('pack-worker.png', server.demoUrls()[0]);
  const urls = {};
  for (const mode of ['blob', 'loader', 'broken-blob']) {
    const { page, problems } = await newPage(browser);
    await page.addInitScript((mode) => {
      if (!location.pathname.startsWith('/scan')) return;
      window.__workerUrls = [];
      // Read on the trace page the scan page leaves for.
      addEventListener('pagehide', () => sessionStorage.setItem('workerUrls', JSON.stringify(window.__workerUrls)));
      const W = window.Worker;
      window.Worker = function (url, options) {
        window.__workerUrls.push(String(url));
        return new W(url, options);
      };
      window.Worker.prototype = W.prototype;
      if (mode === 'loader') URL.createObjectURL = () => { throw new Error('blob: URLs blocked'); };
      if (mode === 'broken-blob') {
        const make = URL.createObjectURL.bind(URL);
        URL.createObjectURL = () => make(new Blob(['throw new Error("blob worker refused")'], { type: 'text/javascript' }));
      }
    }, mode);
    await page.goto(`${server.base}${SCAN}`);
    await page.getByLabel('Upload photo').setInputFiles(file);
    await page.waitForURL(PACK, { timeout: 20000 });
    urls[mode] = await page.evaluate(() => JSON.parse(sessionStorage.getItem('workerUrls')));
    assert.deepEqual(problems, []);
  }
  assert.match(urls.blob[0], /^blob:/);
  assert.equal(urls.blob.length, 1);
  assert.match(urls.loader[0], /\/decode-worker_loader\.js$/);
  assert.equal(urls['broken-blob'].length, 2);
  assert.match(urls['broken-blob'][0], /^blob:/);
  assert.match(urls['broken-blob'][1], /\/decode-worker_loader\.js$/);
});

test('the old path /scan, the home page\'s link and the language links lead to the scan screen', async () => {
  const { page, problems } = await newPage(browser);
  // Old bookmarks and printed links: served the scan app as they are, query kept.
  await page.goto(`${server.base}/scan?lang=en`);
  await page.getByRole('heading', { name: 'Scan a label' }).waitFor();
  assert.match(page.url(), /\/scan\?lang=en$/);
  // Another language loads the page anew (the scan app has no router).
  await page.getByRole('link', { name: '中文' }).click();
  await page.getByRole('heading', { name: '扫描标签' }).waitFor();
  assert.match(page.url(), /\/scan\?lang=zh$/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh');
  // The shopper app's home links to the scan app with a page load.
  await page.goto(`${server.base}/?lang=en`);
  await page.getByRole('link', { name: 'Scan a label' }).click();
  await page.getByRole('heading', { name: 'Scan a label' }).waitFor();
  assert.match(page.url(), /\/scan\/\?lang=en$/);
  assert.deepEqual(problems, []);
});

// The scan app registers the service worker once the camera runs (here: at once, there
// is none); its install fetches the shopper app in the background, so the trace page a
// scan leads to comes from the cache, and the scanner opens offline next time.
test('the service worker prefetches the trace app, and the scanner opens offline', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`${server.base}${SCAN}`);
  await page.locator('.camera-problem').waitFor({ timeout: 15000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  const cached = await page.evaluate(async () => {
    const name = (await caches.keys()).find((n) => n.startsWith('lottrace-shell-'));
    return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
  });
  for (const file of [/^\/index\.html$/, /^\/lottrace-[^/]+_bg\.wasm$/, /^\/scan\/index\.html$/, /^\/scan\/lottrace-scan-[^/]+_bg\.wasm$/]) {
    assert.ok(cached.some((f) => file.test(f)), `${file} in ${cached.join(' ')}`);
  }
  await context.setOffline(true);
  await page.goto(`${server.base}/scan?lang=en`);
  await page.getByRole('heading', { name: 'Scan a label' }).waitFor({ timeout: 10000 });
  assert.deepEqual(problems, []);
});

test('a QR for another website is shown with its host, never followed', async () => {
  const file = await qrPng('external.png', 'https://example.com/promo?x=1');
  const { page } = await newPage(browser);
  await page.goto(`${server.base}${SCAN}`);
  await page.getByLabel('Upload photo').setInputFiles(file);
  await page.getByText('example.com').first().waitFor();
  await page.getByRole('link', { name: /open/i }).waitFor();
  assert.match(page.url(), /\/scan\//);
});

test('without a camera: why, what to do, and both fallbacks in view', async () => {
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}${SCAN}`);
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
  await page.goto(`${server.base}${SCAN}`);
  await page.getByLabel('Upload photo').setInputFiles(dm);
  await page.getByText('Testing C40').waitFor({ timeout: 20000 });
  await page.getByText('This code is not a trace code.').waitFor();

  await page.getByLabel('Upload photo').setInputFiles(ean);
  await page.getByText('This is the product barcode').waitFor({ timeout: 20000 });
  await page.getByText('08480010001136').waitFor();
  assert.match(page.url(), /\/scan\//);
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
  await page.goto(`${server.base}${SCAN}`);
  await page.getByLabel('Upload photo').setInputFiles(files.global);
  await page.getByText('www.webtech.co.jp').first().waitFor({ timeout: 20000 });

  await page.getByLabel('Upload photo').setInputFiles(files.half);
  await page.getByText('H15-03-34').waitFor({ timeout: 20000 });

  await page.getByLabel('Upload photo').setInputFiles(files.double);
  await page.getByText(/9781558604971/).first().waitFor({ timeout: 20000 });
  assert.match(page.url(), /\/scan\//);
  assert.deepEqual(problems, []);
});

test('typing: a wrong check digit is explained as you type; a valid element string opens the trace', async () => {
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}${SCAN}`);
  const field = page.getByLabel('Code on the label');
  await field.click();
  await field.pressSequentially('08801234567890', { delay: 60 });
  await page.getByText('The last digit (check digit) does not match').waitFor({ timeout: 5000 });
  assert.match(page.url(), /\/scan\//);

  await field.fill('(01)08801234567893(10)L261117A');
  await page.getByRole('button', { name: 'Show trace' }).click();
  await page.waitForURL(PACK, { timeout: 15000 });
  assert.deepEqual(problems, []);
});

test('a keyboard-wedge scanner (fast keys, then Enter) anywhere on the screen opens the trace', async () => {
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}${SCAN}`);
  await page.getByRole('heading', { name: 'Scan a label' }).waitFor();
  // The screen has settled (camera attempt over, decoder started): a real scanner is
  // used on a page that is up, and a busy start would stretch the keystrokes' gaps.
  await page.getByRole('alert').filter({ hasText: 'The camera is not available' }).waitFor({ timeout: 15000 });
  // Keys a few ms apart whatever the machine's load (typed from here, a busy test
  // machine stretches the gaps beyond a scanner's).
  await wedgeScan(page, server.demoUrls()[0]);
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
    await page.goto(`${server.base}${SCAN}`);
    await page.waitForURL(PACK, { timeout: 20000 });
    await page.getByRole('heading', { name: 'Processing', exact: true }).waitFor();
    assert.deepEqual(problems, []);
  });

  // The scan page is left with a page load: what it saw is kept in sessionStorage as it
  // is hidden (pagehide), for the test to read on the trace page.
  // `noProcessor`: a browser without MediaStreamTrackProcessor (Firefox, Safari).
  async function recordScanPage(page, { noProcessor = false } = {}) {
    await page.addInitScript((noProcessor) => {
      if (!location.pathname.startsWith('/scan')) return;
      const seen = { gum: 0, workers: 0, processors: 0, streams: [] };
      const P = window.MediaStreamTrackProcessor;
      if (noProcessor) delete window.MediaStreamTrackProcessor;
      else if (P) {
        window.MediaStreamTrackProcessor = function (init) {
          seen.processors += 1;
          return new P(init);
        };
      }
      const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (c) => {
        seen.gum += 1;
        const s = await gum(c);
        seen.streams.push(s);
        return s;
      };
      const W = window.Worker;
      window.Worker = function (url, options) {
        seen.workers += 1;
        return new W(url, options);
      };
      window.Worker.prototype = W.prototype;
      addEventListener('pagehide', () => {
        sessionStorage.setItem('scanPage', JSON.stringify({
          gum: seen.gum,
          workers: seen.workers,
          processors: seen.processors,
          tracks: seen.streams.flatMap((s) => s.getTracks().map((t) => t.readyState)),
          marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
        }));
      });
    }, noProcessor);
  }
  const scanPage = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('scanPage')));

  test('the page asks for the camera and starts the decoder before its WASM; the app adopts both', async () => {
    const { page, problems } = await newPage(camBrowser);
    await recordScanPage(page);
    await page.goto(`${server.base}${SCAN}`);
    await page.waitForURL(PACK, { timeout: 20000 });
    const seen = await scanPage(page);
    // One camera request and one worker: the app took over the page's, it did not
    // start its own.
    assert.equal(seen.gum, 1, JSON.stringify(seen));
    assert.equal(seen.workers, 1);
    // The worker reads the camera's frames itself (Chromium has the track processor).
    assert.equal(seen.processors, 1);
    const at = seen.marks;
    for (const name of ['worker-start', 'camera-request', 'stream', 'app', 'first-frame', 'worker-ready', 'decoded', 'leave']) {
      assert.ok(Number.isFinite(at[`scan:${name}`]), `mark scan:${name}`);
    }
    // Both were started before the app's WASM ran, not after.
    assert.ok(at['scan:worker-start'] <= at['scan:app']);
    assert.ok(at['scan:camera-request'] <= at['scan:app']);
    assert.ok(at['scan:camera-request'] <= at['scan:stream']);
    assert.ok(Math.max(at['scan:first-frame'], at['scan:worker-ready']) <= at['scan:decoded']);
    // The "found" highlight is drawn before the page is left.
    assert.ok(at['scan:decoded'] <= at['scan:leave']);
    assert.deepEqual(problems, []);
  });

  test('a browser without a track processor (Firefox, Safari): frames come from the preview', async () => {
    const { page, problems } = await newPage(camBrowser);
    await recordScanPage(page, { noProcessor: true });
    await page.goto(`${server.base}${SCAN}`);
    await page.waitForURL(PACK, { timeout: 20000 });
    const seen = await scanPage(page);
    assert.equal(seen.processors, 0);
    assert.ok(Number.isFinite(seen.marks['scan:first-frame']), 'a frame was grabbed');
    assert.deepEqual([...new Set(seen.tracks)], ['ended']);
    assert.deepEqual(problems, []);
  });

  test('the camera is released before the scan page is left', async () => {
    const { page, problems } = await newPage(camBrowser);
    await recordScanPage(page);
    await page.goto(`${server.base}${SCAN}`);
    await page.waitForURL(PACK, { timeout: 20000 });
    const { tracks } = await scanPage(page);
    assert.ok(tracks.length > 0, 'the camera was opened');
    assert.deepEqual([...new Set(tracks)], ['ended']);
    assert.deepEqual(problems, []);
  });

  test('back from the trace page, the scanner scans again', async () => {
    const { page, problems } = await newPage(camBrowser);
    await page.goto(`${server.base}${SCAN}`);
    await page.waitForURL(PACK, { timeout: 20000 });
    await page.getByRole('heading', { name: 'Processing', exact: true }).waitFor();
    await page.goBack();
    await page.waitForURL(/\/scan\//, { timeout: 10000 });
    await page.waitForURL(PACK, { timeout: 20000 });
    assert.deepEqual(problems, []);
  });

  // Headless Chromium reloads the page on "back" here; a phone may restore it from the
  // back/forward cache as it was left: "found", camera closed. That restore is played
  // here: the trace page's load is answered 204 (the browser stays on the scan page).
  test('restored from the back/forward cache, the scanner starts again', async () => {
    const { page, problems } = await newPage(camBrowser);
    await page.addInitScript(() => {
      window.__gum = 0;
      const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = (c) => { window.__gum += 1; return gum(c); };
    });
    await page.route(PACK, (route) => route.fulfill({ status: 204 }));
    await page.goto(`${server.base}${SCAN}`);
    const left = (n) => page.waitForFunction((n) => performance.getEntriesByName('scan:leave').length === n, n, { timeout: 20000 });
    await left(1);
    // (Locators would wait for the 204 "navigation" to finish.)
    await page.waitForFunction(() => document.querySelector('.found[role=status]')?.textContent.includes('Code found'));
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
    await left(2);
    assert.equal(await page.evaluate(() => window.__gum), 2);
    assert.match(page.url(), /\/scan\//);
    assert.deepEqual(problems, []);
  });

  test('the old path /scan still opens the scanner, in the language asked for', async () => {
    const { page, problems } = await newPage(camBrowser);
    await page.goto(`${server.base}/scan?lang=zh`);
    await page.waitForURL(PACK, { timeout: 20000 });
    // The trace page keeps the language.
    assert.match(page.url(), /[?&]lang=zh/);
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
