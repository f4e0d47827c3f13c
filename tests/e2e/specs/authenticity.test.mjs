// Is this pack genuine? In real Chromium against the real server with the demo chain:
// the packer issues signed serialised codes; a pack's page shows its own code (signed by
// whom, first checked, how often); a forged code (serial changed, signature kept) is
// refused by the scan screen and by the kiosk offline, from the keys they cached; a never-issued serial is
// flagged on the trace page; the same code checked at two stores' kiosks warns at the
// second and raises an alert for the issuing business only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { wedgeScan } from '../support/wedge.mjs';

const PACK_GTIN = '08801234567893';
const PACK_LOT = 'L261117A';
// The demo stores' counters (GLNs of 한빛마트 강남점 and 푸른수산 마포점).
let server;
let browser;
let codes;
let processor;
const dir = mkdtempSync(join(tmpdir(), 'lottrace-authenticity-'));

async function login(role) {
  const r = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: role, password: `demo-${role}-2026` }),
  });
  assert.equal(r.status, 200, `login as ${role}`);
  return (await r.json()).token;
}

async function storeGln(id) {
  const r = await fetch(`${server.base}/api/businesses`, { headers: { authorization: `Bearer ${processor}` } });
  const body = await r.json();
  const list = Array.isArray(body) ? body : body.businesses;
  const found = list.find((b) => b.id === id);
  assert.ok(found, `business ${id} in ${JSON.stringify(body).slice(0, 200)}`);
  return found.gln;
}

/** The app path of a code (its Digital Link without scheme and host). */
const pathOf = (link) => new URL(link).pathname + new URL(link).search;

withServerAndBrowser(async (s, b) => {
  server = s;
  browser = b;
});

test('the packer issues a run; a pack\'s page says its code is genuine, signed, and when it was first checked', async () => {
  processor = await login('processor');
  const r = await fetch(`${server.base}/api/print-runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${processor}` },
    body: JSON.stringify({ gtin: PACK_GTIN, lot: PACK_LOT, count: 4 }),
  });
  assert.equal(r.status, 201);
  codes = (await r.json()).codes;
  assert.equal(codes.length, 4);

  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}${pathOf(codes[0])}&lang=en`);
  const card = page.locator('section.item-code');
  await card.waitFor({ timeout: 20000 });
  assert.match(await card.getAttribute('class'), /genuine/);
  assert.match(await card.innerText(), /Genuine code/);
  assert.match(await card.innerText(), /Signed by 바다싱싱 가공 \(GLN \d{13}\)/);
  assert.match(await card.innerText(), /first check of this code/);
  // The lot's history is on the same page.
  await page.getByRole('heading', { name: 'Processing', exact: true }).waitFor();
  // Opened again: checked twice, with the first check's time.
  await page.reload();
  // The copy saved on the first visit shows first; the live answer then replaces it.
  const live = page.locator('article.trace:not(.is-offline) section.item-code');
  await live.filter({ hasText: /checked 2 times/ }).waitFor({ timeout: 20000 });
  assert.match(await live.innerText(), /First checked on .+ — checked 2 times\. If the first check was not yours, this may be a copy\./);
  assert.deepEqual(problems, []);
});

test('a never-issued serial is flagged on its trace page', async () => {
  const link = new URL(codes[1]);
  link.pathname = link.pathname.replace(/\/21\/[^/]+$/, '/21/ZZZZZZZZZZZZ');
  const { page, problems } = await newPage(browser);
  await page.goto(`${server.base}${link.pathname}${link.search}&lang=en`);
  const card = page.locator('section.item-code[role=alert]');
  await card.waitFor({ timeout: 20000 });
  assert.equal(await card.getAttribute('data-warning'), 'not_issued');
  assert.match(await card.innerText(), /This code was never issued — report it/);
  assert.doesNotMatch(await card.innerText(), /Signed by/);
  assert.deepEqual(problems, []);
});

test('the scan screen refuses a forged code offline, from the keys it cached, and names the signer of a genuine one', async () => {
  const forged = new URL(codes[2]);
  forged.pathname = forged.pathname.replace(/\/21\/[^/]+$/, '/21/0000000000AB');
  const forgedPng = join(dir, 'forged.png');
  writeFileSync(forgedPng, await QRCode.toBuffer(forged.href, { width: 480, margin: 4, errorCorrectionLevel: 'M' }));
  const { page, context, problems } = await newPage(browser);
  await page.goto(`${server.base}/scan/?lang=en`);
  // No camera here: the key set is fetched once the camera is known to be unavailable.
  await page.waitForFunction(() => (localStorage.getItem('lottrace-code-keys') || '').includes('"kid"'), null, { timeout: 20000 });
  await context.setOffline(true);
  await page.getByLabel('Upload photo').setInputFiles(forgedPng);
  const refusal = page.getByRole('alert').filter({ hasText: "This code's signature is not valid" });
  await refusal.waitFor({ timeout: 20000 });
  assert.match(page.url(), /\/scan\//, 'no trace page opened for a forged code');
  await context.setOffline(false);

  const genuinePng = join(dir, 'genuine.png');
  writeFileSync(genuinePng, await QRCode.toBuffer(codes[2], { width: 480, margin: 4, errorCorrectionLevel: 'M' }));
  await page.getByRole('button', { name: 'Scan again' }).first().click();
  await page.getByLabel('Upload photo').setInputFiles(genuinePng);
  await page.waitForURL(/\/01\/08801234567893\/10\/L261117A\/21\//, { timeout: 20000 });
  await page.locator('section.item-code.genuine').waitFor({ timeout: 20000 });
  assert.deepEqual(problems, []);
});

test('the kiosk refuses a forged code offline, from the keys it cached between shoppers', async () => {
  const forged = new URL(codes[2]);
  forged.pathname = forged.pathname.replace(/\/21\/[^/]+$/, '/21/0000000000CD');
  const { page, context, problems } = await newPage(browser);
  const traces = [];
  page.on('request', (r) => { if (r.url().includes('/api/trace/')) traces.push(r.url()); });
  await page.goto(`${server.base}/kiosk/?lang=en`);
  // The attract screen refreshes the key set between shoppers.
  await page.waitForFunction(() => (localStorage.getItem('lottrace-code-keys') || '').includes('"kid"'), null, { timeout: 20000 });
  await context.setOffline(true);
  await wedgeScan(page, forged.href);
  const refusal = page.locator('.outcome.forged[role=alert]');
  await refusal.waitFor({ timeout: 20000 });
  assert.match(await refusal.innerText(), /This code's signature is not valid/);
  assert.match(await refusal.innerText(), /show it to the store staff/);
  assert.doesNotMatch(new URL(page.url()).pathname, /\/01\//, 'no lot screen opened for a forged code');
  assert.deepEqual(traces, [], 'refused on the kiosk itself, before any request');

  // Back online, the genuine code of the same pack opens its lot in the kiosk.
  await context.setOffline(false);
  await wedgeScan(page, codes[2]);
  await page.waitForURL(/\/kiosk\/01\/08801234567893\/10\/L261117A\/21\//, { timeout: 20000 });
  await page.locator('section.item-code.genuine').waitFor({ timeout: 20000 });
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
});

test('a copy checked at two stores\' kiosks warns at the second and alerts the packer only', async () => {
  const gangnam = await storeGln('hanbit-gangnam');
  const mapo = await storeGln('pureun-mapo');
  const path = pathOf(codes[3]);
  const { page, problems } = await newPage(browser);
  // The kiosk's counter as a bare GLN at one store, as an SGLN at the other.
  const mapoSgln = `urn:epc:id:sgln:${mapo.slice(0, 7)}.${mapo.slice(7, 12)}.0`;
  const checks = [];
  page.on('request', (r) => { if (r.url().includes('/api/trace/') && r.url().includes('check=1')) checks.push(new URL(r.url()).searchParams.get('place')); });
  await page.goto(`${server.base}/kiosk${path}&lang=en&counter=${gangnam}`);
  await page.locator('section.item-code.genuine').waitFor({ timeout: 20000 });
  await page.goto(`${server.base}/kiosk${path}&lang=en&counter=${encodeURIComponent(mapoSgln)}`);
  const warning = page.locator('section.item-code[role=alert]');
  await warning.waitFor({ timeout: 20000 });
  assert.deepEqual(checks, [gangnam, mapo], 'each kiosk names its store');
  assert.equal(await warning.getAttribute('data-warning'), 'two_stores');
  assert.match(await warning.innerText(), /checked in two different stores/);

  const alerts = await (await fetch(`${server.base}/api/code-alerts`, { headers: { authorization: `Bearer ${processor}` } })).json();
  assert.equal(alerts.alerts.length, 1);
  assert.equal(alerts.alerts[0].warning, 'two_stores');
  assert.equal(alerts.alerts[0].place, mapo);
  const farm = await login('farm');
  const theirs = await (await fetch(`${server.base}/api/code-alerts`, { headers: { authorization: `Bearer ${farm}` } })).json();
  assert.deepEqual(theirs.alerts, []);
  assert.deepEqual(problems, []);
});
