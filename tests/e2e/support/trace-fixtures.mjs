// Crafted trace answers for the trace page's tests: the real demo answer, changed in the
// ways the demo chain cannot show yet (hostile text, a failed check, temperature logs
// with an excursion, a corrected event), served to the page with page.route.

const PACK = '01/08801234567893/10/L261117A';

/** The server's own answer for the first demo pack. */
export async function demoTrace(base, lang = 'en') {
  const res = await fetch(`${base}/api/trace/${encodeURIComponent(PACK)}?lang=${lang}`);
  if (res.status !== 200) throw new Error(`trace: ${res.status}`);
  return res.json();
}

export const HOSTILE = '<img src=x onerror=alert(1)>';

/** Every text the page shows from the server replaced by markup that must stay text. */
export function hostile(tv) {
  const t = structuredClone(tv);
  t.lot.product = HOSTILE;
  t.stages[0].events[0].business = `<script>alert(2)</script>`;
  t.stages[0].events[0].fields[0].value = `<b onmouseover=alert(3)>bold</b>`;
  t.businesses[0].name = `<svg onload=alert(4)>`;
  t.businesses[0].email = `x@example.kr?subject=<i>`;
  t.genealogy.ancestors[0].business = `"><img src=y onerror=alert(5)>`;
  return t;
}

/** A pack with everything the page can show: a failed check, a cold-chain excursion,
 *  a corrected event and its correction, a recall. */
export function eventful(tv) {
  const t = structuredClone(tv);
  const failed = t.audits.find((a) => a.check === 'cold_chain') ?? t.audits[0];
  if (failed) {
    failed.outcome = 'fail';
    failed.explanation = 'The truck was above 15.0 °C for 2 hours on 16 Nov.';
  }
  const at = (h, m) => `2026-11-16T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+09:00`;
  t.cold_chain = [{
    lot_key: '01/08801234000208/10/TR261116',
    stage: 'transport',
    business: '제주활어운송',
    limit_c: 15,
    readings: [
      [8, 0, 12.5], [8, 30, 13.1], [9, 0, 14.2], [9, 30, 16.8], [10, 0, 17.4], [10, 30, 14.9], [11, 0, 13.0],
    ].map(([h, m, c]) => ({ time: at(h, m), celsius: c })),
    excursions: [{ from: at(9, 30), to: at(10, 30), max_c: 17.4 }],
  }, {
    lot_key: PACK,
    stage: 'retail',
    business: '한빛마트 강남점',
    limit_c: 5,
    readings: [[14, 0, 2.1], [16, 0, 2.8], [18, 0, 3.0]].map(([h, m, c]) => ({ time: at(h, m), celsius: c })),
    excursions: [],
  }];
  // The transport event was declared wrong and corrected by a later one.
  const transport = t.stages.find((s) => s.stage === 'transport');
  const original = transport.events[0];
  const corrective = structuredClone(original);
  corrective.event_id = 'urn:uuid:corrective-0001';
  corrective.time = '2026-11-16T08:10:00+09:00';
  original.corrected_by = {
    declared_at: '2026-11-17T09:00:00+09:00',
    reason: 'Wrong vehicle recorded',
    corrective_event_ids: [corrective.event_id],
  };
  transport.events.push(corrective);
  t.recall = {
    id: 'RC-test01',
    reason: 'Residue test above the limit',
    declared_at: '2026-11-18T10:00:00Z',
  };
  return t;
}

/** Serves `tv` for every trace request of the page (including the early one). */
export async function serveTrace(page, tv) {
  await page.route('**/api/trace/**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(tv) }));
}
