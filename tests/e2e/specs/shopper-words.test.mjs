// Issue 23, the shopper's side (items 9, 10, 11): what a person types off a label is
// read the way they meant it, or asked for the part that is missing; the home page's
// number box opens a code with a clean console; the trace page offers the next steps a
// shopper expects ("Scan another pack", "Contact the seller") instead of a long list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { traceReady } from '../support/trace-page.mjs';

let server;
let browser;

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const phone = { viewport: { width: 390, height: 844 }, serviceWorkers: 'block' };

/** Every console error and warning, and every uncaught error, of a page. */
function everyMessage(page) {
  const seen = [];
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.push(`${m.type()}: ${m.text()}`);
  });
  return seen;
}

async function typeOnHome(page, text) {
  await page.goto(`${server.base}/?lang=en`);
  const field = page.getByLabel('Code on the label');
  await field.fill(text);
  await field.press('Enter');
}

test('the number box opens a typed code, and nothing panics after the home page is gone', async () => {
  // Service workers allowed: Playwright warns when it blocks one, and every warning counts.
  const { page } = await newPage(browser, { viewport: phone.viewport });
  const seen = everyMessage(page);
  // Typed and sent at once: the check-as-you-type timer is still pending then.
  await typeOnHome(page, '(01)08801234567893(10)L261117A');
  await page.waitForURL(/\/01\/08801234567893\/10\/L261117A/);
  await traceReady(page);
  // Past the live check's pause (500 ms), when it used to read the disposed form.
  await page.waitForTimeout(1200);
  assert.deepEqual(seen, []);
});

test('the label line copied with spaces between its parts opens its lot', async () => {
  const { page, problems } = await newPage(browser, phone);
  await typeOnHome(page, '  (01) 08801234567893   (10) L261117A ');
  await page.waitForURL(/\/01\/08801234567893\/10\/L261117A/);
  await traceReady(page);
  assert.deepEqual(problems, []);
});

test('the EAN-13 under the barcode is explained as the product, and the lot is asked for', async () => {
  const { page, problems } = await newPage(browser, phone);
  await typeOnHome(page, '8801234567893');
  const message = page.locator('.message-page[data-unknown=product]');
  await message.waitFor({ timeout: 20000 });
  const text = await message.innerText();
  assert.match(text, /This is the product barcode/);
  assert.match(text, /names the product, not this pack's lot\. Type the lot number printed beside it/);
  assert.doesNotMatch(text, /no records/i);
  assert.deepEqual(problems, []);
});

test('a lot number typed alone asks for the line with (01) and (10)', async () => {
  const { page, problems } = await newPage(browser, phone);
  await typeOnHome(page, 'L261117A');
  const error = page.getByRole('alert').filter({ hasText: 'looks like the lot number alone' });
  await error.waitFor();
  assert.match(await error.innerText(), /with \(01\) and \(10\)/);
  assert.match(new URL(page.url()).pathname, /^\/$/, 'still on the home page');
  assert.deepEqual(problems, []);
});

test('the trace page offers "Scan another pack" and one "Contact the seller" near the top', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await traceReady(page);
  const actions = page.getByRole('navigation', { name: 'Next steps' });
  const scan = actions.getByRole('link', { name: 'Scan another pack' });
  assert.equal(await scan.getAttribute('href'), '/scan/?lang=en');
  // In the first screen of a phone.
  const box = await scan.boundingBox();
  assert.ok(box && box.y + box.height <= 844 * 2, `scan link at ${JSON.stringify(box)}`);
  assert.ok(box.height >= 48, `a 48 px target, not ${box.height}`);

  // One action for the seller: the store's phone, as a link that calls.
  const seller = actions.locator('details.contact-seller');
  const call = seller.locator('a[href^="tel:"]');
  assert.equal(await call.isVisible(), false, 'folded until asked');
  await seller.getByText('Contact the seller').click();
  await call.first().waitFor({ state: 'visible' });
  assert.match(await seller.innerText(), /한빛마트 강남점/);
  assert.doesNotMatch(await seller.innerText(), /성산양어장/, 'the seller only, not the whole chain');

  // The whole chain's businesses are still there, folded.
  const all = page.locator('details.all-businesses');
  await all.waitFor({ state: 'attached' });
  assert.match(await all.locator('summary').innerText(), /All \d+ businesses in this pack's history/);
  assert.deepEqual(problems, []);
});

// Item 7: a pack's QR has no ?lang. The page follows the browser's languages, remembers
// a language chosen on the page, and keeps the pack's own query when it switches.
test('a QR opened on an English or Chinese phone reads in its language, and a chosen language is kept', async () => {
  for (const [locale, lang, heading] of [['en-US', 'en', 'Processing'], ['zh-CN', 'zh', '加工']]) {
    // The early timeline index.html paints before the WASM runs: alone here (no WASM).
    const early = await newPage(browser, { ...phone, locale });
    await early.page.route('**/*.wasm', (route) => route.abort());
    await early.page.goto(server.demoUrls()[0]);
    await early.page.locator('#boot .trace.early.live').waitFor({ timeout: 20000 });
    assert.equal(await early.page.getAttribute('html', 'lang'), lang, `${locale}: early paint`);
    assert.match(await early.page.locator('#boot').innerText(), new RegExp(heading));
    await early.context.close();

    const { page, context, problems } = await newPage(browser, { ...phone, locale });
    await page.goto(server.demoUrls()[0]);
    await traceReady(page);
    await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal(
      await page.getByRole('link', { name: /Scan another pack|扫描另一包/ }).getAttribute('href'),
      `/scan/?lang=${lang}`,
    );
    assert.deepEqual(problems, []);
    await context.close();
  }

  // On an English phone the shopper picks Korean: the next QR opens in Korean.
  const { page, problems } = await newPage(browser, { ...phone, locale: 'en-US' });
  await page.goto(server.demoUrls()[0]);
  await traceReady(page);
  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: '한국어' }).click();
  await page.waitForURL(/lang=ko/);
  await traceReady(page);
  await page.goto(server.demoUrls()[1]);
  await traceReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  await page.getByRole('heading', { name: '가공', exact: true }).first().waitFor();
  assert.deepEqual(problems, []);
});

// Item 6: a feeding record the farm makes today, on the farm lot a pack was made from
// two weeks ago, reads as what it is and is marked as about the rest of that lot.
test('a feeding record made after the pack says so, and never reads "On hold"', async () => {
  const { login } = await import('../support/capture.mjs');
  const token = await login(server.base, 'farm', 'demo-farm-2026');
  const now = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 19) + '+09:00';
  const place = 'urn:epc:id:sgln:8801234.00002.0';
  const doc = {
    '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld', { lt: 'https://lottrace.dev/ns/' }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: now,
    epcisBody: {
      eventList: [{
        type: 'ObjectEvent',
        eventID: 'urn:uuid:feed0000-0000-4000-8000-000000000023',
        eventTime: now,
        eventTimeZoneOffset: '+09:00',
        action: 'OBSERVE',
        bizStep: 'holding',
        readPoint: { id: place },
        bizLocation: { id: place },
        quantityList: [{ epcClass: 'https://id.gs1.org/01/08801234000208/10/SS2611A', quantity: 480, uom: 'KGM' }],
        'lt:feed.type': 'formulated',
      }],
    },
  };
  const r = await fetch(`${server.base}/epcis/capture`, {
    method: 'POST',
    headers: { 'content-type': 'application/ld+json', authorization: `Bearer ${token}` },
    body: JSON.stringify(doc),
  });
  assert.ok(r.status < 300, `capture: ${r.status} ${await r.text()}`);

  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await traceReady(page);
  const entry = page.locator('li.event.after-lot').filter({ has: page.getByRole('heading', { name: 'Feeding record', exact: true }) });
  await entry.waitFor();
  assert.match(await entry.innerText(), /Recorded after this pack was made: about the rest of that lot, not this pack\./);
  assert.equal(await page.getByRole('heading', { name: 'On hold', exact: true }).count(), 0);
  assert.deepEqual(problems, []);
});

// Item 4: the fry lot is drawn under both farms; each shows that farm's part of it.
test('the family tree\'s shares add up the way a person expects', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await traceReady(page);
  const gen = page.locator('section.genealogy');
  await gen.getByRole('heading', { name: 'Where this lot came from' }).waitFor();
  const fry = (await gen.locator('.gnode.stage-hatchery .gnode-share').allInnerTexts()).sort();
  assert.deepEqual(fry, ['47.5% of this pack', '52.5% of this pack']);
  assert.match(await gen.locator('p.hint').innerText(), /the parts add up/);
  assert.deepEqual(problems, []);
});
