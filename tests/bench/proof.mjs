// Proof verification of a whole trace page in the shopper's WASM, in real headless
// Chromium against the real server on loopback. Run by `cargo xtask bench proof` (after
// the native criterion bench), or:
//   LOTTRACE_SERVER=target/release/lottrace-server LOTTRACE_DIST=dist node tests/bench/proof.mjs
// Writes tests/bench/RESULTS-proof.md (and prints it).
//
// The lot: a live-fish lot with 50 inspections recorded at the demo farm through the
// staff API (one capture document), so its trace page shows 50 events, each with its
// proof. What is timed: the app's `performance.measure("lottrace-proof-verify")`, which
// spans core's `check_trace` — opening the signed checkpoint with the pinned key (Ed25519)
// and, for every event, parsing its proof, rebuilding its leaf from the disclosures and
// hidden digests, checking its inclusion and comparing what the page shows with what is
// disclosed. The key's first fetch and the consistency proof between visits are network,
// not timed. Each run reloads the page in the same browser context (the key pinned).
// Unthrottled, and with 4x CPU throttling (CDP Emulation.setCPUThrottlingRate) as a
// slower phone. Aim: under 20 ms for a 50-event history on this machine.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { startServer } from '../e2e/support/server.mjs';
import { launch, newPage } from '../e2e/support/browser.mjs';
import { captureFarmInspections } from '../e2e/support/capture.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 15);
const EVENTS = 50;
const AIM_MS = 20;
const OUT = fileURLToPath(new URL('./RESULTS-proof.md', import.meta.url));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const ms = (x) => `${x.toFixed(1)} ms`;

async function runs(page, url, throttle) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    await page.goto(url);
    await page.locator('.proof-summary:not([data-proof="checking"])').waitFor({ timeout: 60000 });
    const state = await page.locator('.proof-summary').getAttribute('data-proof');
    const entries = await page.locator('li.event[data-proof="verified"]').count();
    if (state !== 'verified' || entries < EVENTS) {
      throw new Error(`run ${i}: page line ${state}, ${entries} verified entries`);
    }
    const d = await page.evaluate(() => performance.getEntriesByName('lottrace-proof-verify')[0]?.duration);
    if (typeof d !== 'number') throw new Error('no lottrace-proof-verify measure');
    times.push(d);
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return times;
}

const server = await startServer();
const browser = await launch();
try {
  const path = await captureFarmInspections(server.base, { lot: 'BENCH50', count: EVENTS });
  const url = `${server.base}${path}?lang=en`;
  const { page, problems } = await newPage(browser, { viewport: { width: 390, height: 844 } });
  // First visit: pins the key, keeps the checkpoint (not counted).
  await page.goto(url);
  await page.locator('.proof-summary[data-proof="verified"]').waitFor({ timeout: 60000 });
  const shown = await page.locator('li.event').count();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  const plain = stats(await runs(page, url, 1));
  const slow = stats(await runs(page, url, 4));
  if (problems.length) throw new Error(problems.join('\n'));
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const text = `# Proof verification of a trace page in WASM

Measured ${when} UTC by \`cargo xtask bench proof\` (tests/bench/proof.mjs): headless
Debian Chromium, release build, ${os.cpus().length} cores, load average ${load} (1, 5,
15 min) when it started. A trace page of ${shown} events (${EVENTS} inspections of one
lot recorded through the staff API), ${RUNS} page loads each; the time is the app's
\`lottrace-proof-verify\` measure (checkpoint signature, every event's proof and the
values shown), aim under ${AIM_MS} ms.

| CPU | min | median | max |
|---|---|---|---|
| unthrottled | ${ms(plain.min)} | ${ms(plain.median)} | ${ms(plain.max)} |
| 4x throttled | ${ms(slow.min)} | ${ms(slow.median)} | ${ms(slow.max)} |

Median unthrottled ${plain.median < AIM_MS ? 'meets' : 'misses'} the aim.
`;
  writeFileSync(OUT, text);
  console.log(text);
} finally {
  await browser.close();
  await server.stop();
}
