// Accessibility of the trace page and the scan screen, measured with axe-core in real
// headless Chromium, in all three languages, plus the trace page with everything on it
// (recall, failed check, cold-chain chart, correction). Also: headings form an outline,
// every control has a name.
// axe is injected with page.addScriptTag, an inline script the server's strict CSP would
// refuse: these contexts bypass CSP (trace.test.mjs runs the page under the real CSP).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { demoTrace, eventful, serveTrace } from '../support/trace-fixtures.mjs';

const AXE = fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url));

let server;
let browser;

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    // A run that checked nothing would pass vacuously.
    if (r.passes.length < 10) return [{ id: 'axe-did-not-run', passes: r.passes.length }];
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
}

/** Heading levels in document order: one h1, and no level skipped on the way down. */
async function outline(page) {
  const levels = await page.$$eval('h1, h2, h3, h4, h5, h6', (hs) =>
    hs.filter((h) => h.getClientRects().length > 0 || h.closest('details'))
      .map((h) => Number(h.tagName[1])));
  const problems = [];
  if (levels.filter((l) => l === 1).length !== 1) problems.push(`h1 count: ${levels.join(',')}`);
  for (let i = 1; i < levels.length; i += 1) {
    if (levels[i] > levels[i - 1] + 1) problems.push(`h${levels[i - 1]} → h${levels[i]} at #${i}`);
  }
  return { levels, problems };
}

async function unnamedControls(page) {
  return page.$$eval('a, button, input, select, textarea, summary, [role=button]', (els) =>
    els.filter((e) => e.getClientRects().length > 0)
      .filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels?.length || e.getAttribute('title')))
      .map((e) => e.outerHTML.slice(0, 80)));
}

for (const [lang, farm] of [['ko', '양식장'], ['en', 'Farm'], ['zh', '养殖场']]) {
  test(`the trace page has no axe violations in ${lang}`, async () => {
    const { page, problems } = await newPage(browser, { viewport: { width: 360, height: 740 }, serviceWorkers: 'block', bypassCSP: true });
    await page.goto(`${server.demoUrls()[0]}?lang=${lang}`);
    await page.locator('article.trace:not(.early)').waitFor();
    await page.getByRole('heading', { name: farm, exact: true }).waitFor();
    // Open every disclosure so its content is checked too.
    await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
    assert.deepEqual(await axe(page), []);
    const { levels, problems: outlineProblems } = await outline(page);
    assert.deepEqual(outlineProblems, [], `heading levels: ${levels.join(',')}`);
    assert.deepEqual(await unnamedControls(page), []);
    assert.deepEqual(problems, []);
  });
}

test('the page with a recall, a failed check, a correction and the cold chain has no axe violations', async () => {
  for (const viewport of [{ width: 360, height: 740 }, { width: 1920, height: 1080 }]) {
    const { page, problems } = await newPage(browser, { viewport, serviceWorkers: 'block', bypassCSP: true });
    await serveTrace(page, eventful(await demoTrace(server.base)));
    await page.goto(`${server.demoUrls()[0]}?lang=en`);
    await page.getByRole('img', { name: /readings from/ }).waitFor();
    await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
    assert.deepEqual(await axe(page), [], `at ${viewport.width}px`);
    assert.deepEqual((await outline(page)).problems, []);
    assert.deepEqual(await unnamedControls(page), []);
    assert.deepEqual(problems, []);
  }
});

test('the unknown-code page has no axe violations', async () => {
  const { page, problems } = await newPage(browser, { serviceWorkers: 'block', bypassCSP: true });
  await page.goto(`${server.base}/01/08801234567893/10/NOSUCHLOT?lang=en`);
  await page.getByLabel('Code on the label').waitFor();
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
});

// The scan app (/scan/), as a phone without a camera shows it: the message about the
// camera and both fallbacks in view.
for (const [lang, title] of [['ko', '라벨 스캔'], ['en', 'Scan a label'], ['zh', '扫描标签']]) {
  test(`the scan screen has no axe violations in ${lang}`, async () => {
    const { page, problems } = await newPage(browser, { viewport: { width: 360, height: 740 }, serviceWorkers: 'block', bypassCSP: true });
    await page.goto(`${server.base}/scan/?lang=${lang}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.locator('.camera-problem').waitFor({ timeout: 15000 });
    assert.deepEqual(await axe(page), []);
    const { levels, problems: outlineProblems } = await outline(page);
    assert.deepEqual(outlineProblems, [], `heading levels: ${levels.join(',')}`);
    assert.deepEqual(await unnamedControls(page), []);
    assert.deepEqual(problems, []);
  });
}
