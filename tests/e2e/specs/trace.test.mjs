// The trace page of a seeded retail pack, opened as a shopper's phone would open it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { savedCopy, traceReady } from '../support/trace-page.mjs';
import { declareRecall, PASSED_VERDICT, RECALL_SENTENCE, visibleGreens } from '../support/recall.mjs';

let server;
let browser;

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

test('the server prints a trace-page URL for every demo retail pack', () => {
  const urls = server.demoUrls();
  assert.equal(urls.length, 2, server.output());
  assert.match(urls[0], /\/01\/08801234567893\/10\/L261117A$/);
});

test('a Digital Link deep link opens the timeline with every stage, farm to shelf', async () => {
  const { page, problems } = await newPage(browser, { viewport: { width: 360, height: 740 } });
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  const timeline = page.getByRole('list', { name: /history|timeline/i });
  for (const stage of ['Fry', 'Farm', 'Transport', 'Processing', 'Retail']) {
    await timeline.getByRole('heading', { name: stage, exact: true }).waitFor();
  }
  await page.getByRole('heading', { level: 1 }).filter({ hasText: '넙치 싱싱회' }).waitFor();
  await ready(page);
  const text = await page.locator('body').innerText();
  // Both farms of the merged truck lot appear in the genealogy, and the store that sold it.
  assert.match(text, /성산양어장/);
  assert.match(text, /한림양어장/);
  assert.match(text, /한빛마트 강남점/);
  // The sibling pack's store is not part of this pack's history.
  assert.doesNotMatch(text, /푸른수산 마포점/);
  // Private fields (the underlined items of the guideline's sheets) never reach the page.
  assert.doesNotMatch(text, /옥시테트라사이클린/);
  assert.deepEqual(problems, []);
});

test('Korean for a Korean phone, whose QR carries no language', async () => {
  const { page } = await newPage(browser, { locale: 'ko-KR' });
  await page.goto(server.demoUrls()[1]);
  await page.getByRole('heading', { name: '양식장', exact: true }).waitFor();
  await ready(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  assert.match(await page.locator('body').innerText(), /푸른수산 마포점/);
});

test('an unknown lot shows a helpful message, not an error page', async () => {
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}/01/08801234567893/10/NOSUCHLOT?lang=en`);
  await page.getByText(/no records/i).first().waitFor();
  await page.getByLabel('Code on the label').waitFor();
  assert.deepEqual(problems, []);
});

// ---- Issue 7: the consumer trace page ----
import { demoTrace, hostile, eventful, serveTrace, HOSTILE } from '../support/trace-fixtures.mjs';

const phone = { viewport: { width: 360, height: 740 }, serviceWorkers: 'block' };
// index.html paints a plain early timeline before the app starts; these tests need the app.
const ready = (page) => traceReady(page);

/** Waits until the app has kept pack A's English trace in IndexedDB (saved in the background). */
const savedCopyOfPackA = (page) => savedCopy(page, '01/08801234567893/10/L261117A|en');

test('the header names the species, origin and what the lot number means', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await ready(page);
  const head = page.locator('header.lot-head');
  await head.getByRole('heading', { level: 1, name: '넙치 싱싱회' }).waitFor();
  const text = await head.innerText();
  assert.match(text, /Ready-to-eat sashimi/);
  assert.match(text, /Olive flounder/);
  assert.match(text, /Paralichthys olivaceus/);
  assert.match(text, /Aquaculture/);
  assert.match(text, /Republic of Korea \(제주특별자치도\)/);
  assert.match(text, /08801234567893/);
  // The explanation opens on tap and says how far back the records reach.
  await head.getByText('What does this number mean?').click();
  await head.getByText(/product code \(GTIN\) 08801234567893 together with the lot number L261117A/).waitFor();
  await head.getByText(/reaches back to Fry \(한라종묘\)/).waitFor();
  assert.deepEqual(problems, []);
});

test('both farms appear in the genealogy with their share, and a tap shows that lot', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await ready(page);
  const gen = page.locator('section.genealogy');
  await gen.getByRole('heading', { name: 'Where this lot came from' }).waitFor();
  const shares = await gen.locator('.farm-shares li').allInnerTexts();
  assert.deepEqual(shares.map((s) => s.replace(/\s+/g, ' ').trim()).sort(),
    ['성산양어장 52.5%', '한림양어장 47.5%']);
  // The tree: this pack ← truck lot ← the two farms (← the hatchery under each).
  const farmNode = gen.getByRole('link', { name: /성산양어장.*52\.5% of this pack/ });
  await farmNode.click();
  const target = page.locator('li.event[data-lot="01/08801234000208/10/SS2611A"]').first();
  assert.equal(await target.getAttribute('id'), 'lot-01-08801234000208-10-SS2611A');
  await page.waitForFunction(() => document.activeElement?.dataset?.lot === '01/08801234000208/10/SS2611A');
  assert.ok(await target.evaluate((el) => el.classList.contains('hl')));
  // Scrolled (smoothly) until the lot's first record is at the top of the screen.
  await page.waitForFunction(() => {
    const el = document.querySelector('li.event[data-lot="01/08801234000208/10/SS2611A"]');
    const y = el.getBoundingClientRect().top;
    return y >= -2 && y < 100;
  }, null, { timeout: 5000 });
  // Other lots' events are not highlighted.
  assert.equal(await page.locator('li.event.hl:not([data-lot="01/08801234000208/10/SS2611A"])').count(), 0);
  assert.deepEqual(problems, []);
});

test('audit badges explain themselves on tap', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await ready(page);
  const checks = page.locator('section.audits');
  await checks.getByRole('heading', { name: 'Record checks' }).waitFor();
  assert.equal(await checks.locator('li.audit').count(), 4);
  await checks.getByText(/All \d checks passed/).waitFor();
  const mass = checks.locator('li.audit[data-check="mass_balance"]');
  assert.equal(await mass.locator('details').evaluate((d) => d.open), false);
  await mass.locator('summary').click();
  await mass.getByText(/kg out matches kg in/).waitFor();
  assert.deepEqual(problems, []);
});

test('the language switch on the page changes every label, Korean → English → Chinese', async () => {
  const { page, problems } = await newPage(browser, { ...phone, locale: 'ko-KR' });
  await page.goto(server.demoUrls()[0]);
  await ready(page);
  await page.getByRole('heading', { name: '양식장', exact: true }).waitFor();
  await page.getByRole('navigation', { name: '언어' }).getByRole('link', { name: 'English' }).click();
  await page.getByRole('list', { name: 'History, farm to shelf' }).getByRole('heading', { name: 'Farm', exact: true }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(page.url(), /\?lang=en$/);
  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: '中文' }).click();
  await page.getByRole('list', { name: '从养殖场到货架的记录' }).getByRole('heading', { name: '养殖场', exact: true }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh');
  const text = await page.locator('main').innerText();
  // Dates and checks in Chinese too; no English UI word left over. The dates are read
  // from the whole history: stages far below the first screen are not laid out yet
  // (content-visibility), so innerText leaves them out.
  const history = await page
    .getByRole('list', { name: '从养殖场到货架的记录' })
    .evaluate((list) => list.textContent);
  assert.match(history, /2026年11月16日/);
  assert.match(text, /全部 4 项核查均通过/);
  assert.doesNotMatch(text, /\b(Farm|Passed|Share|Phone|Business)\b/);
  assert.deepEqual(problems, []);
});

test('share copies the link with a confirmation where there is no share sheet', async () => {
  const { context, page, problems } = await newPage(browser, phone);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await ready(page);
  const hasShare = await page.evaluate(() => typeof navigator.share === 'function');
  const button = page.getByRole('button', { name: hasShare ? 'Share' : 'Copy link' });
  if (hasShare) return; // a share sheet cannot be driven headless
  await button.click();
  await page.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
  assert.deepEqual(problems, []);
});

test('server text is shown as text: markup in a product name never runs', async () => {
  const { page, problems } = await newPage(browser, phone);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await serveTrace(page, hostile(await demoTrace(server.base)));
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await ready(page);
  await page.getByRole('heading', { level: 1, name: HOSTILE }).waitFor();
  // The chain's businesses are folded at the end of the page: opened, as a reader would.
  await page.locator('details.all-businesses > summary').click();
  const text = await page.locator('main').innerText();
  for (const s of [HOSTILE, '<script>alert(2)</script>', '<b onmouseover=alert(3)>bold</b>', '<svg onload=alert(4)>']) {
    assert.ok(text.includes(s), `shown as text: ${s}`);
  }
  assert.equal(await page.locator('main img, main script, main b, main svg[onload]').count(), 0);
  await page.locator('main').hover();
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  // The mailto link cannot carry extra headers.
  const mailto = await page.locator('a[href^="mailto:"]').first().getAttribute('href');
  assert.doesNotMatch(mailto, /\?/);
  assert.deepEqual(problems, []);
});

test('a failed check, a corrected record, the cold chain and a recall are all shown honestly', async () => {
  const { page, problems } = await newPage(browser, phone);
  await serveTrace(page, eventful(await demoTrace(server.base)));
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await ready(page);
  // The recall comes first, as an alert.
  const alert = page.getByRole('alert');
  await alert.getByText('This product is being recalled').waitFor();
  assert.match(await alert.innerText(), /Do not eat it[\s\S]*Return it to the store[\s\S]*Residue test above the limit/);
  const first = await page.locator('article.trace > *').first().getAttribute('class');
  assert.equal(first, 'recall');
  // The recall decides, not the checks: their line says so; the failed check is still
  // shown open and red (the folded checks are open for it), and no pass looks passed.
  const checks = page.locator('section.audits');
  assert.equal(await checks.locator('.audits-summary').innerText(), RECALL_SENTENCE.en);
  assert.equal(await checks.locator('details.audits-fold').evaluate((d) => d.open), true);
  assert.equal(await checks.locator('li.audit.pass').count(), 0);
  const failed = checks.locator('li.audit.fail');
  assert.equal(await failed.locator('details').evaluate((d) => d.open), true);
  assert.match(await failed.innerText(), /Failed[\s\S]*above 15\.0 °C/);
  // The corrected event stays, marked, with a link to its correction.
  const corrected = page.locator('li.event.corrected');
  assert.equal(await corrected.count(), 1);
  assert.match(await corrected.innerText(), /Corrected record[\s\S]*Wrong vehicle recorded/);
  await page.locator('li.event').filter({ hasText: 'Correction of an earlier record' }).waitFor();
  // The chart: a line per log, the limit, the excursion marked, and a text alternative.
  const chart = page.getByRole('img', { name: /10 readings from/ });
  await chart.waitFor();
  assert.equal(await chart.locator('polyline').count(), 2);
  assert.equal(await chart.locator('line.limit').count(), 2);
  assert.equal(await chart.locator('rect.excursion').count(), 1);
  assert.equal(await chart.locator('circle.over').count(), 2);
  assert.match(await page.locator('section.cold-chain').innerText(), /Above the limit once:[\s\S]*up to 17\.4 °C/);
  await page.getByText('All readings (table)').click();
  assert.equal(await page.locator('section.cold-chain tbody tr').count(), 10);
  assert.equal(await page.locator('section.cold-chain tbody tr.over').count(), 2);
  // No inline style anywhere (the CSP has style-src 'self'), but the one traceReady sets.
  const styled = await page.locator('main [style]').evaluateAll((els) => els
    .map((el) => el.getAttribute('style'))
    .filter((style) => style !== 'content-visibility: visible;'));
  assert.deepEqual(styled, []);
  assert.deepEqual(problems, []);
});

test('offline: the last copy of this lot is shown with its date, clearly marked', async () => {
  // No service worker here (it would answer for the network); the page's own IndexedDB
  // copy is what is tested. The shell itself offline is the service worker's business.
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await ready(page);
  await page.getByRole('heading', { name: 'Farm', exact: true }).waitFor();
  // Saved in the background: wait until the copy is in IndexedDB.
  await savedCopyOfPackA(page);
  await page.route('**/api/trace/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  const notice = page.getByRole('status').filter({ hasText: /Saved copy from .* — you are offline/ });
  await notice.waitFor();
  const year = String(new Date().getFullYear());
  assert.match(await notice.innerText(), new RegExp(year));
  await page.getByRole('list', { name: 'History, farm to shelf' }).getByRole('heading', { name: 'Farm', exact: true }).waitFor();
  assert.ok(await page.locator('article.trace.is-offline').count());
  // Retry with the network back shows the live page again.
  await page.unroute('**/api/trace/**');
  await notice.getByRole('button', { name: 'Retry' }).click();
  await page.locator('article.trace:not(.is-offline)').waitFor();
  assert.deepEqual(problems, []);
});

test('a lot seen before shows at once from its saved copy, marked, until the live answer lands', async () => {
  const { page, problems } = await newPage(browser, phone);
  const url = `${server.demoUrls()[0]}?lang=en`;
  await page.goto(url);
  await page.locator('article.trace:not(.early)').getByRole('heading', { name: 'Farm', exact: true }).waitFor();
  await savedCopyOfPackA(page);
  // The live answer is held back until the saved copy has been seen.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/trace/**', async (route) => { await held; await route.continue(); });
  await page.reload();
  const refreshing = page.getByRole('status').filter({ hasText: /Copy saved on this device on .* — loading the latest/ });
  await refreshing.waitFor();
  await page.getByRole('list', { name: 'History, farm to shelf' }).getByRole('heading', { name: 'Farm', exact: true }).waitFor();
  assert.equal(await page.getByText('Could not load the history').count(), 0);
  release();
  await page.locator('article.trace:not(.is-offline)').waitFor();
  assert.equal(await refreshing.count(), 0);
  await page.unroute('**/api/trace/**');
  assert.deepEqual(problems, []);
});

test('with no saved copy and no network, the page offers a retry', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.route('**/api/trace/**', (route) => route.abort('internetdisconnected'));
  await page.goto(`${server.demoUrls()[1]}?lang=en`);
  await page.getByRole('alert').getByText('Could not load the history').waitFor();
  await page.unroute('**/api/trace/**');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('heading', { name: 'Farm', exact: true }).waitFor();
  assert.deepEqual(problems, []);
});

test('a recall declared through the API shows a banner above everything on the pack', async (t) => {
  // Its own server: the recall must not leak into the other tests.
  const own = await startServer();
  try {
    const login = await fetch(`${own.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo-admin-2026' }),
    });
    if (login.status === 404) return t.skip('POST /api/auth/login is not implemented');
    assert.equal(login.status, 200, await login.clone().text());
    const { token } = await login.json();
    const recall = await fetch(`${own.base}/api/recalls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ lot: '01/08801234000208/10/SS2611A', reason: 'Oxytetracycline residue above the limit' }),
    });
    assert.equal(recall.status, 201, await recall.clone().text());
    const { page, problems } = await newPage(browser, phone);
    // The farm lot went into both packs: the second one is affected too.
    await page.goto(`${own.demoUrls()[1]}?lang=en`);
    await ready(page);
    const alert = page.getByRole('alert');
    await alert.getByText('This product is being recalled').waitFor();
    assert.match(await alert.innerText(), /Oxytetracycline residue above the limit/);
    assert.equal(await page.locator('article.trace > *').first().getAttribute('class'), 'recall');
    assert.deepEqual(problems, []);
  } finally {
    await own.stop();
  }
});

test('a recalled pack gives its record checks no passed verdict: one sentence says what the recall means for them', async () => {
  // Without the recall the same pack's checks all pass: that verdict must step back.
  {
    const { page } = await newPage(browser, phone);
    await page.goto(`${server.demoUrls()[0]}?lang=en`);
    await ready(page);
    await page.locator('section.audits .audits-summary').getByText(/All \d checks passed/).waitFor();
  }
  const own = await startServer();
  try {
    await declareRecall(own.base);
    for (const lang of ['en', 'ko', 'zh']) {
      const { page, problems } = await newPage(browser, phone);
      await page.goto(`${own.demoUrls()[0]}?lang=${lang}`);
      await ready(page);
      await page.getByRole('alert').waitFor();
      const checks = page.locator('section.audits');
      assert.equal(await checks.locator('.audits-summary').innerText(), RECALL_SENTENCE[lang]);
      assert.doesNotMatch(await checks.innerText(), PASSED_VERDICT, lang);
      assert.deepEqual(await visibleGreens(checks), [], lang);
      // The checks stay available, folded, and a pass does not look like one even opened.
      const fold = checks.locator('details.audits-fold');
      assert.equal(await fold.evaluate((d) => d.open), false);
      assert.equal(await checks.locator('li.audit').first().isVisible(), false);
      await fold.locator('> summary').click();
      assert.equal(await checks.locator('li.audit').count(), 4);
      assert.equal(await checks.locator('li.audit.pass').count(), 0);
      assert.deepEqual(await visibleGreens(checks), [], `${lang}, opened`);
      assert.deepEqual(problems, []);
    }
  } finally {
    await own.stop();
  }
});

test('before the app starts, index.html already shows the timeline as plain text', async () => {
  const { page, problems } = await newPage(browser, phone);
  // Hold the app back: the early timeline must stand on its own.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await serveTrace(page, hostile(await demoTrace(server.base)));
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  const early = page.locator('article.trace.early');
  await early.getByRole('list', { name: 'History, farm to shelf' }).getByRole('heading', { name: 'Farm', exact: true }).waitFor();
  await early.getByRole('heading', { level: 1, name: HOSTILE }).waitFor();
  assert.equal(await page.locator('#boot img').count(), 0);
  assert.equal(await page.locator('#boot').getAttribute('aria-hidden'), null);
  release();
  await ready(page);
  assert.equal(await page.locator('article.trace.early').count(), 0);
  assert.deepEqual(problems, []);
});

test('the early timeline stays on screen until the app has built its page: no skeleton, no blank frame', async () => {
  const { page, problems } = await newPage(browser, phone);
  // Every frame until the app's page is complete: once the early timeline was shown,
  // a frame may show it or the app's page, never the skeleton or nothing.
  await page.addInitScript(() => {
    window.__frames = { early: 0, bad: [] };
    const look = () => {
      const early = document.querySelector('#boot .trace.early');
      if (early && early.checkVisibility()) window.__frames.early += 1;
      if (window.__frames.early > 0) {
        const skeleton = [...document.querySelectorAll('.skeleton')].some((s) => s.checkVisibility());
        const page = [...document.querySelectorAll('article.trace')].some((a) => a.checkVisibility());
        if (skeleton) window.__frames.bad.push('skeleton');
        if (!page) window.__frames.bad.push('no trace on screen');
      }
      if (!document.querySelector('article.trace:not(.early) .trace-side > section')) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  // The app arrives after the early answer, as on a phone network.
  await page.route(/_bg\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  await page.goto(`${server.demoUrls()[0]}?lang=en`);
  await ready(page);
  const frames = await page.evaluate(() => window.__frames);
  assert.ok(frames.early > 0, 'the early timeline was on screen');
  assert.deepEqual(frames.bad, []);
  // The app's frame (header, language switch) is there once the page is.
  await page.getByRole('button', { name: 'English' }).or(page.getByRole('link', { name: 'English' })).first().waitFor();
  assert.deepEqual(problems, []);
});
