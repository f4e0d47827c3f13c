// The trace widget on a brand's page of another origin: the demo brand page (with its
// loud CSS) embeds two cards with embed.js; each renders, fits its content, keeps its
// own look, listens only to its own frame, and a page outside the allow-list cannot
// frame the card at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { startBrandSite } from '../support/brand-site.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { PASSED_VERDICT, RECALL_SENTENCE, visibleGreens } from '../support/recall.mjs';

let server;
let brand;
let stranger;
let browser;

/** The iframes embed.js inserted, in page order, with their frames once the card is in. */
async function cards(page, count = 2) {
  const frames = page.locator('iframe');
  await assert.doesNotReject(frames.nth(count - 1).waitFor({ state: 'attached' }));
  const out = [];
  for (let i = 0; i < count; i++) {
    const el = frames.nth(i);
    await el.scrollIntoViewIfNeeded();
    const frame = await (await el.elementHandle()).contentFrame();
    await frame.locator('article.card h1').waitFor();
    out.push({ el, frame });
  }
  return out;
}

const heightOf = (el) => el.evaluate((e) => e.getBoundingClientRect().height);

/** Waits until the iframe is as tall as the card document inside it. */
async function fitted({ el, frame }) {
  let outer = 0;
  let inner = -1;
  for (let i = 0; i < 100; i++) {
    outer = await heightOf(el);
    inner = await frame.evaluate(() => document.documentElement.scrollHeight);
    if (Math.abs(outer - inner) <= 2 && outer !== 260) return outer;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`iframe ${outer}px never fitted its card of ${inner}px`);
}

before(async () => {
  brand = await startBrandSite();
  stranger = await startBrandSite({ pages: { '/blank.html': '<!doctype html><title>another site</title><p>hello</p>' } });
  server = await startServer({ args: ['--embed-origin', brand.base] });
  brand.setLottraceOrigin(server.base);
  stranger.setLottraceOrigin(server.base);
  // Pack B is recalled, so its card carries a banner and is taller than pack A's.
  const login = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'regulator', password: 'demo-regulator-2026' }),
  });
  const { token } = await login.json();
  const recall = await fetch(`${server.base}/api/recalls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ lot: '(01)08801234567893(10)L261117B', reason: 'Vibrio found in a sample' }),
  });
  assert.equal(recall.status, 201, await recall.text());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await brand?.stop();
  await stranger?.stop();
});

test('two cards render on a brand page of another origin, each in its own language', async () => {
  const { page, problems } = await newPage(browser, { viewport: { width: 1100, height: 900 } });
  const cardRequests = [];
  page.on('request', (r) => { if (r.url().includes('/embed/01')) cardRequests.push(r.url()); });
  await page.goto(`${brand.base}/`);
  assert.notEqual(new URL(brand.base).origin, new URL(server.base).origin);
  const [a, b] = await cards(page);
  assert.equal(await a.frame.locator('h1').innerText(), '넙치 싱싱회');
  assert.match(await a.frame.locator('body').innerText(), /L261117A[\s\S]*Key stages[\s\S]*Farm[\s\S]*성산양어장/);
  assert.match(await b.frame.locator('body').innerText(), /L261117B[\s\S]*주요 단계[\s\S]*푸른수산 마포점/);
  // Honest about the recall: only pack B says it.
  await b.frame.getByRole('alert').filter({ hasText: '회수' }).waitFor();
  assert.equal(await a.frame.getByRole('alert').count(), 0);
  // Accessible names for the frames, and a link to the full trace in a new tab.
  assert.equal(await a.el.getAttribute('title'), 'Seafood trace card');
  assert.equal(await b.el.getAttribute('title'), '수산물 이력 카드');
  const link = a.frame.getByRole('link', { name: /Full history/ });
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener');
  assert.equal(await link.evaluate((l) => l.href), `${server.base}/01/08801234567893/10/L261117A`);
  // embed.js named the host's origin for the height messages.
  assert.ok(cardRequests.every((u) => new URL(u).searchParams.get('origin') === brand.base), cardRequests.join(' '));
  assert.deepEqual(problems, []);
});

test('a recalled card gives the checks no passed verdict: the recall sentence, and the checks folded, none green', async () => {
  const { page, problems } = await newPage(browser, { viewport: { width: 1100, height: 900 } });
  await page.goto(`${brand.base}/`);
  const [a, b] = await cards(page);
  // Pack A is not recalled: its checks are green passes, as before.
  assert.ok(await a.frame.locator('li.badge.pass').count() > 0);
  // Pack B is (Korean card): the sentence instead, no pass looks like one.
  await b.frame.getByRole('alert').waitFor();
  assert.equal(await b.frame.locator('.checks-recalled').innerText(), RECALL_SENTENCE.ko);
  const fold = b.frame.locator('details.checks-fold');
  assert.equal(await fold.evaluate((d) => d.open), false);
  assert.equal(await b.frame.locator('li.badge').first().isVisible(), false);
  assert.deepEqual(await visibleGreens(b.frame.locator('article.card')), []);
  await fold.locator('summary').click();
  assert.ok(await b.frame.locator('li.badge').count() > 0);
  assert.equal(await b.frame.locator('li.badge.pass').count(), 0);
  assert.deepEqual(await visibleGreens(b.frame.locator('article.card')), []);
  // The same in English and Chinese, the card opened on its own.
  for (const lang of ['en', 'zh']) {
    await page.goto(`${server.base}/embed/01/08801234567893/10/L261117B?lang=${lang}`);
    assert.equal(await page.locator('.checks-recalled').innerText(), RECALL_SENTENCE[lang]);
    assert.doesNotMatch(await page.locator('article.card').innerText(), PASSED_VERDICT);
    assert.deepEqual(await visibleGreens(page.locator('article.card')), [], lang);
  }
  assert.deepEqual(problems, []);
});

test('each iframe resizes to its own card, whatever height the host page forces', async () => {
  const { page } = await newPage(browser, { viewport: { width: 1100, height: 900 } });
  await page.goto(`${brand.base}/`);
  const [a, b] = await cards(page);
  const ha = await fitted(a);
  const hb = await fitted(b);
  assert.ok(ha > 150 && hb > 150, `${ha} ${hb}`);
  // The recalled card is taller, and each frame got its own height.
  assert.ok(hb > ha + 20, `recalled card ${hb}px vs ${ha}px`);
  // A narrower column wraps the card's lines: the frame follows.
  await page.setViewportSize({ width: 340, height: 900 });
  const narrow = await fitted(a);
  assert.ok(narrow > ha, `narrow ${narrow}px vs wide ${ha}px`);
});

test("the host page's CSS does not reach into the card", async () => {
  const { page } = await newPage(browser);
  await page.goto(`${brand.base}/`);
  const [a] = await cards(page, 1);
  // The host paints its own headings red and serif...
  const host = await page.locator('h2').first().evaluate((h) => {
    const s = getComputedStyle(h);
    return { color: s.color, font: s.fontFamily };
  });
  assert.equal(host.color, 'rgb(255, 0, 0)');
  assert.match(host.font, /serif/);
  // ...the card's heading keeps the card's look.
  const inside = await a.frame.locator('h1').evaluate((h) => {
    const s = getComputedStyle(h);
    return { color: s.color, font: s.fontFamily, transform: s.textTransform };
  });
  assert.notEqual(inside.color, 'rgb(255, 0, 0)');
  assert.doesNotMatch(inside.font, /Times|(^|[ ,])serif/);
  assert.equal(inside.transform, 'none');
  // The host's `iframe { border: 5px solid; height: 50px }` does not reshape the frame.
  const frameStyle = await a.el.evaluate((f) => {
    const s = getComputedStyle(f);
    return { border: s.borderTopWidth, height: f.getBoundingClientRect().height };
  });
  assert.equal(frameStyle.border, '0px');
  assert.ok(frameStyle.height > 150, `${frameStyle.height}`);
});

test('height messages from any other window or origin are ignored', async () => {
  const { page } = await newPage(browser, { viewport: { width: 1100, height: 900 } });
  await page.goto(`${brand.base}/`);
  const [a, b] = await cards(page);
  const ha = await fitted(a);
  const hb = await fitted(b);
  // From the host page itself (the brand's origin).
  await page.evaluate(() => window.postMessage({ type: 'lottrace:height', height: 999 }, '*'));
  // From a frame of the Lottrace origin that is not a widget's own frame.
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.id = 'other';
    f.src = src;
    document.body.append(f);
  }, `${server.base}/embed/?lang=en`);
  const otherFrame = await (await page.locator('#other').elementHandle()).contentFrame();
  await otherFrame.locator('h1').waitFor();
  await otherFrame.evaluate(() => parent.postMessage({ type: 'lottrace:height', height: 888 }, '*'));
  // From a frame of yet another origin.
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.id = 'stranger';
    f.src = src;
    document.body.append(f);
  }, `${stranger.base}/blank.html`);
  const strangerFrame = await (await page.locator('#stranger').elementHandle()).contentFrame();
  await strangerFrame.waitForLoadState();
  await strangerFrame.evaluate(() => parent.postMessage({ type: 'lottrace:height', height: 777 }, '*'));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await heightOf(a.el), ha);
  assert.equal(await heightOf(b.el), hb);
  // Whereas a message from card A's own frame moves card A only.
  await a.frame.evaluate(() => parent.postMessage({ type: 'lottrace:height', height: 612 }, '*'));
  await page.waitForFunction(() => document.querySelector('iframe').getBoundingClientRect().height === 612);
  assert.equal(await heightOf(b.el), hb);
});

test('a page outside the allow-list cannot frame the card', async () => {
  const { page } = await newPage(browser, { viewport: { width: 1100, height: 900 } });
  const blocked = [];
  page.on('console', (m) => { if (/frame-ancestors|Refused to frame/i.test(m.text())) blocked.push(m.text()); });
  await page.goto(`${stranger.base}/`);
  const frames = page.locator('iframe');
  await frames.nth(1).waitFor({ state: 'attached' });
  for (let i = 0; i < 2; i++) {
    await frames.nth(i).scrollIntoViewIfNeeded();
    await frames.nth(i).evaluate((f) => new Promise((resolve) => {
      // A refused frame still fires load (of an error page); give it a moment if it already has.
      f.addEventListener('load', resolve, { once: true });
      setTimeout(resolve, 3000);
    }));
  }
  for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
    const cardCount = await frame.locator('article.card').count().catch(() => 0);
    assert.equal(cardCount, 0, `the card rendered in ${frame.url()}`);
  }
  assert.ok(blocked.length > 0, 'Chromium did not report the refused framing');
});
