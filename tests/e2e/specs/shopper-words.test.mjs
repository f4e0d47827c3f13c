// Issue 23, the shopper's side (items 9, 10, 11): what a person types off a label is
// read the way they meant it, or asked for the part that is missing; the home page's
// number box opens a code with a clean console; the trace page offers the next steps a
// shopper expects ("Scan another pack", "Contact the seller") instead of a long list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { traceReady } from '../support/trace-page.mjs';
import { demoTrace, serveTrace } from '../support/trace-fixtures.mjs';

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

// Issue 23 item 2: words a shopper knows. The dictionary's one line under the values a
// shopper would not understand, a line under "Lots merged" and under each check's title.
test('a residue test, "Lots merged" and "Mass balance" say what they mean, in plain view', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await traceReady(page);
  const residue = page.locator('.facts.record > div')
    .filter({ has: page.locator('dt', { hasText: 'OTC (oxytetracycline) residue test passed' }) })
    .first();
  const explain = residue.locator('dd .explain');
  assert.ok(await explain.isVisible(), 'the explanation is on the page, not a tooltip');
  assert.match(await explain.innerText(), /antibiotic oxytetracycline/);
  assert.match(await residue.locator('dd').innerText(), /^Yes\s/);
  const oral = page.locator('.facts.record > div')
    .filter({ has: page.locator('dt', { hasText: /^Oral drugs given$/ }) })
    .first();
  assert.match(await oral.locator('.explain').innerText(), /waiting time before harvest/);

  const merged = page.locator('li.event').filter({ has: page.getByRole('heading', { name: 'Lots merged', exact: true }) });
  assert.match(await merged.locator('.step-about').innerText(), /Fish from several lots/);

  const mass = page.locator('section.audits li[data-check=mass_balance]');
  const about = mass.locator('summary .audit-about');
  assert.ok(await about.isVisible(), 'under the title, without opening the check');
  assert.match(await about.innerText(), /kilograms that came out of each step match those that went in/);
  assert.deepEqual(problems, []);
});

// Country codes as the country's name in the page's language: the feed fish's origin is
// recorded as "CL".
test('a country code reads as the country\'s name in English and Chinese', async () => {
  for (const [lang, label, name] of [['en', 'Formulated feed: origin of source fish', 'Chile'], ['zh', '配合饲料：原料鱼产地', '智利']]) {
    const { page, context, problems } = await newPage(browser, phone);
    await page.goto(`${server.demoUrls()[0]}?lang=${lang}`);
    await traceReady(page);
    const row = page.locator('.facts.record > div').filter({ has: page.locator('dt', { hasText: label }) }).first();
    const value = await row.locator('dd').innerText();
    assert.match(value, new RegExp(`^${name}`), `${lang}: ${value}`);
    assert.doesNotMatch(value, /\bCL\b/);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// Raw lot paths are codes: folded behind each entry's "Codes", the data-lot attributes
// and anchors as they were.
test('no raw 01/…/10/… path shows on a timeline entry until its codes are opened', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await traceReady(page);
  const path = /\b0[01]\/\d{14}(\/10\/)?/;
  const entries = page.locator('ol.timeline li.event');
  const n = await entries.count();
  assert.ok(n > 5, `${n} entries`);
  for (let i = 0; i < n; i++) {
    const text = await entries.nth(i).innerText();
    assert.doesNotMatch(text, path, `entry ${i}: ${text}`);
  }
  const farm = page.locator('li.event[data-lot="01/08801234000208/10/SS2611A"]').first();
  assert.equal(await farm.getAttribute('id'), 'lot-01-08801234000208-10-SS2611A');
  const codes = farm.locator('details.codes');
  await codes.locator('summary', { hasText: 'Codes' }).click();
  await codes.locator('.mono').first().waitFor({ state: 'visible' });
  assert.match(await codes.innerText(), /01\/08801234000208\/10\/SS2611A/);
  assert.deepEqual(problems, []);
});

/** The demo answer with a transport log in the range of the example. */
function withColdChain(tv) {
  const t = structuredClone(tv);
  const readings = Array.from({ length: 36 }, (_, i) => ({
    time: `2026-11-16T${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00+09:00`,
    celsius: [11.8, 12.0, 12.4, 12.1, 11.9, 12.2][i % 6],
  }));
  t.cold_chain = [{
    lot_key: '01/08801234000208/10/TR261116',
    stage: 'transport',
    business: '제주활어운송',
    limit_c: 15,
    readings,
    excursions: [],
  }];
  return t;
}

// Item 5: the cold-chain check says what it went over, not only "Passed".
test('the cold-chain check shows its range, limit and readings in the checks list', async () => {
  for (const [lang, line] of [
    ['en', '11.8–12.4 °C, limit 15.0 °C, 36 readings'],
    ['ko', '11.8–12.4 °C, 기준 15.0 °C, 측정 36회'],
    ['zh', '11.8–12.4 °C，限值 15.0 °C，共 36 次读数'],
  ]) {
    const { page, context, problems } = await newPage(browser, phone);
    await serveTrace(page, withColdChain(await demoTrace(server.base, lang)));
    await page.goto(`${server.demoUrls()[0]}?lang=${lang}`);
    await traceReady(page);
    const cold = page.locator('section.audits li[data-check=cold_chain] summary');
    assert.equal(await cold.locator('.audit-gist').innerText(), line, lang);
    assert.ok(await cold.locator('.audit-gist').isVisible());
    // Only the cold chain has the line.
    assert.equal(await page.locator('section.audits .audit-gist').count(), 1);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// When no check applies, the summary says there was nothing to check, not "All 0 passed".
test('when every check is not applicable, the summary says there was nothing to check', async () => {
  for (const [lang, text] of [
    ['en', 'Nothing to check: these records have no step the checks apply to.'],
    ['ko', '점검할 것이 없습니다: 이 기록에는 점검 대상이 되는 단계가 없습니다.'],
    ['zh', '没有可核查的内容：这些记录中没有适用核查的环节。'],
  ]) {
    const { page, context, problems } = await newPage(browser, phone);
    const tv = await demoTrace(server.base, lang);
    for (const a of tv.audits) a.outcome = 'not_applicable';
    await serveTrace(page, tv);
    await page.goto(`${server.demoUrls()[0]}?lang=${lang}`);
    await traceReady(page);
    const summary = page.locator('section.audits .audits-summary');
    assert.equal(await summary.innerText(), text);
    assert.doesNotMatch(await summary.innerText(), /\b0\b/);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
