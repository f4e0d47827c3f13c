// `cargo xtask bench scan`: the scan screen's decoder against open-source web scanners,
// side by side in one headless Chromium.
//
//   cd tests/e2e && LOTTRACE_SERVER=… LOTTRACE_DIST=… node ../bench/scan.mjs
//   (or from anywhere: node tests/bench/scan.mjs; modules resolve from tests/e2e)
//
// 1. Still images: the zxing-cpp samples (../shared/fixtures/external/zxing-samples),
//    per format folder: success rate and median / p95 decode time per image, for this
//    app's worker decoder (rxing, loaded from the built dist through the real server)
//    and for zxing-wasm (zxing-cpp), @zxing/library and jsQR (QR only). Every decoder
//    starts from the same decoded ImageBitmap: the time covers pixels → text (for the
//    app, also the hop to the worker and back).
// 2. A 1280x720 camera frame with a QR in the middle: median decode time.
// 3. Time from opening the page to the first decode / to the trace page, with
//    Chromium's fake camera showing a pack QR: this app's /scan/ (to the trace page's
//    URL and to its timeline on screen), a minimal zxing-wasm
//    getUserMedia loop, and html5-qrcode — several runs each (min / median / max).
// 4. The scan route's transfer size (gzip -9).
// Prints a Markdown report and writes it to tests/bench/RESULTS-scan.md.
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const e2e = resolve(here, '../e2e');
const nm = join(e2e, 'node_modules');
const { startServer } = await import(pathToFileURL(join(e2e, 'support/server.mjs')));
const { launch } = await import(pathToFileURL(join(e2e, 'support/browser.mjs')));
const { qrFrame, writeY4m, fakeCameraFlags } = await import(pathToFileURL(join(e2e, 'support/camera.mjs')));

const SAMPLES = process.env.LOTTRACE_SAMPLES || resolve(here, '../../../shared/fixtures/external/zxing-samples');
const RUNS = Number(process.env.SCAN_BENCH_RUNS || 5);
const IMAGE_RUNS = Number(process.env.SCAN_BENCH_IMAGE_RUNS || 3);
const FORMATS = ['qrcode', 'ean13', 'datamatrix', 'code128'];

const out = [];
const say = (s = '') => { out.push(s); console.log(s); };

// ---------------------------------------------------------------- helpers
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
}
const ms = (x) => (Number.isFinite(x) ? `${x < 10 ? x.toFixed(1) : Math.round(x)} ms` : '–');
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const mmm = (xs) => (xs.length ? `${ms(Math.min(...xs))} / ${ms(median(xs))} / ${ms(Math.max(...xs))}` : 'no decode');

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.json': 'application/json' };

function samples() {
  if (!existsSync(join(SAMPLES, 'manifest.json'))) return null;
  const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8'));
  const byFormat = {};
  for (const img of manifest.images) {
    const folder = img.file.split('/')[0];
    const fmt = FORMATS.find((f) => folder.startsWith(`${f}-`));
    if (!fmt || !existsSync(join(SAMPLES, img.file))) continue;
    // The expected text is the .txt next to the image (manifest.json has a copy).
    const txt = join(SAMPLES, img.file.replace(/\.[^.]+$/, '.txt'));
    const expected = existsSync(txt) ? readFileSync(txt, 'utf8') : img.expected;
    (byFormat[fmt] ||= []).push({ file: img.file, expected });
  }
  return byFormat;
}

// ---------------------------------------------------------------- the peers' pages
const PEERS_HTML = `<!doctype html><meta charset=utf-8><title>peers</title>
<script src="/nm/@zxing/library/umd/index.min.js"></script>
<script src="/nm/jsqr/dist/jsQR.js"></script>
<script type=module>
import { prepareZXingModule, readBarcodes } from '/nm/zxing-wasm/dist/es/reader/index.js';
prepareZXingModule({ overrides: { locateFile: (p, prefix) => p.endsWith('.wasm') ? '/nm/zxing-wasm/dist/reader/zxing_reader.wasm' : prefix + p }, fireImmediately: true });
window.readBarcodes = readBarcodes;
window.peersReady = true;
</script>`;

// Minimal camera loops: open the camera, decode frames until the first result.
const ZXING_CAM_HTML = `<!doctype html><meta charset=utf-8><title>zxing-wasm camera</title>
<video id=v autoplay muted playsinline></video>
<script type=module>
import { prepareZXingModule, readBarcodes } from '/nm/zxing-wasm/dist/es/reader/index.js';
prepareZXingModule({ overrides: { locateFile: (p, prefix) => p.endsWith('.wasm') ? '/nm/zxing-wasm/dist/reader/zxing_reader.wasm' : prefix + p } });
const v = document.getElementById('v');
v.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } } });
await v.play();
const c = new OffscreenCanvas(1, 1);
const ctx = c.getContext('2d', { willReadFrequently: true });
async function tick() {
  if (v.videoWidth) {
    c.width = v.videoWidth; c.height = v.videoHeight;
    ctx.drawImage(v, 0, 0);
    const r = await readBarcodes(ctx.getImageData(0, 0, c.width, c.height), { formats: ['QRCode'], maxNumberOfSymbols: 1 });
    if (r.length) { window.__decodedAt = performance.now(); window.__text = r[0].text; return; }
  }
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
</script>`;

const HTML5_CAM_HTML = `<!doctype html><meta charset=utf-8><title>html5-qrcode</title>
<div id=reader style="width:640px"></div>
<script src="/nm/html5-qrcode/html5-qrcode.min.js"></script>
<script>
const h = new Html5Qrcode('reader');
h.start({ facingMode: 'environment' }, { fps: 10, qrbox: 250 }, (text) => {
  if (!window.__decodedAt) { window.__decodedAt = performance.now(); window.__text = text; }
}, () => {});
</script>`;

function startBenchServer() {
  const srv = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (body, type) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
    if (url.pathname === '/peers.html') return send(PEERS_HTML, MIME['.html']);
    if (url.pathname === '/zxing-cam.html') return send(ZXING_CAM_HTML, MIME['.html']);
    if (url.pathname === '/html5-cam.html') return send(HTML5_CAM_HTML, MIME['.html']);
    let file = null;
    if (url.pathname.startsWith('/nm/')) file = join(nm, decodeURIComponent(url.pathname.slice(4)));
    if (url.pathname.startsWith('/fixtures/')) file = join(SAMPLES, decodeURIComponent(url.pathname.slice(10)));
    if (file && !file.includes('..') && existsSync(file) && statSync(file).isFile()) {
      return send(readFileSync(file), MIME[extname(file).toLowerCase()] || 'application/octet-stream');
    }
    res.writeHead(404); res.end();
  });
  return new Promise((r) => srv.listen(0, '127.0.0.1', () => r({ srv, base: `http://127.0.0.1:${srv.address().port}` })));
}

// ---------------------------------------------------------------- in-page decoders
// Runs in the app's origin: this app's decode worker, from the built dist.
async function appDecodeAll({ items, runs }) {
  const worker = new Worker('/decode-worker_loader.js', { type: 'module' });
  let next = 1;
  const waiting = new Map();
  await new Promise((ready, fail) => {
    worker.onmessage = (e) => {
      if (e.data && e.data.ready) return ready();
      const w = waiting.get(e.data.id);
      if (w) { waiting.delete(e.data.id); w(e.data); }
    };
    // A trap in the worker (a panic: panic=abort) ends the run with the image's name,
    // instead of waiting for a reply that never comes.
    worker.onerror = (e) => {
      fail(new Error(`worker: ${e.message}`));
      for (const w of waiting.values()) w({ ok: false, died: e.message || 'error' });
      waiting.clear();
    };
  });
  const decode = (bitmap, mode) => new Promise((r) => {
    const id = next++;
    waiting.set(id, r);
    worker.postMessage({ id, image: bitmap, mode, pass: 0 }, [bitmap]);
  });
  const results = [];
  for (const it of items) {
    const blob = await (await fetch(it.url)).blob();
    const times = [];
    let reply;
    for (let i = 0; i < runs; i++) {
      const bitmap = await createImageBitmap(blob);
      const t0 = performance.now();
      reply = await decode(bitmap, it.mode || 'photo');
      if (reply.died) throw new Error(`the decode worker died (${reply.died}) on ${it.url}`);
      times.push(performance.now() - t0);
    }
    results.push({ text: reply.ok ? reply.text : null, times });
  }
  worker.terminate();
  return results;
}

// Runs in the peers page: the same images through zxing-wasm, @zxing/library, jsQR.
async function peersDecodeAll({ items, runs, which, formats }) {
  const canvas = new OffscreenCanvas(1, 1);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const pixels = (bitmap) => {
    canvas.width = bitmap.width; canvas.height = bitmap.height;
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  };
  let zx;
  if (which === 'zxing-js') {
    const hints = new Map();
    const F = ZXing.BarcodeFormat;
    hints.set(ZXing.DecodeHintType.POSSIBLE_FORMATS, [F.QR_CODE, F.DATA_MATRIX, F.EAN_13, F.EAN_8, F.UPC_A, F.CODE_128, F.RSS_14, F.RSS_EXPANDED]);
    hints.set(ZXing.DecodeHintType.TRY_HARDER, true);
    zx = new ZXing.MultiFormatReader();
    zx.setHints(hints);
  }
  const decoders = {
    'zxing-wasm': async (img) => {
      const r = await readBarcodes(img, { formats, maxNumberOfSymbols: 1 });
      return r.length ? r[0].text : null;
    },
    'zxing-js': async (img) => {
      const n = img.width * img.height;
      const lum = new Uint8ClampedArray(n);
      const d = img.data;
      for (let i = 0; i < n; i++) lum[i] = (d[i * 4] * 77 + d[i * 4 + 1] * 150 + d[i * 4 + 2] * 29 + 128) >> 8;
      try {
        const src = new ZXing.RGBLuminanceSource(lum, img.width, img.height);
        return zx.decodeWithState(new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(src))).getText();
      } catch { return null; }
    },
    jsqr: async (img) => {
      const r = jsQR(img.data, img.width, img.height);
      return r ? r.data : null;
    },
  };
  const decode = decoders[which];
  // Warm up (zxing-wasm compiles its module on first use).
  if (which === 'zxing-wasm') await readBarcodes(new ImageData(8, 8), { formats });
  const results = [];
  for (const it of items) {
    const blob = await (await fetch(it.url)).blob();
    const bitmap = await createImageBitmap(blob);
    const times = [];
    let text;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      text = await decode(pixels(bitmap));
      times.push(performance.now() - t0);
    }
    bitmap.close();
    results.push({ text, times });
  }
  return results;
}

const matches = (got, expected) => got != null && (got === expected || `0${got}` === expected || got === expected.replace(/\r\n/g, '\n'));

// ---------------------------------------------------------------- main
const server = await startServer();
const bench = await startBenchServer();
const dir = mkdtempSync(join(tmpdir(), 'lottrace-bench-scan-'));
const started = Date.now();
say('# Scan benchmark');
say();
say(`Headless Chromium (${process.env.CHROMIUM_PATH || '/usr/bin/chromium'}), ${cpus().length} CPU (${cpus()[0]?.model?.trim() || '?'}), ${new Date().toISOString()}.`);
say(`Times are wall-clock in the page; this machine is shared, so every timing is repeated (images ×${IMAGE_RUNS}, camera runs ×${RUNS}).`);
say();

const browser = await launch();
try {
  // ------------------------------------------------ 1. still images
  const sets = samples();
  if (!sets) {
    say(`Still images: skipped — no zxing-samples at ${SAMPLES} (manifest.json missing).`);
  } else {
    // No service worker: its fetches would bypass the fixture route below.
    const appPage = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    // Fixtures are served on the app's origin (its CSP allows only 'self').
    await appPage.route('**/__bench/fixtures/**', (route) => {
      const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace('/__bench/fixtures/', ''));
      const file = join(SAMPLES, rel);
      if (rel.includes('..') || !existsSync(file)) return route.fulfill({ status: 404 });
      return route.fulfill({ status: 200, body: readFileSync(file), contentType: MIME[extname(file).toLowerCase()] });
    });
    await appPage.goto(`${server.base}/bench-blank?lang=en`);
    const peersPage = await (await browser.newContext()).newPage();
    await peersPage.goto(`${bench.base}/peers.html`);
    await peersPage.waitForFunction(() => window.peersReady === true);
    const misses = {};
    const zxFormats = ['QRCode', 'DataMatrix', 'EAN13', 'EAN8', 'UPCA', 'Code128', 'DataBar', 'DataBarExpanded'];

    say('## Still images (zxing-cpp samples)');
    say();
    say('Success = decoded text equals the expected `.txt` exactly. Time per image: median of the per-image medians, and p95, over all images of the set (failures included: they take longest).');
    say();
    say('| set | images | decoder | success | median | p95 |');
    say('|---|---:|---|---:|---:|---:|');
    for (const fmt of FORMATS) {
      const list = sets[fmt] || [];
      if (!list.length) { say(`| ${fmt} | 0 | – | – | – | – |`); continue; }
      const enc = (f) => f.split('/').map(encodeURIComponent).join('/');
      const decoders = ['lottrace (rxing worker)', 'zxing-wasm', 'zxing-js', ...(fmt === 'qrcode' ? ['jsqr'] : [])];
      const read = {};
      for (const name of decoders) {
        let res;
        if (name.startsWith('lottrace')) {
          res = await appPage.evaluate(appDecodeAll, { items: list.map((i) => ({ url: `/__bench/fixtures/${enc(i.file)}` })), runs: IMAGE_RUNS });
        } else {
          res = await peersPage.evaluate(peersDecodeAll, { items: list.map((i) => ({ url: `/fixtures/${enc(i.file)}` })), runs: IMAGE_RUNS, which: name, formats: zxFormats });
        }
        read[name] = res.map((r, i) => matches(r.text, list[i].expected));
        const ok = read[name].filter(Boolean).length;
        const per = res.map((r) => median(r.times));
        say(`| ${fmt} | ${list.length} | ${name} | ${ok}/${list.length} (${Math.round((100 * ok) / list.length)} %) | ${ms(median(per))} | ${ms(quantile(per, 0.95))} |`);
        if (process.env.SCAN_BENCH_VERBOSE && name.startsWith('lottrace')) {
          res.forEach((r, i) => { if (!matches(r.text, list[i].expected)) console.error(`  miss ${list[i].file}: ${JSON.stringify(r.text)}`); });
        }
      }
      const ours = read[decoders[0]];
      const theirs = read['zxing-wasm'];
      misses[fmt] = {
        onlyZxing: list.filter((_, i) => theirs[i] && !ours[i]).map((i) => i.file),
        onlyOurs: list.filter((_, i) => ours[i] && !theirs[i]).map((i) => i.file),
      };
    }
    say();
    say('Images only one of lottrace and zxing-wasm reads:');
    say();
    for (const [fmt, m] of Object.entries(misses)) {
      say(`- ${fmt}: only zxing-wasm ${m.onlyZxing.length ? m.onlyZxing.map((f) => `\`${f}\``).join(', ') : '—'}; only lottrace ${m.onlyOurs.length ? m.onlyOurs.map((f) => `\`${f}\``).join(', ') : '—'}`);
    }
    say();

    // ------------------------------------------------ 2. a camera frame
    const frame = await qrFrame(server.demoUrls()[0]);
    const rgba = (f) => {
      const d = new Uint8Array(f.width * f.height * 4);
      for (let i = 0; i < f.width * f.height; i++) { d[i * 4] = d[i * 4 + 1] = d[i * 4 + 2] = f.luma[i]; d[i * 4 + 3] = 255; }
      return Buffer.from(d).toString('base64');
    };
    const frameArg = { w: frame.width, h: frame.height, b64: rgba(frame), runs: 20 };
    const appFrame = await appPage.evaluate(async ({ w, h, b64, runs }) => {
      const bytes = Uint8ClampedArray.from(atob(b64), (c) => c.charCodeAt(0));
      const img = new ImageData(bytes, w, h);
      const worker = new Worker('/decode-worker_loader.js', { type: 'module' });
      await new Promise((r) => { worker.onmessage = (e) => e.data.ready && r(); });
      const times = []; let text = null;
      for (let i = 0; i < runs; i++) {
        const bitmap = await createImageBitmap(img);
        const t0 = performance.now();
        const reply = await new Promise((r) => { worker.onmessage = (e) => r(e.data); worker.postMessage({ id: i + 1, image: bitmap, mode: 'frame', pass: i }, [bitmap]); });
        times.push(performance.now() - t0);
        text = reply.ok ? reply.text : null;
      }
      worker.terminate();
      return { times, text };
    }, frameArg);
    const zxFrame = await peersPage.evaluate(async ({ w, h, b64, runs }) => {
      const bytes = Uint8ClampedArray.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new ImageData(bytes, w, h));
      const c = new OffscreenCanvas(w, h); const ctx = c.getContext('2d', { willReadFrequently: true });
      const times = []; let text = null;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        ctx.drawImage(bitmap, 0, 0);
        const r = await readBarcodes(ctx.getImageData(0, 0, w, h), { formats: ['QRCode', 'DataMatrix', 'EAN13', 'EAN8', 'UPCA', 'Code128', 'DataBar', 'DataBarExpanded'], maxNumberOfSymbols: 1 });
        times.push(performance.now() - t0);
        text = r.length ? r[0].text : null;
      }
      return { times, text };
    }, frameArg);
    say('## A 1280x720 camera frame (pack QR, 360 px, centred)');
    say();
    say('| decoder | decoded | min / median / max (20 runs) |');
    say('|---|---|---:|');
    say(`| lottrace (rxing worker, frame mode: centre first) | ${appFrame.text ? 'yes' : 'no'} | ${mmm(appFrame.times)} |`);
    say(`| zxing-wasm (same formats, defaults) | ${zxFrame.text ? 'yes' : 'no'} | ${mmm(zxFrame.times)} |`);
    say();
    say(`Ratio of medians, lottrace / zxing-wasm: ${(median(appFrame.times) / median(zxFrame.times)).toFixed(2)} (target ≤ 1.5).`);
    say();
  }
} finally {
  await browser.close();
}

// ------------------------------------------------ 3. time to decode with a camera
{
  const y4m = writeY4m(join(dir, 'pack.y4m'), await qrFrame(server.demoUrls()[0]), 10);
  const cam = await launch(fakeCameraFlags(y4m));
  const trace = /\/01\/08801234567893\/10\/L261117A/;
  const app = { decode: [], trace: [], timeline: [], full: [] };
  // Where the app's time goes, per run: the scan page's performance marks (its inline
  // script's: scan.html; the app's: src/scan/client.rs) and the resource timing of the
  // scan app's WASM. The scan page is left with a page load: it keeps what it measured
  // in sessionStorage as it is hidden, and the trace page reads it.
  const STAGES = [
    ['decode worker created (page script)', 'scan:worker-start'],
    ['camera requested (page script)', 'scan:camera-request'],
    ['scan app WASM downloaded', 'app-wasm'],
    ['scan app started', 'scan:app'],
    ['camera stream', 'scan:stream'],
    ['worker ready (its WASM loaded)', 'scan:worker-ready'],
    ['first frame asked of the worker (from its camera feed, or a preview bitmap sent)', 'scan:first-frame'],
    ['decoded', 'scan:decoded'],
    ['page load of the trace page starts ("found" highlight drawn)', 'scan:leave'],
  ];
  const stages = Object.fromEntries(STAGES.map(([, k]) => [k, []]));
  const RECORD = () => {
    if (location.pathname.startsWith('/scan')) {
      addEventListener('pagehide', () => {
        const marks = Object.fromEntries(performance.getEntriesByType('mark').map((e) => [e.name, e.startTime]));
        const wasm = performance.getEntriesByType('resource').find((e) => /\/scan\/lottrace-scan-[^/]*_bg\.wasm$/.test(e.name));
        if (wasm) marks['app-wasm'] = wasm.responseEnd;
        sessionStorage.setItem('scanPage', JSON.stringify({ origin: performance.timeOrigin, marks }));
      });
      return;
    }
    // The trace page: when a timeline is on screen (the early text one index.html
    // paints, or the app's), and when the app's full page is.
    const check = () => {
      const h2 = document.querySelector('ol.timeline h2');
      if (window.__timelineAt === undefined && h2 && h2.getBoundingClientRect().height > 0) window.__timelineAt = performance.now();
      if (window.__appAt === undefined && document.querySelector('article.trace:not(.early) ol.timeline h2')) window.__appAt = performance.now();
      return window.__timelineAt !== undefined && window.__appAt !== undefined;
    };
    const mo = new MutationObserver(() => { if (check()) mo.disconnect(); });
    document.addEventListener('DOMContentLoaded', () => { if (!check()) mo.observe(document.body, { childList: true, subtree: true }); });
  };
  const zx = [];
  const h5 = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      {
        const ctx = await cam.newContext();
        const page = await ctx.newPage();
        await page.addInitScript(RECORD);
        await page.goto(`${server.base}/scan/?lang=en`);
        await page.waitForURL(trace, { timeout: 30000 });
        await page.waitForFunction(() => window.__appAt !== undefined, null, { timeout: 30000, polling: 20 });
        const r = await page.evaluate(() => ({
          scan: JSON.parse(sessionStorage.getItem('scanPage')),
          origin: performance.timeOrigin,
          timeline: window.__timelineAt,
          full: window.__appAt,
        }));
        // On the scan page's clock: the trace page's navigation starts at its timeOrigin.
        const shift = r.origin - r.scan.origin;
        app.trace.push(shift);
        app.timeline.push(shift + r.timeline);
        app.full.push(shift + r.full);
        for (const [, k] of STAGES) if (Number.isFinite(r.scan.marks[k])) stages[k].push(r.scan.marks[k]);
        await ctx.close();
      }
      for (const [url, list] of [[`${bench.base}/zxing-cam.html`, zx], [`${bench.base}/html5-cam.html`, h5]]) {
        const ctx = await cam.newContext();
        const page = await ctx.newPage();
        await page.goto(url);
        try {
          await page.waitForFunction(() => window.__decodedAt, null, { timeout: 30000 });
          list.push(await page.evaluate(() => window.__decodedAt));
        } catch { /* no decode in 30 s: counted as missing */ }
        await ctx.close();
      }
    }
  } finally {
    await cam.close();
  }
  say('## Time to result with a camera (fake camera, 1280x720, pack QR)');
  say();
  say('From the start of navigation (`performance.timeOrigin`) to the moment named; a fresh browser context per run (nothing cached).');
  say();
  say(`| page | until | min / median / max (${RUNS} runs) |`);
  say('|---|---|---:|');
  say(`| lottrace /scan/ | first decode | ${mmm(stages['scan:decoded'])} |`);
  say(`| lottrace /scan/ | the trace page's URL (its page load starts) | ${mmm(app.trace)} |`);
  say(`| lottrace /scan/ | the trace page's timeline visible (early text timeline or the app's) | ${mmm(app.timeline)} |`);
  say(`| lottrace /scan/ | the trace page's full app page | ${mmm(app.full)} |`);
  say(`| minimal zxing-wasm getUserMedia loop | first decode | ${mmm(zx)} (${zx.length}/${RUNS} decoded) |`);
  say(`| html5-qrcode 2.3.8 (Html5Qrcode.start, fps 10, qrbox 250) | first decode | ${mmm(h5)} (${h5.length}/${RUNS} decoded) |`);
  say();
  say('Lottrace /scan/, where the time goes (from the start of navigation; min / median / max):');
  say();
  say('| moment | at |');
  say('|---|---:|');
  for (const [label, k] of STAGES) say(`| ${label} | ${mmm(stages[k])} |`);
  say(`| trace page URL (navigation start of the trace page) | ${mmm(app.trace)} |`);
  say(`| trace page timeline visible | ${mmm(app.timeline)} |`);
  say();
}

// ------------------------------------------------ 4. sizes
{
  // The scan route: the scan app (dist/scan/: page with its inline stylesheet and early
  // start script, glue JS, WASM) and the decode worker its page starts from a blob:
  // script (glue JS and WASM; Trunk's loader file is only the fallback). The shopper
  // app's files (the trace page) are fetched later, in the background, by the service
  // worker the scan app registers once the camera runs: reported apart.
  const dist = process.env.LOTTRACE_DIST;
  const kept = (f) => /\.(html|js|wasm|css)$/.test(f);
  const row = (f) => { const b = readFileSync(join(dist, f)); return { f, raw: b.length, gz: gzipSync(b, { level: 9 }).length }; };
  const app = readdirSync(join(dist, 'scan')).filter(kept).map((f) => row(`scan/${f}`));
  const root = readdirSync(dist).filter(kept).map(row);
  const worker = root.filter((r) => /^decode-worker(\.js|_bg\.wasm)$/.test(r.f));
  const shopper = root.filter((r) => !r.f.startsWith('decode-worker') && r.f !== 'sw.js');
  const sum = (rs, k) => rs.reduce((a, r) => a + r[k], 0);
  const route = [...app, ...worker];
  say('## Transfer of the scan route (gzip -9)');
  say();
  say('| file | raw | gzip |');
  say('|---|---:|---:|');
  for (const r of route) say(`| ${r.f} | ${kb(r.raw)} | ${kb(r.gz)} |`);
  say(`| **scan app** (page with inline CSS and early-start script, js, wasm) | ${kb(sum(app, 'raw'))} | ${kb(sum(app, 'gz'))} |`);
  say(`| **decode worker** (js, wasm) | ${kb(sum(worker, 'raw'))} | ${kb(sum(worker, 'gz'))} |`);
  say(`| **scan route total** | ${kb(sum(route, 'raw'))} | **${kb(sum(route, 'gz'))}** (target < 420 kB) |`);
  say(`| after the camera runs, in the background: the shopper app for the trace page (${shopper.map((r) => r.f).join(', ')}) | ${kb(sum(shopper, 'raw'))} | ${kb(sum(shopper, 'gz'))} |`);
  const zxw = readFileSync(join(nm, 'zxing-wasm/dist/reader/zxing_reader.wasm'));
  say(`| for scale: zxing-wasm reader .wasm alone | ${kb(zxw.length)} | ${kb(gzipSync(zxw, { level: 9 }).length)} |`);
  say();
}

say(`Bench took ${Math.round((Date.now() - started) / 1000)} s.`);
await server.stop();
bench.srv.close();
writeFileSync(join(here, 'RESULTS-scan.md'), `${out.join('\n')}\n`);
console.log(`\nwritten: ${join(here, 'RESULTS-scan.md')}`);
