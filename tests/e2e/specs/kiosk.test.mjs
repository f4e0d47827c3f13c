// The retail kiosk (/kiosk): a touch panel beside the fish counter, on the real server
// with the demo chain. Attract screen at both panel orientations, keyboard-wedge scans,
// the keypad, the idle reset, no way out of the kiosk, the staff settings behind a PIN,
// the counter temperature, offline, and axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { savedCopy, traceReady } from '../support/trace-page.mjs';
import { qrFrame, writeY4m, fakeCameraFlags } from '../support/camera.mjs';
import { wedgeScan } from '../support/wedge.mjs';
import { startServer } from '../support/server.mjs';
import { declareRecall, PASSED_VERDICT, RECALL_SENTENCE, visibleGreens } from '../support/recall.mjs';

const AXE = fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url));
const PACK_A = '/01/08801234567893/10/L261117A';
const COUNTER = 'urn:epc:id:sgln:8801234.00006.1';
const landscape = { viewport: { width: 1920, height: 1080 } };
const portrait = { viewport: { width: 1080, height: 1920 } };

let server;
let browser;

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

// A server of its own where the demo's farm lot is recalled (so are both packs made
// from it): the recall must not reach the other tests.
let recalled;
before(async () => {
  recalled = await startServer();
  await declareRecall(recalled.base, { reason: 'Vibrio found in a sample' });
});
after(async () => { await recalled?.stop(); });

const ready = (page) => traceReady(page, '.kiosk');

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    if (r.passes.length < 10) return [{ id: 'axe-did-not-run', passes: r.passes.length }];
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

/** Holds the mouse down on the middle of `target` until the kiosk leaves for its settings. */
async function longPress(page, target) {
  const box = await target.boundingBox();
  assert.ok(box, 'the long-press target is on the screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForURL(/\/kiosk\/settings/, { timeout: 10000 });
  await page.mouse.up();
}

/** Visible controls smaller than 48 px either way. */
async function smallTargets(page) {
  return page.$$eval('.kiosk a, .kiosk button, .kiosk input, .kiosk summary', (els) => els
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => ({ e, r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 48 || r.height < 48)
    .map(({ e, r }) => `${e.outerHTML.slice(0, 60)} ${Math.round(r.width)}x${Math.round(r.height)}`));
}

for (const [name, size] of [['1920x1080', landscape], ['1080x1920', portrait]]) {
  test(`attract screen at ${name}: invitation in the store's languages, big targets, no shopper frame`, async () => {
    const { page, problems } = await newPage(browser, size);
    await page.goto(`${server.base}/kiosk`);
    await page.getByRole('heading', { level: 1, name: /라벨을 스캔하면/ }).waitFor();
    const others = await page.locator('.invite-others li').allInnerTexts();
    assert.ok(others.some((t) => /Scan the label/.test(t)), others.join(' | '));
    assert.ok(others.some((t) => /扫描标签/.test(t)), others.join(' | '));
    assert.equal(await page.locator('header.top, footer.foot').count(), 0);
    assert.deepEqual(await smallTargets(page), []);
    // Type readable from a metre: the invitation at least 36 px, body text at least 20 px.
    const h1 = await page.locator('h1').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    const body = await page.locator('.kiosk').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(h1 >= 36 && body >= 20, `h1 ${h1}px, body ${body}px`);
    // Nothing wider than the panel.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    await page.getByRole('button', { name: '번호 입력' }).click();
    assert.deepEqual(await smallTargets(page), []);
    assert.equal(await page.locator('.kiosk [style]').count(), 0);
    assert.deepEqual(problems, []);
  });
}

test('a keyboard-wedge scan on the attract screen opens the lot in the kiosk layout', async () => {
  const { page, problems } = await newPage(browser, landscape);
  await page.goto(`${server.base}/kiosk?lang=en`);
  await page.getByRole('heading', { level: 1, name: /Scan the label/ }).waitFor();
  await wedgeScan(page, `${server.base}${PACK_A}`);
  await ready(page);
  assert.equal(new URL(page.url()).pathname, `/kiosk${PACK_A}`);
  await page.getByRole('heading', { level: 1, name: '넙치 싱싱회' }).waitFor();
  await page.getByRole('button', { name: 'Scan another' }).waitFor();
  assert.equal(await page.locator('header.top, footer.foot, .share-button').count(), 0);
  // Contacts are QR codes for the shopper's phone, not links.
  assert.equal(await page.locator('a[href^="tel:"], a[href^="mailto:"]').count(), 0);
  assert.ok(await page.getByRole('img', { name: 'Scan with your phone to call' }).count() > 0);
  // A second scan from the lot screen opens the other pack.
  await wedgeScan(page, '(01)08801234567893(10)L261117B');
  await page.waitForURL(/\/kiosk\/01\/08801234567893\/10\/L261117B/);
  await page.getByText('푸른수산 마포점').first().waitFor();
  // Typing at a person's pace is not a scan.
  await page.keyboard.type('8801234567893', { delay: 150 });
  await page.keyboard.press('Enter');
  assert.match(page.url(), /L261117B/);
  // A web address on another host is shown as a QR code for the phone, never opened.
  await wedgeScan(page, 'https://shop.example/flounder-recipes');
  await page.getByRole('img', { name: 'Scan with your phone to open it' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/kiosk');
  assert.deepEqual(problems, []);
});

test('the keypad: GTIN and lot as printed, and a wrong 13-digit number explained', async () => {
  const { page, problems } = await newPage(browser, portrait);
  await page.goto(`${server.base}/kiosk?lang=en`);
  await page.getByRole('button', { name: 'Type the number' }).click();
  const keypad = page.getByRole('region', { name: 'Enter the number on the label' });
  // 13 digits whose "date" is month 90: the codes module says why.
  for (const d of '1234567890123') await keypad.getByRole('button', { name: d, exact: true }).click();
  await keypad.getByRole('button', { name: 'Show trace' }).click();
  await keypad.getByRole('alert').waitFor();
  assert.match(await keypad.getByRole('alert').innerText(), /date/i);
  await keypad.getByRole('button', { name: 'Product code and lot' }).click();
  for (const d of '8801234567893') await keypad.getByRole('button', { name: d, exact: true }).click();
  await keypad.getByRole('button', { name: /^Lot/ }).click();
  for (const c of 'L261117A') await keypad.getByRole('button', { name: c, exact: true }).click();
  await keypad.getByRole('button', { name: 'Show trace' }).click();
  await ready(page);
  assert.equal(new URL(page.url()).pathname, `/kiosk${PACK_A}`);
  assert.deepEqual(problems, []);
});

test('idle: activity keeps the lot; quiet returns to the attract screen and the lot is gone', async () => {
  const { page, problems } = await newPage(browser, landscape);
  await page.goto(`${server.base}/kiosk?idle=10&lang=en`);
  await page.getByRole('heading', { level: 1, name: /Scan the label/ }).waitFor();
  await wedgeScan(page, `${server.base}${PACK_A}`);
  await ready(page);
  // Someone is reading: touches and scrolling for longer than the timeout.
  for (let i = 0; i < 5; i += 1) {
    await page.waitForTimeout(3000);
    await page.mouse.move(400 + i * 10, 600);
    await page.mouse.wheel(0, 200);
  }
  assert.match(page.url(), /\/kiosk\/01\//);
  // Then nobody: back to the start, in the store's first language.
  await page.waitForURL((u) => u.pathname === '/kiosk', { timeout: 30000 });
  await page.getByRole('heading', { level: 1, name: /라벨을 스캔하면/ }).waitFor();
  assert.equal(await page.locator('article.trace').count(), 0);
  assert.equal(new URL(page.url()).searchParams.get('idle'), '10');
  // No history entry leads back to the lot.
  await page.goBack().catch(() => {});
  assert.doesNotMatch(page.url(), /\/01\//);
  assert.deepEqual(problems, []);
});

test('nothing on the lot screen leads out of the kiosk or opens a window', async () => {
  const { context, page, problems } = await newPage(browser, landscape);
  const popups = [];
  context.on('page', (p) => popups.push(p.url()));
  const lotUrl = `${server.base}/kiosk${PACK_A}?lang=en`;
  await page.goto(lotUrl);
  await ready(page);
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  const count = await page.locator('.kiosk a, .kiosk button, .kiosk summary').count();
  assert.ok(count > 10, `only ${count} controls`);
  for (let i = 0; i < count; i += 1) {
    if (!page.url().startsWith(lotUrl.split('?')[0])) {
      await page.goto(lotUrl);
      await ready(page);
      await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
    }
    const control = page.locator('.kiosk a, .kiosk button, .kiosk summary').nth(i);
    if (!(await control.count()) || !(await control.isVisible())) continue;
    await control.click({ modifiers: i % 3 === 0 ? ['Control'] : [] });
    await control.click({ button: 'middle' }).catch(() => {});
    assert.ok(page.url().startsWith(`${server.base}/kiosk`), `control ${i} led to ${page.url()}`);
  }
  assert.deepEqual(popups, []);
  assert.deepEqual(problems, []);
});

test('settings: first PIN, wrong PIN refused, store and idle changed, lock-out', async () => {
  const { page, problems } = await newPage(browser, landscape);
  await page.goto(`${server.base}/kiosk?lang=en`);
  await page.getByRole('heading', { level: 1, name: /Scan the label/ }).waitFor();
  // Staff with a keyboard: Ctrl+Shift+S.
  await page.keyboard.press('Control+Shift+KeyS');
  await page.getByRole('heading', { name: 'Kiosk settings' }).waitFor();
  // First use: the manager sets the PIN, twice.
  await page.getByLabel('New PIN', { exact: true }).fill('2468');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('The same PIN again').fill('2468');
  await page.getByRole('button', { name: 'Set the PIN' }).click();
  await page.getByLabel('Store name').fill('한빛마트 강남점');
  await page.getByLabel(/Return to the start after/).fill('5');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Enter 10 to 3600 seconds.').waitFor();
  await page.getByLabel(/Return to the start after/).fill('45');
  await page.getByLabel(/Counter location/).fill('8801234000063');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: /check digit/i }).waitFor();
  await page.getByLabel(/Counter location/).fill(COUNTER);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  // The PIN is stored only as a salted hash.
  const stored = await page.evaluate(() => localStorage.getItem('lottrace.kiosk.config'));
  assert.doesNotMatch(stored, /2468/);
  assert.match(stored, /"idle_secs":45/);
  await page.getByRole('button', { name: 'Back to the start' }).click();
  // Back in the store's first language, with the new name.
  await page.getByRole('heading', { level: 1, name: /라벨을 스캔하면/ }).waitFor();
  await page.getByText('한빛마트 강남점').waitFor();
  await page.goto(`${server.base}/kiosk?lang=en`);

  // Again, by a long press on the store name: the PIN is asked for.
  const name = page.locator('.kiosk-store');
  const box = await name.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForURL(/\/kiosk\/settings/, { timeout: 10000 });
  await page.mouse.up();
  await page.getByLabel('Staff PIN').fill('1111');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong PIN.' }).waitFor();
  await page.getByLabel('Staff PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  assert.equal(await page.getByLabel('Store name').inputValue(), '한빛마트 강남점');
  await page.getByRole('button', { name: 'Back to the start' }).click();
  await page.goto(`${server.base}/kiosk?lang=en`);

  // Five wrong PINs lock it for a while.
  await longPress(page, page.locator('.kiosk-attract .staff-mark'));
  await page.waitForURL(/\/kiosk\/settings/);
  for (let i = 0; i < 5; i += 1) {
    await page.getByLabel('Staff PIN').fill('0000');
    await page.getByRole('button', { name: 'Unlock' }).click();
  }
  await page.getByRole('alert').filter({ hasText: /Too many wrong PINs/ }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Unlock' }).isDisabled());
  assert.deepEqual(problems, []);
});

test('an attached camera reads a pack QR into the kiosk lot screen, and is released after', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lottrace-kiosk-cam-'));
  const camBrowser = await launch(fakeCameraFlags(writeY4m(join(dir, 'pack.y4m'), await qrFrame(server.demoUrls()[0]), 10)));
  try {
    const { page, problems } = await newPage(camBrowser, landscape);
    await page.addInitScript(() => {
      window.__streams = [];
      const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (c) => {
        const s = await gum(c);
        window.__streams.push(s);
        return s;
      };
    });
    await page.goto(`${server.base}/kiosk?lang=en`);
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await page.waitForURL((u) => u.pathname === `/kiosk${PACK_A}`, { timeout: 20000 });
    await ready(page);
    await page.waitForFunction(() => window.__streams.length > 0
      && window.__streams.every((s) => s.getTracks().every((t) => t.readyState === 'ended')), null, { timeout: 5000 });
    assert.deepEqual(problems, []);
  } finally {
    await camBrowser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the counter temperature is shown with the lot', async () => {
  const { page, problems } = await newPage(browser, portrait);
  await page.goto(`${server.base}/kiosk?lang=en&counter=${encodeURIComponent(COUNTER)}`);
  await page.getByRole('heading', { level: 1, name: /Scan the label/ }).waitFor();
  await wedgeScan(page, `${server.base}${PACK_A}`);
  await ready(page);
  const temp = page.getByRole('status').filter({ hasText: 'Counter temperature' });
  await temp.waitFor();
  // The time as recorded at the counter (+09:00), with the date when that is another day here.
  assert.match(await temp.innerText(), /Counter temperature: 1\.8 °C \([^)]*\d\d:\d\d\)/);
  assert.doesNotMatch(await temp.innerText(), /2 hours/);
  // The counter setting travels with the kiosk's addresses.
  assert.match(page.url(), /counter=/);
  assert.deepEqual(problems, []);
});

test('offline: a lot shown before opens from the saved copy, the attract screen says so calmly, and both recover', async () => {
  const { context, page, problems } = await newPage(browser, landscape);
  await page.goto(`${server.base}/kiosk${PACK_A}?lang=en`);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // The copy is saved in the background.
  await savedCopy(page, `${PACK_A.slice(1)}|en`);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('status').filter({ hasText: /Saved copy from .* — you are offline/ }).waitFor();
  await page.locator('.kiosk article.trace.is-offline').waitFor();
  // The network returns: the live page comes back by itself.
  await context.setOffline(false);
  await page.locator('.kiosk article.trace:not(.is-offline):not(.early)').waitFor({ timeout: 20000 });

  await context.setOffline(true);
  await page.goto(`${server.base}/kiosk?lang=en`);
  const notice = page.getByRole('status').filter({ hasText: 'No connection right now' });
  await notice.waitFor();
  await context.setOffline(false);
  await notice.waitFor({ state: 'detached', timeout: 20000 });
  assert.deepEqual(problems, []);
});

test('axe-core finds no violations on the attract and lot screens', async () => {
  for (const size of [landscape, portrait]) {
    const { page, problems } = await newPage(browser, { ...size, serviceWorkers: 'block', bypassCSP: true });
    await page.goto(`${server.base}/kiosk?lang=en`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.deepEqual(await axe(page), [], `attract at ${size.viewport.width}px`);
    await page.getByRole('button', { name: 'Type the number' }).click();
    assert.deepEqual(await axe(page), [], `keypad at ${size.viewport.width}px`);
    await page.goto(`${server.base}/kiosk${PACK_A}?lang=en&counter=${encodeURIComponent(COUNTER)}`);
    await ready(page);
    await page.getByRole('status').filter({ hasText: 'Counter temperature' }).waitFor();
    await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
    assert.deepEqual(await axe(page), [], `lot at ${size.viewport.width}px`);
    assert.deepEqual(problems, []);
  }
});

test('a recalled pack on the kiosk: no passed verdict of the checks, the recall sentence instead', async () => {
  for (const size of [landscape, portrait]) {
    const { page, problems } = await newPage(browser, size);
    await page.goto(`${recalled.base}/kiosk${PACK_A}?lang=en`);
    await ready(page);
    await page.locator('.kiosk').getByRole('alert').waitFor();
    const checks = page.locator('.kiosk section.audits');
    assert.equal(await checks.locator('.audits-summary').innerText(), RECALL_SENTENCE.en);
    assert.doesNotMatch(await checks.innerText(), PASSED_VERDICT);
    assert.deepEqual(await visibleGreens(checks), []);
    await checks.locator('details.audits-fold > summary').click();
    assert.equal(await checks.locator('li.audit.pass').count(), 0);
    assert.deepEqual(await visibleGreens(checks), []);
    assert.deepEqual(problems, []);
  }
});

/** Font sizes (px) of the visible text on the page: every element with text of its own. */
function textSizes(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('.kiosk *')) {
      if (el.closest('svg')) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const r = el.getBoundingClientRect();
      if (el.getClientRects().length === 0 || r.width <= 2 || r.height <= 2) continue;
      out.push({ text: el.textContent.trim().slice(0, 40), cls: `${el.tagName.toLowerCase()}.${el.className}`, px: parseFloat(getComputedStyle(el).fontSize) });
    }
    return out;
  });
}

const px = (locator) => locator.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
const pxAll = (locator) => locator.evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));

for (const [name, size] of [['1920x1080', landscape], ['1080x1920', portrait]]) {
  test(`type read at a metre at ${name}: headline >= 40 px, body >= 24 px, event titles above field values, the recall above its reason`, async () => {
    const { page, problems } = await newPage(browser, size);
    await page.goto(`${recalled.base}/kiosk?lang=en`);
    await page.getByRole('heading', { level: 1, name: /Scan the label/ }).waitFor();
    assert.ok(await px(page.locator('h1')) >= 40, 'attract headline');
    assert.deepEqual((await textSizes(page)).filter((t) => t.px < 24), [], 'attract text under 24 px');

    await page.goto(`${recalled.base}/kiosk${PACK_A}?lang=en&counter=${encodeURIComponent(COUNTER)}`);
    await ready(page);
    await page.getByRole('status').filter({ hasText: 'Counter temperature' }).waitFor();
    await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
    assert.ok(await px(page.locator('.kiosk h1')) >= 40, 'lot headline');
    assert.deepEqual((await textSizes(page)).filter((t) => t.px < 24), [], 'lot screen text under 24 px');
    // Each event's title is larger than the values under it.
    const titles = await pxAll(page.locator('.kiosk li.event > h3'));
    const values = await pxAll(page.locator('.kiosk li.event .facts.record dd'));
    assert.ok(titles.length > 5 && values.length > 10, `${titles.length} titles, ${values.length} values`);
    assert.ok(Math.min(...titles) > Math.max(...values), `titles ${Math.min(...titles)} px, values ${Math.max(...values)} px`);
    // The recall's headline and "Do not eat it" are larger than its reason.
    const recall = page.locator('.kiosk .recall');
    const reason = await px(recall.locator('.facts dd').first());
    const headline = await px(recall.locator('.recall-title'));
    const dontEat = await px(recall.locator('.recall-steps li').filter({ hasText: 'Do not eat it' }));
    assert.ok(headline > reason && dontEat > reason, `headline ${headline}, "do not eat" ${dontEat}, reason ${reason}`);
    assert.ok(headline > dontEat, `headline ${headline} vs "do not eat" ${dontEat}`);
    assert.deepEqual(problems, []);
  });
}

test('no "Staff settings" button faces shoppers; a long press on the corner mark asks for the PIN, on the attract and lot screens', async () => {
  const staffButton = (page) => page.getByRole('button', { name: /Staff settings|직원 설정|员工设置|settings/i });
  for (const lang of ['en', 'ko']) {
    const { page, problems } = await newPage(browser, landscape);
    await page.goto(`${server.base}/kiosk?lang=${lang}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await staffButton(page).count(), 0, `attract, ${lang}`);
    assert.equal(await page.getByText(/Staff settings/).count(), 0);
    await page.goto(`${server.base}/kiosk${PACK_A}?lang=${lang}`);
    await ready(page);
    assert.equal(await staffButton(page).count(), 0, `lot, ${lang}`);
    assert.deepEqual(problems, []);
  }
  for (const [screen, path, mark] of [
    ['attract', '/kiosk?lang=en', '.kiosk-attract .staff-mark'],
    ['lot', `/kiosk${PACK_A}?lang=en`, '.kiosk-bar .staff-mark'],
  ]) {
    const { page, problems } = await newPage(browser, portrait);
    await page.goto(`${server.base}${path}`);
    if (screen === 'lot') await ready(page);
    const target = page.locator(mark);
    await target.waitFor();
    // Not a control: nothing to tab to or to name for shoppers.
    assert.equal(await target.evaluate((e) => e.matches('a, button, [tabindex], [role=button]')), false);
    await longPress(page, target);
    await page.getByRole('heading', { name: 'Kiosk settings' }).waitFor();
    // First use here: the PIN is set before anything else is shown.
    await page.getByLabel('New PIN', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Store name').count(), 0, screen);
    assert.deepEqual(problems, []);
  }
  // The settings' own address still opens them.
  const { page } = await newPage(browser, landscape);
  await page.goto(`${server.base}/kiosk/settings?lang=en`);
  await page.getByRole('heading', { name: 'Kiosk settings' }).waitFor();
  await page.getByLabel('New PIN', { exact: true }).waitFor();
});
