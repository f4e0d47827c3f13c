// Item codes in the staff app (/staff/codes): real headless Chromium against the real
// server (--demo). The processor issues a print run of 10,000 signed codes for the demo
// pack lot, downloads its CSV and opens a label sheet (both fetched with the bearer token);
// a farm is refused in its language; a code checked at the two demo stores' kiosks shows
// up as a copy alert on the screen and as a badge on the home screen's link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';

const PACK_GTIN = '08801234567893';
const PACK_LOT = 'L261117A';

let server;
let browser;
/** The Digital Links of the run the processor issued in the first test. */
let issuedCodes = [];

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function apiToken(username) {
  const r = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `demo-${username}-2026` }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return (await r.json()).token;
}

async function signIn(page, username) {
  await page.goto(`${server.base}/staff?lang=en`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`demo-${username}-2026`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).waitFor();
}

/** Opens the codes screen from the staff home's link. */
async function openCodes(page) {
  await page.getByRole('link', { name: /^Item codes/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Item codes' }).waitFor();
}

test('the processor issues 10,000 codes, downloads the CSV of 10,001 lines and opens a sheet of 240 QR labels', async () => {
  const { context, page, problems } = await newPage(browser, { viewport: { width: 390, height: 844 }, acceptDownloads: true });
  await signIn(page, 'processor');
  await openCodes(page);
  await page.getByText('No print runs yet.').waitFor();
  assert.equal(await page.getByLabel('Number of codes').inputValue(), '1,000', 'the count starts at 1,000');

  await page.getByLabel('Product GTIN').fill(PACK_GTIN);
  await page.getByLabel('Lot', { exact: true }).fill(PACK_LOT);
  await page.getByLabel('Number of codes').fill('10000');

  // Held for a moment, so the button's state while sending can be seen.
  await page.route('**/api/print-runs', async (route) => {
    if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/print-runs') && r.request().method() === 'POST', { timeout: 120000 });
  await page.getByRole('button', { name: 'Issue codes', exact: true }).click();
  const sending = page.getByRole('button', { name: 'Issuing…' });
  await sending.waitFor();
  assert.equal(await sending.isDisabled(), true, 'the button is disabled while sending');

  const response = await answered;
  assert.equal(response.status(), 201);
  const body = await response.json();
  issuedCodes = body.codes;
  assert.equal(issuedCodes.length, 10000);
  assert.equal(body.sheets, 42);
  await page.getByText(`Codes issued for lot ${PACK_LOT}: 10,000.`).waitFor({ timeout: 60000 });
  const issued = page.locator('.issued');
  assert.equal(await issued.locator('.run-count').textContent(), '10,000');
  await issued.getByText('Label sheets: 42 (240 labels a sheet)').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Issue codes', exact: true }).isEnabled(), true);

  // The CSV: fetched with the token, saved as a file.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60000 }),
    issued.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^codes-L261117A-[0-9a-f]{8}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.split('\n').filter((l) => l.length > 0);
  assert.equal(lines.length, 10001, 'a header and one line per code');
  assert.equal(lines[0].trim(), 'position,gtin,lot,serial,digital_link');
  const serials = new Set();
  for (const [i, line] of lines.slice(1).entries()) {
    const [position, gtin, lot, serial, link] = line.trim().split(',');
    assert.equal(position, String(i + 1));
    assert.equal(gtin, PACK_GTIN);
    assert.equal(lot, PACK_LOT);
    assert.ok(link.includes(`/21/${serial}`) && link.includes('8030='), link);
    serials.add(serial);
  }
  assert.equal(serials.size, 10000, 'every serial is different');
  assert.equal(lines[1].trim().split(',')[4], issuedCodes[0], 'the CSV lists the codes the run answered, in order');

  // Sheet 2 of 42, opened in a tab of its own.
  await issued.getByLabel('Sheet').fill('2');
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    issued.getByRole('button', { name: 'Open label sheet' }).click(),
  ]);
  await tab.waitForURL(/^blob:/, { timeout: 60000 });
  await tab.locator('.label svg').first().waitFor();
  assert.equal(await tab.locator('.label svg').count(), 240, '240 QR labels on a sheet');
  assert.match(await tab.title(), /sheet 2 of 42/);
  // The sheet's own layout holds in the tab (its A4 grid of 30 mm QR codes), although a
  // document made from a blob keeps the staff page's Content-Security-Policy.
  await tab.waitForFunction(() => getComputedStyle(document.querySelector('.sheet')).display === 'grid', null, { timeout: 20000 });
  const qrWidth = await tab.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.label svg')).width));
  assert.ok(Math.abs(qrWidth - (30 * 96) / 25.4) < 1, `QR code 30 mm wide, got ${qrWidth}px`);
  // The second sheet starts with the 241st code.
  const secondSheetFirst = issuedCodes[240].match(/\/21\/([^/?]+)/)[1];
  assert.ok((await tab.locator('.label span').first().textContent()).includes(secondSheetFirst));

  // Earlier runs, after a reload: this run, newest first.
  await page.reload();
  await page.getByRole('heading', { level: 2, name: 'Earlier print runs' }).waitFor();
  const run = page.locator('.print-runs .print-run').first();
  await run.waitFor();
  assert.equal(await run.locator('.run-count').textContent(), '10,000');
  assert.ok((await run.textContent()).includes(PACK_LOT));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a farm is refused with the translated words, in English and in Korean', async () => {
  const { context, page, problems } = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(page, 'farm');
  await openCodes(page);
  await page.getByText('No print runs yet.').waitFor();
  await page.getByLabel('Product GTIN').fill(PACK_GTIN);
  await page.getByLabel('Lot', { exact: true }).fill(PACK_LOT);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/print-runs') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Issue codes', exact: true }).click();
  const response = await answered;
  assert.equal(response.status(), 403);
  const alert = page.getByRole('alert').filter({ hasText: 'Only the business that packed this lot may issue its codes' });
  await alert.waitFor();
  assert.equal(await page.locator('.issued').count(), 0, 'nothing shown as issued');

  await page.goto(`${server.base}/staff/codes?lang=ko`);
  await page.getByRole('heading', { level: 1, name: '개별 코드' }).waitFor();
  await page.getByLabel('상품 GTIN').fill(PACK_GTIN);
  await page.getByLabel('로트', { exact: true }).fill(PACK_LOT);
  await page.getByRole('button', { name: '코드 발급', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '로트를 포장한 업체만 그 코드를 발급할 수 있는데' }).waitFor();

  // A count the server would refuse is refused here first, in words.
  await page.getByLabel('코드 수').fill('100001');
  await page.getByRole('button', { name: '코드 발급', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '코드 수를 1부터 100,000 사이로 입력하세요.' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a code checked at the two demo stores appears as a copy alert, with a badge on the home link', async () => {
  assert.ok(issuedCodes.length > 0, 'the first test issued codes');
  const token = await apiToken('processor');
  const r = await fetch(`${server.base}/api/businesses`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  const { businesses } = await r.json();
  const gln = (id) => businesses.find((b) => b.id === id)?.gln;
  const [gangnam, mapo] = [gln('hanbit-gangnam'), gln('pureun-mapo')];
  assert.match(gangnam ?? '', /^\d{13}$/);
  assert.match(mapo ?? '', /^\d{13}$/);

  const { context, page, problems } = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(page, 'processor');
  // Before any check: no badge, no alert.
  await page.getByRole('link', { name: 'Item codes', exact: true }).waitFor();
  await openCodes(page);
  await page.getByText('No alerts: none of your codes has been checked in a suspicious way.').waitFor();

  const code = issuedCodes[7];
  const serial = code.match(/\/21\/([^/?]+)/)[1];
  const warnings = await page.evaluate(async ({ code, places }) => {
    const path = code.replace(/^https?:\/\/[^/]+\//, '');
    const out = [];
    for (const place of places) {
      const res = await fetch(`/api/trace/${encodeURIComponent(path)}?check=1&place=${place}`);
      const body = await res.json();
      out.push([res.status, body.item?.warning ?? null]);
    }
    return out;
  }, { code, places: [gangnam, mapo] });
  assert.deepEqual(warnings, [[200, null], [200, 'two_stores']]);

  await page.reload();
  const entry = page.locator('.alert-entry').filter({ hasText: serial });
  await entry.waitFor();
  assert.ok((await entry.textContent()).includes('Checked at two different stores — one of these packs is probably a copy'));
  assert.ok((await entry.locator('.alert-store').textContent()).includes(mapo), 'the store of the check that raised it');
  assert.ok((await entry.textContent()).includes(PACK_LOT));
  assert.equal(await page.locator('.alert-entry').count(), 1);

  await page.getByRole('link', { name: 'Staff home', exact: true }).click();
  await page.getByRole('link', { name: /^Item codes\s+1 copy alert$/ }).waitFor();

  // The farm's screen shows none of the processor's alerts.
  const farm = await newPage(browser);
  await signIn(farm.page, 'farm');
  await openCodes(farm.page);
  await farm.page.getByText('No alerts: none of your codes has been checked in a suspicious way.').waitFor();
  assert.deepEqual(problems, []);
  assert.deepEqual(farm.problems, []);
  await farm.context.close();
  await context.close();
});
