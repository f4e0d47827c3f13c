// The field staff's forms (issue #23, items 12–14), in real headless Chromium against the
// real server (--demo): an empty save takes the person to the first marked field and
// counts them; input borders are 3:1 against white; a save repeats what was saved, with
// "Record another" and home apart; sent looks done, not like waiting; "Continue a draft"
// is a 48 px target; the lot chooser lists the business's lots from the server, offline
// too, searchable by lot number; the farm reaches labels from its home and chooses a lot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';

const FARM_LOT = '01/08801234000208/10/SS2611A';
const FRY_LOT = '01/08801234000109/10/FRY2603A';
const PHONE = { viewport: { width: 390, height: 844 } };

let server;
let browser;

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

async function signIn(page, username) {
  await page.goto(`${server.base}/staff?lang=en`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`demo-${username}-2026`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sync now' }).waitFor();
}

async function openHarvest(page, lang = 'en') {
  await page.goto(`${server.base}/staff/new/farm_harvest?lang=${lang}`);
  await page.locator('form.staff-form').waitFor();
}

async function waitFor(fn, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** WCAG contrast ratio of two CSS colours `rgb(r, g, b)` (opaque). */
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map((v) => Number(v) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => p - q);
  return (y + 0.05) / (x + 0.05);
}

async function saveHarvest(page, lot, kg) {
  await page.getByLabel('Lot code').fill(lot);
  await page.getByLabel('Weight (kg)').fill(kg);
  await page.getByLabel(/Harvest date/).fill('2026-11-16');
  await page.getByRole('button', { name: 'Save to outbox' }).click();
  await page.getByText('Saved to the outbox').waitFor();
}

test('an empty save moves focus to the first marked field and says how many need attention (en, ko)', async () => {
  const { context, page, problems } = await newPage(browser, PHONE);
  await signIn(page, 'farm');
  await openHarvest(page);
  await page.getByRole('button', { name: 'Save to outbox' }).click();
  const alert = page.locator('.fix-count');
  await alert.waitFor();
  const lotId = await page.getByLabel('Lot code').getAttribute('id');
  await waitFor(async () => (await page.evaluate(() => document.activeElement?.id)) === lotId,
    'focus on the lot code input');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true');
  const marked = await page.locator('form.staff-form .field-error').count();
  assert.ok(marked >= 2, `marked fields: ${marked}`);
  assert.equal(await alert.innerText(), `${marked} fields need attention. Check the marked fields.`);
  // Every marked input says so to assistive technology.
  assert.ok(await page.locator('form.staff-form [aria-invalid="true"]').count() >= 2);

  await openHarvest(page, 'ko');
  await page.locator('button[type="submit"]').click();
  await alert.waitFor();
  const markedKo = await page.locator('form.staff-form .field-error').count();
  assert.equal(await alert.innerText(), `확인할 항목이 ${markedKo}개 있습니다. 표시된 항목을 확인하세요.`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every input border of a form is at least 3:1 against the white page', async () => {
  const { context, page, problems } = await newPage(browser, PHONE);
  await signIn(page, 'farm');
  await openHarvest(page);
  const borders = await page.evaluate(() => [...document.querySelectorAll(
    'form.staff-form input:not([type="hidden"]), form.staff-form select',
  )].map((el) => ({ id: el.id, type: el.type, color: getComputedStyle(el).borderTopColor })));
  assert.ok(borders.length >= 4, JSON.stringify(borders));
  for (const b of borders) {
    const ratio = contrast(b.color, 'rgb(255, 255, 255)');
    assert.ok(ratio >= 3, `${b.type} #${b.id}: border ${b.color} is ${ratio.toFixed(2)}:1 against white`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('after a save the lot and the quantity are repeated, and "Record another" and home are set apart', async () => {
  const { context, page, problems } = await newPage(browser, PHONE);
  await signIn(page, 'farm');
  await openHarvest(page);
  await saveHarvest(page, FARM_LOT, '420');
  const summary = await page.locator('.saved-summary').innerText();
  assert.match(summary, /Lot\s+01\/08801234000208\/10\/SS2611A/);
  assert.match(summary, /Quantity\s+420 kg/);
  const another = page.getByRole('button', { name: 'Record another' });
  const home = page.getByRole('link', { name: 'Back to staff home' });
  const look = (l) => l.evaluate((el) => {
    const s = getComputedStyle(el);
    return { bg: s.backgroundColor, border: s.borderTopStyle === 'none' ? 'none' : s.borderTopColor };
  });
  const [a, h] = [await look(another), await look(home)];
  assert.notEqual(a.bg, h.bg, `same background ${a.bg}`);
  assert.notDeepEqual(a, h);
  const [ab, hb] = [await another.boundingBox(), await home.boundingBox()];
  assert.ok(hb.y >= ab.y + ab.height + 16, `home (y ${hb.y}) is not apart from Record another (bottom ${ab.y + ab.height})`);
  // "Record another" opens a new empty form.
  await another.click();
  assert.equal(await page.getByLabel('Lot code').inputValue(), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('in the outbox, Sent looks done and unlike Waiting', async () => {
  const { context, page, problems } = await newPage(browser, PHONE);
  await signIn(page, 'farm');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await openHarvest(page);
  await saveHarvest(page, FARM_LOT, '11');
  await page.getByRole('link', { name: 'Outbox' }).click();
  const sent = page.locator('.entry .badge', { hasText: 'Sent' }).first();
  await sent.waitFor({ timeout: 30000 });
  // The second record waits: no connection.
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Staff home', exact: true }).click();
  await page.getByRole('link', { name: 'Harvest', exact: true }).click();
  await page.locator('form.staff-form').waitFor();
  await saveHarvest(page, FARM_LOT, '12');
  await page.getByRole('link', { name: 'Outbox' }).click();
  const waiting = page.locator('.entry .badge', { hasText: 'Waiting' }).first();
  await waiting.waitFor();
  await sent.waitFor();
  const style = (l) => l.evaluate((el) => {
    const s = getComputedStyle(el);
    const entry = getComputedStyle(el.closest('.entry'));
    return { cls: el.className, bg: s.backgroundColor, color: s.color, edge: entry.borderLeftColor };
  });
  const [s, w] = [await style(sent), await style(waiting)];
  assert.notEqual(s.cls, w.cls);
  assert.notEqual(s.bg, w.bg, `same badge background ${s.bg}`);
  assert.notEqual(s.edge, w.edge, `same edge ${s.edge}`);
  // Not amber: the done colour is green (more green than red), and readable.
  const [r, g] = s.bg.match(/\d+/g).map(Number);
  assert.ok(g > r, `sent badge ${s.bg} is not a done green`);
  assert.ok(contrast(s.color, s.bg) >= 4.5, `sent badge text ${s.color} on ${s.bg}`);
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Continue a draft" links are at least 48 px tall', async () => {
  const { context, page, problems } = await newPage(browser, PHONE);
  await signIn(page, 'farm');
  await openHarvest(page);
  await page.getByLabel('Lot code').fill('01/08801234000208/10/DRAFT48');
  await waitFor(() => page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('lottrace-staff');
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      const req = open.result.transaction('drafts').objectStore('drafts').getAll();
      req.onsuccess = () => { open.result.close(); resolve(req.result.some((d) => d.includes('DRAFT48'))); };
      req.onerror = () => { open.result.close(); resolve(false); };
    };
  })), 'the draft on this device');
  await page.getByRole('link', { name: 'Staff home', exact: true }).click();
  const link = page.locator('.drafts a', { hasText: 'Harvest' });
  await link.waitFor();
  const box = await link.boundingBox();
  assert.ok(box.height >= 48, `draft link is ${box.width}×${box.height}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the lot chooser lists the business\'s lots from the server, offline too, searchable by lot number', async () => {
  const { context, page, problems } = await newPage(browser, PHONE);
  await signIn(page, 'farm');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // A fresh device: nothing recorded here, so "recent lots" would be empty.
  await context.setOffline(true);
  // Opened offline from the service worker: the list comes from this device's copy.
  await openHarvest(page);
  await page.getByRole('button', { name: 'Scan or pick' }).click();
  const sheet = page.getByRole('dialog');
  await sheet.getByRole('heading', { name: 'Your business\'s lots' }).waitFor();
  await sheet.getByText('Offline: the list kept on this device.').waitFor();
  const lots = sheet.locator('.held-lot');
  await lots.first().waitFor();
  const keys = await lots.evaluateAll((els) => els.map((e) => e.dataset.key));
  assert.ok(keys.includes(FARM_LOT), keys.join(' '));
  assert.ok(keys.includes(FRY_LOT), keys.join(' '));
  assert.ok(!keys.includes('01/08801234000208/10/HL2611B'), 'another farm\'s lot');
  assert.match(await lots.filter({ hasText: 'SS2611A' }).innerText(), /\d+(\.\d+)? kg/);

  const search = sheet.getByLabel('Search by lot number');
  await search.fill('fry26');
  await waitFor(async () => (await lots.count()) === 1, 'one lot for "fry26"');
  assert.equal(await lots.first().getAttribute('data-key'), FRY_LOT);
  await search.fill('ZZZ');
  await sheet.getByText('No lot matches.').waitFor();
  await search.fill('SS26');
  await lots.filter({ hasText: 'SS2611A' }).click();
  await sheet.waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('Lot code').inputValue(), FARM_LOT);
  await context.setOffline(false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the farm reaches labels from its home and chooses the lot to print; a store has no labels link', async () => {
  const { context, page, problems } = await newPage(browser, PHONE);
  await signIn(page, 'farm');
  await page.getByRole('link', { name: 'Choose a lot to print' }).click();
  await page.getByRole('heading', { level: 1, name: 'Labels' }).waitFor();
  await page.getByText('No lot to print.').waitFor();
  await page.getByRole('button', { name: 'Choose a lot to print' }).click();
  const sheet = page.getByRole('dialog');
  await sheet.getByLabel('Search by lot number').fill('SS2611A');
  await sheet.locator('.held-lot', { hasText: 'SS2611A' }).click();
  await page.locator('.label .hri', { hasText: '(10) SS2611A' }).first().waitFor();
  assert.match(decodeURIComponent(page.url()), /lots=01\/08801234000208\/10\/SS2611A/);
  assert.equal(await page.getByText('No lot to print.').count(), 0);
  // Another lot joins the sheet.
  await page.getByRole('button', { name: 'Add another lot' }).click();
  await sheet.getByLabel('Search by lot number').fill('FRY');
  await sheet.locator('.held-lot', { hasText: 'FRY2603A' }).click();
  await page.locator('.label .hri', { hasText: '(10) FRY2603A' }).first().waitFor();
  assert.equal(await page.locator('.label .hri', { hasText: '(10) SS2611A' }).count(), 1);

  const store = await newPage(browser, PHONE);
  await signIn(store.page, 'retailer');
  await store.page.getByRole('heading', { level: 2, name: 'Record' }).waitFor();
  assert.equal(await store.page.getByRole('link', { name: 'Choose a lot to print' }).count(), 0);
  assert.deepEqual(problems, []);
  assert.deepEqual(store.problems, []);
  await store.context.close();
  await context.close();
});
