// Staff capture, offline first: real headless Chromium against the real server (--demo).
// Sign in, go offline, fill forms, reload offline (the service worker opens the app,
// drafts and outbox intact), come back online and sync; then a refused record, and 200
// records synced through a proxy that fails a share of the requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { startProxy } from '../support/proxy.mjs';
import { enqueue, farmHarvests, outboxCounts } from '../support/outbox.mjs';
import { qrFrame, writeY4m, fakeCameraFlags } from '../support/camera.mjs';

// What `--demo` seeds: the chain (…-9a7c-…) and the store's counter thermometer (…-9a7d-…).
const DEMO_ID_PREFIX = 'urn:uuid:6c0f0e2a-1d5b-4f3e-9a7';
const SEONGSAN_GLN = '8801234000024';
const LIVEFISH_GLN = '8801234000048';
const PLANT_GLN = '8801234000055';
const FARM_LOT = '01/08801234000208/10/SS2611A';

let server;
let browser;

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

export async function apiToken(base, username = 'admin') {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `demo-${username}-2026` }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return (await r.json()).token;
}

/** Every event the server holds, following nextPageToken. */
export async function allEvents(base, token) {
  const out = [];
  let url = `${base}/epcis/events?perPage=1000`;
  for (;;) {
    const r = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    assert.equal(r.status, 200, await r.clone().text());
    const doc = await r.json();
    out.push(...doc.epcisBody.queryResults.resultsBody.eventList);
    const next = r.headers.get('gs1-next-page-token');
    if (!next) return out;
    url = `${base}/epcis/events?perPage=1000&nextPageToken=${encodeURIComponent(next)}`;
  }
}

const ours = (events) => events.filter((e) => !String(e.eventID).startsWith(DEMO_ID_PREFIX));

async function signIn(page, base, username) {
  await page.goto(`${base}/staff?lang=en`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`demo-${username}-2026`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sync now' }).waitFor();
}

async function waitFor(fn, { timeout = 60000, every = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** A store of the staff database, as the app wrote it (JSON strings by key). */
function readStore(page, store) {
  return page.evaluate((store) => new Promise((resolve, reject) => {
    const open = indexedDB.open('lottrace-staff');
    open.onerror = () => reject(new Error('cannot open lottrace-staff'));
    open.onsuccess = () => {
      const tx = open.result.transaction(store);
      const keys = tx.objectStore(store).getAllKeys();
      const values = tx.objectStore(store).getAll();
      tx.oncomplete = () => {
        open.result.close();
        resolve(keys.result.map((k, i) => [k, JSON.parse(values.result[i])]));
      };
      tx.onerror = () => reject(new Error(`cannot read ${store}`));
    };
  }), store);
}

async function sessionToken(page) {
  const meta = new Map(await readStore(page, 'meta'));
  return meta.get('session')?.token ?? null;
}

/** Counts, per eventID, the capture requests that carried it (any answer). */
function watchCaptures(page, sent = new Map()) {
  page.on('request', (r) => {
    if (!r.url().includes('/epcis/capture') || r.method() !== 'POST') return;
    let doc;
    try { doc = JSON.parse(r.postData() ?? ''); } catch { return; }
    for (const e of doc?.epcisBody?.eventList ?? []) sent.set(e.eventID, (sent.get(e.eventID) ?? 0) + 1);
  });
  return sent;
}

const harvestEvents = (n, tag) => farmHarvests(n, {
  lot: FARM_LOT, gln: SEONGSAN_GLN, hour: 7, container: (i) => `${tag}-${i}`,
});

async function openForm(page, name) {
  await page.getByRole('link', { name: 'Staff home', exact: true }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function fillLot(page, code, kg, row = 0) {
  await page.getByLabel('Lot code').nth(row).fill(code);
  await page.getByLabel('Weight (kg)').nth(row).fill(kg);
}

async function submit(page) {
  await page.getByRole('button', { name: 'Save to outbox' }).click();
  await page.getByText('Saved to the outbox').waitFor();
}

test('offline round trip: three forms offline, reload offline, sync, exactly those three events on the server', async () => {
  const { context, page, problems } = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await signIn(page, server.base, 'farm');
  // The service worker has installed (precached the app shell) before the signal goes.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await context.setOffline(true);

  // 1. Harvest of the farm's lot.
  await openForm(page, 'Harvest');
  await fillLot(page, FARM_LOT, '420');
  await page.getByLabel(/Harvest date/).fill('2026-11-16');
  await submit(page);

  // 2. Shipment to the live-fish carrier, validated as typed.
  await openForm(page, 'Farm shipment');
  await fillLot(page, FARM_LOT, 'abc');
  await page.getByText('Enter kilograms above zero.').waitFor();
  await page.getByLabel('Weight (kg)').fill('420');
  await page.getByLabel('Recipient (GLN)').fill(LIVEFISH_GLN);
  await page.getByLabel(/Transporter/).fill('제주활어운송');
  await submit(page);

  // 3. Feeding, whose required fields depend on the feed type.
  await openForm(page, 'Feeding');
  await fillLot(page, FARM_LOT, '420');
  await page.getByLabel(/Feed type/).selectOption('formulated');
  await page.getByLabel(/Feed records kept/).selectOption('true');
  await page.getByLabel(/Formulated feed: product name/).fill('넙치 EP 사료 3호');
  await page.getByLabel(/origin of source fish/).fill('KR');
  await submit(page);

  // A fourth form left half-filled: its draft must survive the reload.
  await openForm(page, 'Harvest');
  await page.getByLabel('Lot code').fill('01/08801234000208/10/DRAFT01');
  await page.waitForTimeout(300);

  await page.getByRole('status').filter({ hasText: 'waiting to send' }).waitFor();
  assert.match(await page.getByRole('status').filter({ hasText: 'waiting' }).innerText(), /3 waiting to send/);

  // Reload with no network: the service worker opens the app.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Harvest' }).waitFor();
  assert.equal(await page.getByLabel('Lot code').inputValue(), '01/08801234000208/10/DRAFT01');
  assert.match(await page.getByRole('status').filter({ hasText: 'waiting' }).innerText(), /3 waiting to send/);
  assert.deepEqual(await outboxCounts(page), { pending: 3, sending: 0, sent: 0, rejected: 0 });
  // No test door in the shipped app.
  assert.equal(await page.evaluate(() => typeof window.lottraceStaff), 'undefined');

  // Back online: the `online` event (or "Sync now") sends them.
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByRole('status').filter({ hasText: 'All records sent' }).waitFor({ timeout: 30000 });
  assert.match(await page.locator('.last-sync-time').innerText(), /\d{2}:\d{2}/);

  const events = ours(await allEvents(server.base, await apiToken(server.base)));
  assert.equal(events.length, 3, JSON.stringify(events, null, 1));
  assert.equal(new Set(events.map((e) => e.eventID)).size, 3);
  for (const e of events) assert.match(e.eventID, /^urn:uuid:[0-9a-f-]{36}$/);
  const steps = events.map((e) => e.bizStep).sort();
  assert.deepEqual(steps, ['holding', 'shipping', 'urn:gdst:bizStep:farmHarvest']);
  const ship = events.find((e) => e.bizStep === 'shipping');
  assert.equal(ship.quantityList[0].quantity, 420);
  // The recipient is named by its GLN as the owning party (what gives it custody) and place.
  assert.deepEqual(ship.destinationList.map((d) => d.type), ['owning_party', 'location']);
  for (const d of ship.destinationList) assert.match(d.destination, new RegExp(LIVEFISH_GLN));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a refused record is shown with the server reason and not retried in a loop', async () => {
  const { context, page, problems } = await newPage(browser);
  await signIn(page, server.base, 'farm');
  let captures = 0;
  page.on('request', (r) => { if (r.url().includes('/epcis/capture')) captures += 1; });
  await openForm(page, 'Harvest');
  await fillLot(page, FARM_LOT, '10');
  await page.getByLabel(/Harvest date/).fill('2026-11-16');
  // Recorded at the processing plant's place: not the farm's own location.
  await page.getByText('Place (GLN)').first().click();
  await page.getByRole('textbox', { name: 'Place (GLN)' }).fill(PLANT_GLN);
  await submit(page);
  await page.getByRole('status').filter({ hasText: 'refused by the server' }).waitFor({ timeout: 30000 });
  await page.getByRole('link', { name: 'Outbox' }).click();
  await page.getByText('Refused', { exact: true }).first().waitFor();
  assert.match(await page.locator('.entry.rejected .reason').innerText(), /403 .*not a location of/);
  const after = captures;
  await page.waitForTimeout(6000);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForTimeout(1500);
  assert.ok(captures - after <= 0, `refused record re-sent ${captures - after} times`);
  // Sign-out is refused while a record is unsent.
  await page.getByRole('link', { name: 'Staff home', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You cannot sign out while records are unsent').waitFor();
  // Discarding it clears the way.
  await page.getByRole('link', { name: 'Outbox' }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Discard' }).click();
  await page.getByRole('status').filter({ hasText: 'All records sent' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a save followed at once by a reload keeps the record in exactly one place: the outbox or the form', async () => {
  const { context, page, problems } = await newPage(browser);
  await signIn(page, server.base, 'farm');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await context.setOffline(true);
  const drafts = async () => (await readStore(page, 'drafts')).map(([, d]) => d);
  const entries = async () => (await readStore(page, 'outbox')).map(([, e]) => e);
  for (let i = 0; i < 8; i += 1) {
    const lot = `01/08801234000208/10/RELOAD${i}`;
    await page.goto(`${server.base}/staff/new/farm_harvest?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Harvest' }).waitFor();
    await fillLot(page, lot, '12');
    await page.getByLabel(/Harvest date/).fill('2026-11-16');
    // The draft is on disk before the save (autosave), so the reload may come at any
    // point of the save: after it, the record is in the outbox or still in the form.
    await waitFor(async () => (await drafts()).some((d) => d.inputs?.some((r) => r.code === lot) || d.outputs?.some((r) => r.code === lot)),
      { what: `draft of ${lot}` });
    await page.getByRole('button', { name: 'Save to outbox' }).click();
    await page.waitForTimeout(i * 3);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Harvest' }).waitFor();
    const inDraft = (await drafts()).some((d) => JSON.stringify(d).includes(lot));
    const inOutbox = (await entries()).filter((e) => JSON.stringify(e.event).includes(lot.split('/10/')[1])).length;
    assert.ok(inDraft !== (inOutbox === 1) && inOutbox <= 1,
      `try ${i}: draft ${inDraft ? 'kept' : 'gone'}, ${inOutbox} outbox entries of the record`);
    const shown = await page.getByLabel('Lot code').first().inputValue();
    assert.equal(shown === lot, inDraft, `try ${i}: the form shows ${shown || 'nothing'}`);
    if (inDraft) await submit(page);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a draft is filled in one tab at a time, and the same record saved twice within minutes is asked about', async () => {
  const { context, page: a, problems } = await newPage(browser);
  const b = await context.newPage();
  b.on('pageerror', (e) => problems.push(`pageerror (tab 2): ${e.message}`));
  try {
    await signIn(a, server.base, 'farm');
    await context.setOffline(true);
    await a.goto(`${server.base}/staff/new/farm_harvest?lang=en`);
    await a.getByRole('heading', { level: 1, name: 'Harvest' }).waitFor();
    await fillLot(a, '01/08801234000208/10/TWOTABS1', '30');
    await a.getByLabel(/Harvest date/).fill('2026-11-16');
    await a.getByLabel('Date and time').fill('2026-11-16T06:30');
    await a.waitForTimeout(300);
    // The second tab does not show (or edit) the first tab's unsaved values.
    await b.goto(`${server.base}/staff/new/farm_harvest?lang=en`);
    await b.getByText('This form is being filled in another tab').waitFor();
    assert.equal(await b.locator('form.staff-form').count(), 0);
    // The first tab leaves the form: the second gets it, with the values as they were.
    await a.getByRole('link', { name: 'Staff home', exact: true }).click();
    await b.locator('form.staff-form').waitFor();
    assert.equal(await b.getByLabel('Lot code').first().inputValue(), '01/08801234000208/10/TWOTABS1');
    await submit(b);
    await b.getByRole('link', { name: 'Staff home', exact: true }).click();
    // The same record again, from the first tab: the app asks; "Cancel" keeps one.
    await a.goto(`${server.base}/staff/new/farm_harvest?lang=en`);
    await a.getByRole('heading', { level: 1, name: 'Harvest' }).waitFor();
    await fillLot(a, '01/08801234000208/10/TWOTABS1', '30');
    await a.getByLabel(/Harvest date/).fill('2026-11-16');
    await a.getByLabel('Date and time').fill('2026-11-16T06:30');
    let asked = '';
    a.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
    await a.getByRole('button', { name: 'Save to outbox' }).click();
    await waitFor(() => asked, { what: 'the question' });
    assert.match(asked, /same content a few minutes ago/);
    const harvests = async () => (await readStore(a, 'outbox')).filter(([, e]) => JSON.stringify(e.event).includes('TWOTABS1')).length;
    assert.equal(await harvests(), 1);
    assert.equal(await a.getByText('Saved to the outbox').count(), 0);
    // "OK" saves it a second time: the person meant it.
    a.once('dialog', (d) => d.accept());
    await submit(a);
    assert.equal(await harvests(), 2);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('one record the server keeps failing (500) is isolated, shown as stuck with the reason, and the others are sent', async () => {
  const { context, page, problems } = await newPage(browser);
  try {
    await signIn(page, server.base, 'farm');
    await context.setOffline(true);
    const ids = await enqueue(page, harvestEvents(16, 'stuck'));
    const poison = ids[7];
    await context.route('**/epcis/capture', async (route) => {
      if ((route.request().postData() ?? '').includes(poison)) {
        await route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'internal', message: 'database is locked' }) });
      } else {
        await route.continue();
      }
    });
    await page.getByRole('status').filter({ hasText: '16 waiting to send' }).waitFor();
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Sync now' }).click();
    // No more clicks: the engine splits the failing request until the record is alone.
    const counts = await waitFor(async () => {
      const c = await outboxCounts(page);
      return c.sent === 15 ? c : null;
    }, { timeout: 90000, every: 500, what: '15 of 16 sent' });
    assert.deepEqual(counts, { pending: 1, sending: 0, sent: 15, rejected: 0 });
    await page.getByRole('link', { name: 'Outbox' }).click();
    const stuck = page.locator('.entry.stuck');
    await stuck.waitFor({ timeout: 30000 });
    assert.equal(await stuck.count(), 1);
    assert.match(await stuck.locator('.badge').innerText(), /Stuck/);
    assert.match(await stuck.locator('.reason').innerText(), /keeps failing this record.*500 · database is locked/);
    const onServer = ours(await allEvents(server.base, await apiToken(server.base))).map((e) => e.eventID);
    assert.deepEqual(ids.filter((id) => onServer.includes(id)).sort(), ids.filter((id) => id !== poison).sort());
    // Once the server takes it, it goes like any other.
    await context.unroute('**/epcis/capture');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('status').filter({ hasText: 'All records sent' }).waitFor({ timeout: 30000 });
    assert.equal(await page.locator('.entry.stuck').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the release build carries no test door', () => {
  const dist = process.env.LOTTRACE_DIST;
  const wasm = readdirSync(join(dist, 'staff')).filter((f) => f.endsWith('.wasm'));
  assert.ok(wasm.length > 0, 'no staff WASM in the build');
  for (const f of wasm) {
    const bytes = readFileSync(join(dist, 'staff', f));
    for (const door of ['lottraceStaff', 'lottrace-test']) {
      assert.equal(bytes.includes(door), false, `${f} contains ${door}`);
    }
  }
});

test('faults: 200 events made offline, synced through a failing proxy, arrive exactly once', async () => {
  // Seeded so that the first five capture requests fail in all four ways (drop, 500,
  // reset, 500, stall), then 40 % of the rest.
  const proxy = await startProxy(server.base, { faultRate: 0.4, seed: 20261255 });
  const { context, page, problems } = await newPage(browser);
  try {
    await signIn(page, proxy.base, 'farm');
    await context.setOffline(true);
    // 200 events put in the outbox as another tab would (`enqueue`): harvest
    // observations of one lot at the farm.
    const events = farmHarvests(200, { lot: FARM_LOT, gln: SEONGSAN_GLN });
    assert.equal((await enqueue(page, events)).length, 200);
    await page.getByRole('status').filter({ hasText: '200 waiting to send' }).waitFor();
    assert.equal((await outboxCounts(page)).pending, 200);
    await context.setOffline(false);
    // No clicks from here: the engine retries on its own (online event, backoff timer).
    await waitFor(async () => {
      const s = await outboxCounts(page);
      return s.sent === 200 && s.pending === 0 && s.sending === 0 ? s : null;
    }, { timeout: 240000, every: 500, what: 'all 200 sent' });
    assert.ok(proxy.counts.faulted >= 5, JSON.stringify(proxy.counts));
    const ids = ours(await allEvents(server.base, await apiToken(server.base))).map((e) => e.eventID);
    assert.equal(new Set(ids).size, ids.length, 'an event was stored twice');
    const mine = await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('lottrace-staff');
      open.onerror = reject;
      open.onsuccess = () => {
        const req = open.result.transaction('outbox').objectStore('outbox').getAll();
        req.onsuccess = () => resolve(req.result.map((j) => JSON.parse(j)).filter((e) => e.form === 'import').map((e) => e.id));
        req.onerror = reject;
      };
    }));
    assert.equal(mine.length, 200);
    const onServer = ids.filter((id) => mine.includes(id));
    assert.equal(onServer.length, 200, `server has ${onServer.length} of the 200 (faults: ${JSON.stringify(proxy.counts)})`);
    assert.equal(new Set(onServer).size, 200, 'an event was stored twice');
    console.log(`# proxy: ${JSON.stringify(proxy.counts)}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await proxy.stop();
  }
});

test('labels: QR code and Code 128 of a 13-digit lot, sizes and copies', async () => {
  const { context, page, problems } = await newPage(browser);
  await signIn(page, server.base, 'processor');
  await page.goto(`${server.base}/staff/labels?lang=en&lots=${encodeURIComponent('lot13/1234010211170')},${encodeURIComponent('01/08801234567893/10/L261117A')}`);
  await page.getByRole('img', { name: 'QR code to trace this lot' }).first().waitFor();
  assert.equal(await page.locator('.label').count(), 2);
  await page.getByLabel('Copies').fill('3');
  await page.waitForFunction(() => document.querySelectorAll('.label').length === 6);
  await page.getByRole('img', { name: 'Barcode 1234010211170' }).first().waitFor();
  await page.getByLabel('Label size').selectOption('s100');
  await page.locator('.label.s100').first().waitFor();
  assert.match(await page.locator('.label-sheet').innerText(), /\(01\) 08801234567893/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new deploy is offered as "Reload to update", never swapped under an open form', async () => {
  // A deploy of our own: a copy of the build whose sw.js the test can change.
  const dist = mkdtempSync(join(tmpdir(), 'lottrace-dist-'));
  cpSync(process.env.LOTTRACE_DIST, dist, { recursive: true });
  const own = await startServer({ dist });
  const { context, page, problems } = await newPage(browser);
  try {
    await signIn(page, own.base, 'farm');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await openForm(page, 'Harvest');
    const typed = '01/08801234000208/10/UPDATE1';
    await page.getByLabel('Lot code').fill(typed);
    await waitFor(async () => {
      const drafts = new Map(await readStore(page, 'drafts'));
      return drafts.get('farm_harvest')?.inputs?.[0]?.code === typed;
    }, { what: 'the draft saved' });

    // The new deploy: sw.js bytes change (a new build id), as `cargo xtask build` does.
    const swFile = join(dist, 'sw.js');
    const sw = readFileSync(swFile, 'utf8');
    const m = sw.match(/const BUILD = "([^"]+)";/);
    assert.ok(m, 'sw.js carries no build id');
    const [oldBuild, newBuild] = [m[1], `${m[1]}-next`];
    writeFileSync(swFile, sw.replace(m[0], `const BUILD = "${newBuild}";`));
    // The server sends precompressed twins as they are: they would still be the old bytes.
    for (const twin of ['sw.js.br', 'sw.js.gz']) rmSync(join(dist, twin), { force: true });

    await page.evaluate(() => { window.notReloaded = true; });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const reload = page.getByRole('button', { name: 'Reload to update' });
    await reload.waitFor();
    // Offered, not forced: the same page, the typed value in place, the new worker waiting
    // and the old one still serving (its cache not yet replaced).
    assert.equal(await page.evaluate(() => window.notReloaded), true);
    assert.equal(await page.getByLabel('Lot code').inputValue(), typed);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null)), true);
    assert.ok((await page.evaluate(() => caches.keys())).includes(`lottrace-shell-${oldBuild}`));

    const loaded = page.waitForEvent('load');
    await reload.click();
    await loaded;
    await page.getByRole('heading', { level: 1, name: 'Harvest' }).waitFor();
    assert.equal(await page.evaluate(() => window.notReloaded), undefined);
    // Under the new worker: its cache is the shell now, the old one is gone.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const keys = await page.evaluate(() => caches.keys());
    assert.ok(keys.includes(`lottrace-shell-${newBuild}`), JSON.stringify(keys));
    assert.ok(!keys.includes(`lottrace-shell-${oldBuild}`), JSON.stringify(keys));
    assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.waiting)), null);
    // The draft came back with the new version.
    await waitFor(async () => (await page.getByLabel('Lot code').inputValue()) === typed, { what: 'the draft restored' });
    assert.equal(await page.getByRole('button', { name: 'Reload to update' }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await own.stop();
    rmSync(dist, { recursive: true, force: true });
  }
});

test('two tabs: both sync at once, each event is sent exactly once, and each tab sees the other\'s changes', async () => {
  const { context, page: a, problems } = await newPage(browser);
  const b = await context.newPage();
  b.on('pageerror', (e) => problems.push(`pageerror (tab 2): ${e.message}`));
  const sent = watchCaptures(b, watchCaptures(a));
  try {
    await signIn(a, server.base, 'farm');
    // The second tab shares the device's session.
    await b.goto(`${server.base}/staff/outbox?lang=en`);
    await b.getByRole('button', { name: 'Sync now' }).waitFor();
    await context.setOffline(true);
    const first = harvestEvents(60, 'tabA');
    const second = harvestEvents(60, 'tabB');
    assert.equal((await enqueue(a, first)).length, 60);
    assert.equal((await enqueue(b, second)).length, 60);
    // Each tab counts the other's records with its own, without a reload (BroadcastChannel).
    for (const p of [a, b]) await p.getByRole('status').filter({ hasText: '120 waiting to send' }).waitFor();
    // Slow answers: a run lasts long enough that the two tabs' runs overlap.
    await context.route('**/epcis/capture', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await context.setOffline(false);
    // Both tabs hear `online`; both are also asked directly, at once.
    await Promise.all([a, b].map((p) => p.getByRole('button', { name: 'Sync now' }).click()));
    for (const p of [a, b]) {
      await p.getByRole('status').filter({ hasText: 'All records sent' }).waitFor({ timeout: 60000 });
    }
    // The second tab's outbox list shows them sent, without a reload.
    await b.locator('.entry.sent').first().waitFor();
    assert.equal(await b.locator('.entry.pending, .entry.sending').count(), 0);

    const ids = [...first, ...second].length;
    const mine = (await readStore(a, 'outbox')).map(([, e]) => e).filter((e) => e.form === 'import').map((e) => e.id);
    assert.equal(mine.length, ids);
    for (const id of mine) assert.equal(sent.get(id), 1, `${id} was sent ${sent.get(id) ?? 0} times`);
    const onServer = ours(await allEvents(server.base, await apiToken(server.base))).map((e) => e.eventID);
    const stored = onServer.filter((id) => mine.includes(id));
    assert.equal(stored.length, ids);
    assert.equal(new Set(stored).size, ids, 'an event was stored twice');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a revoked session: sync asks to sign in again (in every tab), keeps the outbox, then sends the record once', async () => {
  const { context, page, problems } = await newPage(browser);
  const other = await context.newPage();
  other.on('pageerror', (e) => problems.push(`pageerror (tab 2): ${e.message}`));
  // Capture answers seen by either tab (either may be the one that sends).
  const answers = [];
  for (const p of [page, other]) {
    p.on('response', (r) => {
      if (!r.url().includes('/epcis/capture')) return;
      let ids = [];
      try { ids = JSON.parse(r.request().postData() ?? '').epcisBody.eventList.map((e) => e.eventID); } catch { /* not ours */ }
      answers.push({ status: r.status(), ids });
    });
  }
  try {
    await signIn(page, server.base, 'farm');
    // A second tab of the same device, on its outbox.
    await other.goto(`${server.base}/staff/outbox?lang=en`);
    await other.getByRole('button', { name: 'Sync now' }).waitFor();
    await context.setOffline(true);
    await openForm(page, 'Harvest');
    await fillLot(page, FARM_LOT, '15');
    await page.getByLabel(/Harvest date/).fill('2026-11-17');
    await submit(page);
    await page.getByRole('status').filter({ hasText: '1 waiting to send' }).waitFor();
    const [[, entry]] = (await readStore(page, 'outbox')).filter(([, e]) => e.status === 'pending');

    // The token dies on the server while the record waits (signed out elsewhere).
    const token = await sessionToken(page);
    assert.ok(token, 'no token kept on the device');
    const out = await fetch(`${server.base}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(out.status, 204);

    await context.setOffline(false);
    // Whichever tab met the 401, both ask (the session is shared through BroadcastChannel).
    await page.getByText('Your sign-in has expired').waitFor({ timeout: 60000 });
    await other.getByText('Your sign-in has expired').waitFor();
    await waitFor(() => answers.some((x) => x.status === 401 && x.ids.includes(entry.id)), { what: 'the 401 answer' });
    // Nothing lost: still waiting, on screen and on disk; the person is remembered.
    assert.match(await page.getByRole('status').filter({ hasText: 'waiting' }).innerText(), /1 waiting to send/);
    assert.deepEqual(await outboxCounts(page), { pending: 1, sending: 0, sent: 0, rejected: 0 });
    assert.equal(await sessionToken(page), null);
    assert.equal(await page.getByLabel('Username').inputValue(), 'farm');

    await page.getByLabel('Password').fill('demo-farm-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'All records sent' }).waitFor({ timeout: 60000 });
    assert.equal(await page.getByText('Your sign-in has expired').count(), 0);
    // The other tab took the new session: no second sign-in, and it sees the record sent.
    await other.getByText('Your sign-in has expired').waitFor({ state: 'detached' });
    await other.getByRole('status').filter({ hasText: 'All records sent' }).waitFor();
    const accepted = answers.filter((x) => x.status === 201 && x.ids.includes(entry.id));
    assert.equal(accepted.length, 1, JSON.stringify(answers));
    const onServer = ours(await allEvents(server.base, await apiToken(server.base))).filter((e) => e.eventID === entry.id);
    assert.equal(onServer.length, 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('lot picker without a camera: says why, and the photo stays offered', async () => {
  const { context, page, problems } = await newPage(browser);
  await signIn(page, server.base, 'farm');
  await openForm(page, 'Harvest');
  await page.getByRole('button', { name: 'Scan or pick' }).first().click();
  const sheet = page.getByRole('dialog', { name: 'Pick a lot' });
  await sheet.getByText('The camera is not available').waitFor();
  assert.ok(await sheet.getByText('Scan a label photo').isVisible());
  assert.equal(await sheet.locator('input[type=file][accept="image/*"]').count(), 1);
  await sheet.getByRole('button', { name: 'Close' }).click();
  await sheet.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('lot picker: the live camera reads a lot label into the form (fake camera)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lottrace-staff-cam-'));
  // The farm lot's GS1 Digital Link on this host, as its printed label carries it.
  const y4m = writeY4m(join(dir, 'lot.y4m'), await qrFrame(`${server.base}/${FARM_LOT}`), 10);
  const camBrowser = await launch(fakeCameraFlags(y4m));
  try {
    const { page, problems } = await newPage(camBrowser);
    await signIn(page, server.base, 'farm');
    await openForm(page, 'Harvest');
    assert.equal(await page.getByLabel('Lot code').inputValue(), '');
    await page.getByRole('button', { name: 'Scan or pick' }).first().click();
    // Found: the lot is in the row and the sheet (its preview with it) has closed. Waited
    // for by its result: the fake camera may be read before any look inside the sheet.
    await waitFor(async () => (await page.getByLabel('Lot code').inputValue()) === FARM_LOT, { what: 'the scanned lot in the row' });
    assert.equal(await page.getByRole('dialog', { name: 'Pick a lot' }).count(), 0);
    assert.equal(await page.locator('video').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await camBrowser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
