// The trace page of a seeded retail pack, opened as a shopper's phone would open it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
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

test('Korean is the default language', async () => {
  const { page } = await newPage(browser);
  await page.goto(server.demoUrls()[1]);
  await page.getByRole('heading', { name: '양식장', exact: true }).waitFor();
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
