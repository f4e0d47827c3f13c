// Speed of offline staff capture, in real headless Chromium against the real server:
//   1. 10,000 outbox events synced to the local server (target < 30 s);
//   2. a form opening offline (target < 300 ms): cold (a reload served by the service
//      worker, navigation start → form ready) and warm (a tap on a quick action);
//   3. saving a draft, p95 (target < 20 ms): keystrokes typed into a form field, each
//      saved to IndexedDB, timed by the app from the change to the committed write.
// Each is run several times; min / median / max are printed as a Markdown table.
//
// LOTTRACE_SERVER=… LOTTRACE_DIST=… node tests/bench/staff.mjs [--runs N] [--events N]
import { startServer } from '../e2e/support/server.mjs';
import { launch, newPage } from '../e2e/support/browser.mjs';
import { enqueue, farmHarvests, outboxCounts } from '../e2e/support/outbox.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 3);
const EVENTS = arg('events', 10000);
const GLN = '8801234000024';
const LOT = '01/08801234000208/10/SS2611A';

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { min: s[0], median: q(0.5), max: s[s.length - 1], p95: q(0.95), n: s.length };
};
const fmt = (x, d = 1) => x.toFixed(d);

async function signIn(page, base) {
  await page.goto(`${base}/staff?lang=en`);
  await page.getByLabel('Username').fill('farm');
  await page.getByLabel('Password').fill('demo-farm-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sync now' }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
}

const events = (n, run) => farmHarvests(n, {
  lot: LOT, gln: GLN, kg: (i) => 1 + (i % 500), container: (i) => `R${run}-${i}`,
});

const server = await startServer();
const browser = await launch();
const results = { sync: [], enqueue: [], cold: [], warm: [], draftP95: [], draftMedian: [] };
try {
  for (let run = 0; run < RUNS; run += 1) {
    // 1. Sync of EVENTS outbox events.
    {
      const { context, page } = await newPage(browser);
      await signIn(page, server.base);
      await context.setOffline(true);
      const batch = events(EVENTS, run);
      const t0 = Date.now();
      await enqueue(page, batch);
      results.enqueue.push((Date.now() - t0) / 1000);
      await context.setOffline(false);
      const t1 = Date.now();
      const syncNow = page.getByRole('button', { name: 'Sync now' });
      for (;;) {
        if (await syncNow.isEnabled()) await syncNow.click();
        const s = await outboxCounts(page);
        if (s.sent >= EVENTS && s.pending === 0 && s.sending === 0) break;
        if (Date.now() - t1 > 300000) throw new Error(`sync did not finish: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      results.sync.push((Date.now() - t1) / 1000);
      await context.close();
    }
    // 2 and 3. Forms offline, draft saves.
    {
      const { context, page } = await newPage(browser);
      await signIn(page, server.base);
      await context.setOffline(true);
      for (let i = 0; i < 5; i += 1) {
        await page.goto(`${server.base}/staff/new/plant_receive?lang=en`);
        await page.getByRole('button', { name: 'Save to outbox' }).waitFor();
        results.cold.push(await page.evaluate(() => performance.now()));
      }
      for (let i = 0; i < 5; i += 1) {
        await page.goto(`${server.base}/staff?lang=en`);
        await page.getByRole('link', { name: 'Farm shipment' }).first().waitFor();
        const ms = await page.evaluate(() => new Promise((resolve) => {
          const t0 = performance.now();
          const done = () => document.querySelector('form.staff-form button[type=submit]');
          const obs = new MutationObserver(() => {
            if (done()) { obs.disconnect(); resolve(performance.now() - t0); }
          });
          obs.observe(document.body, { childList: true, subtree: true });
          [...document.querySelectorAll('a')].find((a) => a.textContent.trim() === 'Farm shipment').click();
        }));
        results.warm.push(ms);
      }
      await page.goto(`${server.base}/staff/new/farm_ship?lang=en`);
      const field = page.getByLabel(/Shipped to/);
      await field.waitFor();
      // The app measures each save (User Timing `lottrace:draft-save`, change → committed).
      const saves = () => page.evaluate(() => performance.getEntriesByName('lottrace:draft-save').map((m) => m.duration));
      const before = (await saves()).length;
      await field.pressSequentially('Jeju live fish transport, truck 80-1234, second trip of the day', { delay: 15 });
      await page.waitForTimeout(500);
      const t = (await saves()).slice(before);
      const s = stat(t);
      results.draftP95.push(s.p95);
      results.draftMedian.push(s.median);
      await context.close();
    }
    console.error(`run ${run + 1}/${RUNS} done`);
  }
} finally {
  await browser.close();
  await server.stop();
}

const row = (name, xs, unit, target, d = 1) => {
  const s = stat(xs);
  return `| ${name} | ${fmt(s.min, d)} | ${fmt(s.median, d)} | ${fmt(s.max, d)} | ${unit} | ${target} | ${s.n} |`;
};
console.log(`| measure | min | median | max | unit | target | samples |`);
console.log(`|---|---|---|---|---|---|---|`);
console.log(row(`sync ${EVENTS} outbox events`, results.sync, 's', '< 30 s'));
console.log(row(`put ${EVENTS} events in the outbox (offline, written by the bench)`, results.enqueue, 's', '—'));
console.log(row('form opens offline, cold (reload from service worker)', results.cold, 'ms', '< 300 ms', 0));
console.log(row('form opens offline, warm (tap on quick action)', results.warm, 'ms', '< 300 ms', 0));
console.log(row('draft save p95 (per run, keystrokes)', results.draftP95, 'ms', '< 20 ms', 2));
console.log(row('draft save median (per run)', results.draftMedian, 'ms', '—', 2));
