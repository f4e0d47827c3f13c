// Screenshots of every surface in ko, en and zh, as a person sees them: the trace page
// and scan screen on a 390×844 phone, the kiosk on its 1080×1920 panel, the staff app's
// home and a form, and the brand-page widget card. Written to LOTTRACE_SCREENS
// (docs/screens/ when the files are refreshed for the repository), else to a temporary
// folder; each check here is what the picture must show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPage } from '../support/browser.mjs';
import { withServerAndBrowser } from '../support/suite.mjs';
import { traceReady } from '../support/trace-page.mjs';

let server;
let browser;
const out = process.env.LOTTRACE_SCREENS || mkdtempSync(join(tmpdir(), 'lottrace-screens-'));
mkdirSync(out, { recursive: true });

withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const LANGS = ['ko', 'en', 'zh'];
const phone = { viewport: { width: 390, height: 844 }, serviceWorkers: 'block' };
const panel = { viewport: { width: 1080, height: 1920 }, serviceWorkers: 'block' };

async function shoot(page, name) {
  const path = join(out, `${name}.jpg`);
  await page.screenshot({ path, type: 'jpeg', quality: 70 });
  assert.ok(statSync(path).size > 5000, `${name}: a picture, not a blank`);
}

test('the trace page, first screen of a phone, in each language', async () => {
  for (const lang of LANGS) {
    const { page, context, problems } = await newPage(browser, phone);
    await page.goto(`${server.demoUrls()[0]}?lang=${lang}`);
    await traceReady(page);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await shoot(page, `trace-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the scan screen without a camera, in each language', async () => {
  for (const lang of LANGS) {
    const { page, context, problems } = await newPage(browser, phone);
    await page.goto(`${server.base}/scan/?lang=${lang}`);
    await page.locator('input[type=file]').first().waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    await shoot(page, `scan-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the kiosk, attract screen and a lot, on its portrait panel, in each language', async () => {
  for (const lang of LANGS) {
    const { page, context, problems } = await newPage(browser, panel);
    await page.goto(`${server.base}/kiosk/?lang=${lang}`);
    await page.locator('.kiosk').first().waitFor();
    await page.waitForLoadState('networkidle');
    await shoot(page, `kiosk-attract-${lang}`);
    await page.goto(`${server.base}/kiosk/01/08801234567893/10/L261117A?lang=${lang}`);
    await traceReady(page, '.kiosk');
    await shoot(page, `kiosk-lot-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the staff app, home and the harvest form, in each language', async () => {
  const { page, context, problems } = await newPage(browser, phone);
  await page.goto(`${server.base}/staff?lang=en`);
  await page.getByLabel('Username').fill('farm');
  await page.getByLabel('Password').fill('demo-farm-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sync now' }).waitFor();
  for (const lang of LANGS) {
    await page.goto(`${server.base}/staff?lang=${lang}`);
    await page.locator('main h1').first().waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await shoot(page, `staff-home-${lang}`);
    await page.goto(`${server.base}/staff/new/farm_harvest?lang=${lang}`);
    await page.locator('main form').first().waitFor();
    await shoot(page, `staff-form-${lang}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the widget card, in each language', async () => {
  for (const lang of LANGS) {
    const { page, context, problems } = await newPage(browser, { viewport: { width: 420, height: 640 } });
    await page.goto(`${server.base}/embed/${encodeURIComponent('01/08801234567893/10/L261117A')}?lang=${lang}`);
    await page.locator('body').waitFor();
    await shoot(page, `widget-${lang}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
