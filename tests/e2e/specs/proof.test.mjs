// Every trace event's proof checked by the app in WASM (issue #19 item 5), on the real
// server with the demo chain: each timeline entry is marked data-proof="verified" or
// "failed"; an event row edited in the SQLite file behind the server's back fails alone;
// a log key other than the one pinned, or a log whose past was rewritten between two
// visits, fails the whole page; the kiosk and the offline copy are checked too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { newPage } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { savedCopy, traceReady } from '../support/trace-page.mjs';
import { captureFarmInspections } from '../support/capture.mjs';

const PACK_A = '/01/08801234567893/10/L261117A';
const HARVEST = 'urn:uuid:6c0f0e2a-1d5b-4f3e-9a7c-000000000004';
// No service worker: it would answer /log/* from its cache, out of page.route's reach.
const phone = { viewport: { width: 390, height: 844 }, serviceWorkers: 'block' };

let server;
let browser;

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** Waits until the page's proofs have been checked; answers the page line's state. */
async function checked(page, scope = '') {
  await traceReady(page, scope);
  const line = page.locator(`${scope} .proof-summary:not([data-proof="checking"])`.trim());
  await line.waitFor({ timeout: 15000 });
  return { state: await line.getAttribute('data-proof'), text: await line.innerText() };
}

/** Every timeline entry's event id (from its heading's id) and mark. */
async function marks(page, scope = '') {
  return page.$$eval(`${scope} li.event`.trim(), (items) => items.map((li) => ({
    id: li.querySelector('h3')?.id ?? '',
    proof: li.getAttribute('data-proof'),
  })));
}

/** The heading id the timeline gives an event (components/mod.rs `anchor`). */
const anchorOf = (eventId) => `ev-${eventId.replace(/[^A-Za-z0-9]/g, '-')}`;

test('every timeline entry of the demo pack is verified, in ko, en and zh', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.base}${PACK_A}?lang=en`);
  const { state, text } = await checked(page);
  const all = await marks(page);
  assert.ok(all.length >= 8, `only ${all.length} entries`);
  assert.deepEqual(all.filter((m) => m.proof !== 'verified'), []);
  assert.equal(state, 'verified');
  assert.match(text, new RegExp(`All ${all.length} records on this page match the public log`));
  assert.equal(await page.locator('li.event .proof-mark.ok').count(), all.length);
  // Pinned on first use: the log's own key, and the checkpoint seen, kept per origin.
  const key = (await (await fetch(`${server.base}/log/key`)).text());
  const stored = await page.evaluate(() => ({ ...localStorage }));
  assert.equal(stored['lottrace-log-key'], key);
  const origin = key.split('+')[0];
  assert.match(stored[`lottrace-log-checkpoint:${origin}`] ?? '', new RegExp(`^${origin}\\n\\d+\\n`));
  // The verification was measured (the bench reads it).
  const measured = await page.evaluate(() => performance.getEntriesByName('lottrace-proof-verify').length);
  assert.equal(measured, 1);
  for (const [lang, words] of [['ko', /기록 \d+건이 모두/], ['zh', /全部 \d+ 条记录均与/]]) {
    await page.goto(`${server.base}${PACK_A}?lang=${lang}`);
    const again = await checked(page);
    assert.equal(again.state, 'verified', again.text);
    assert.match(again.text, words);
    assert.deepEqual((await marks(page)).filter((m) => m.proof !== 'verified'), []);
  }
  assert.deepEqual(problems, []);
});

test('an event row edited in the SQLite file fails verification, and only that entry', async () => {
  const first = await startServer();
  await first.stop({ keep: true });
  // The harvest's time changed inside its stored JSON, behind the server's back.
  const changed = execFileSync('sqlite3', [first.db,
    `UPDATE events SET json = json_set(json, '$.eventTime', '2026-11-16T09:30:00+09:00') WHERE event_id = '${HARVEST}';
     SELECT changes();`]).toString().trim();
  assert.equal(changed, '1');
  // Not seeded again: the demo seeding would refuse the edited event as a rewrite.
  const own = await startServer({ db: first.db, demo: false });
  try {
    const { page, problems } = await newPage(browser, phone);
    await page.goto(`${own.base}${PACK_A}?lang=en`);
    const { state, text } = await checked(page);
    const all = await marks(page);
    const failed = all.filter((m) => m.proof === 'failed');
    assert.deepEqual(failed.map((m) => m.id), [anchorOf(HARVEST)]);
    assert.equal(all.filter((m) => m.proof === 'verified').length, all.length - 1);
    assert.equal(state, 'failed');
    assert.match(text, new RegExp(`1 of ${all.length} records does not match the public log`));
    const entry = page.locator('li.event', { has: page.locator(`#${anchorOf(HARVEST)}`) });
    assert.match(await entry.locator('.proof-mark.fail').innerText(), /Does not match the public log[\s\S]*changed afterwards/);
    // The page does show the edited time: that is what the proof catches.
    assert.equal(await entry.locator('time').first().getAttribute('datetime'), '2026-11-16T09:30:00+09:00');
    assert.deepEqual(problems, []);
  } finally {
    await own.stop();
    first.remove();
  }
});

/** A well-formed C2SP Ed25519 verifier key under `name` that is not the log's. */
function otherKey(name) {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  const id = createHash('sha256')
    .update(Buffer.concat([Buffer.from(name), Buffer.from([0x0a, 0x01]), raw]))
    .digest().subarray(0, 4).toString('hex');
  return `${name}+${id}+${Buffer.concat([Buffer.from([1]), raw]).toString('base64')}`;
}

test('a log key other than the one pinned fails every entry, and is not pinned anew', async () => {
  const real = await (await fetch(`${server.base}/log/key`)).text();
  const pinned = otherKey(real.split('+')[0]);
  const { context, page, problems } = await newPage(browser, phone);
  await context.addInitScript((key) => {
    if (!localStorage.getItem('lottrace-log-key')) localStorage.setItem('lottrace-log-key', key);
  }, pinned);
  let keyAsked = 0;
  page.on('request', (r) => { if (r.url().endsWith('/log/key')) keyAsked += 1; });
  await page.goto(`${server.base}${PACK_A}?lang=en`);
  const { state, text } = await checked(page);
  assert.equal(state, 'failed');
  assert.match(text, /the public log's signature does not match the log this phone knows/);
  const all = await marks(page);
  assert.ok(all.length >= 8);
  assert.deepEqual(all.filter((m) => m.proof !== 'failed'), []);
  assert.equal(keyAsked, 0);
  assert.equal(await page.evaluate(() => localStorage.getItem('lottrace-log-key')), pinned);
  assert.deepEqual(problems, []);
});

test('a log rewritten between two visits fails the page; grown honestly, it verifies', async () => {
  // Its own server: the events recorded here must not reach the other tests.
  const own = await startServer();
  try {
    const { page, problems } = await newPage(browser, phone);
    await page.goto(`${own.base}${PACK_A}?lang=en`);
    assert.equal((await checked(page)).state, 'verified');
    const kept = () => page.evaluate(() => Object.entries(localStorage)
      .find(([k]) => k.startsWith('lottrace-log-checkpoint:'))?.[1].split('\n')[1]);
    const before = Number(await kept());
    await captureFarmInspections(own.base, { lot: 'PROOF1', count: 3 });
    // The log's answer doctored: the proof that the old tree is a prefix of the new one.
    let asked = '';
    await page.route('**/log/proof/consistency**', async (route) => {
      const params = new URL(route.request().url()).searchParams;
      asked = `${params.get('old')}→${params.get('new')}`;
      const honest = await (await route.fetch()).text();
      const lines = honest.trim().split('\n');
      lines[0] = Buffer.alloc(32, 7).toString('base64');
      await route.fulfill({ status: 200, contentType: 'text/plain', body: `${lines.join('\n')}\n` });
    });
    await page.reload();
    const rewritten = await checked(page);
    assert.equal(asked, `${before}→${before + 3}`);
    assert.equal(rewritten.state, 'failed');
    assert.match(rewritten.text, /its past was rewritten/);
    assert.deepEqual((await marks(page)).filter((m) => m.proof !== 'failed'), []);
    // The honest head was not replaced by the one that failed.
    assert.equal(Number(await kept()), before);

    await page.unroute('**/log/proof/consistency**');
    let honestAsked = false;
    page.on('request', (r) => { if (r.url().includes('/log/proof/consistency')) honestAsked = true; });
    await page.reload();
    const grown = await checked(page);
    assert.ok(honestAsked);
    assert.equal(grown.state, 'verified', grown.text);
    assert.equal(Number(await kept()), before + 3);
    assert.deepEqual(problems, []);
  } finally {
    await own.stop();
  }
});

test('the kiosk marks every entry of its lot screen', async () => {
  const { page, problems } = await newPage(browser, { ...phone, viewport: { width: 1920, height: 1080 } });
  await page.goto(`${server.base}/kiosk${PACK_A}?lang=en`);
  const { state } = await checked(page, '.kiosk');
  assert.equal(state, 'verified');
  const all = await marks(page, '.kiosk');
  assert.ok(all.length >= 8);
  assert.deepEqual(all.filter((m) => m.proof !== 'verified'), []);
  assert.deepEqual(problems, []);
});

test('offline, the saved copy is checked against its own checkpoint with the pinned key', async () => {
  const { page, problems } = await newPage(browser, phone);
  await page.goto(`${server.base}${PACK_A}?lang=en`);
  assert.equal((await checked(page)).state, 'verified');
  await savedCopy(page, '01/08801234567893/10/L261117A|en');
  let logAsked = 0;
  await page.route('**/api/trace/**', (route) => route.abort('internetdisconnected'));
  await page.route('**/log/**', (route) => { logAsked += 1; return route.abort('internetdisconnected'); });
  await page.reload();
  await page.locator('article.trace.is-offline').waitFor();
  const { state } = await checked(page);
  assert.equal(state, 'verified');
  assert.deepEqual((await marks(page)).filter((m) => m.proof !== 'verified'), []);
  assert.equal(logAsked, 0);
  assert.deepEqual(problems, []);
});
