// Recording events through the real staff API (POST /epcis/capture), as a farm's staff
// app would: for tests and benches that need the log to grow or a lot with a long history.
const FARM_PLACE = 'urn:epc:id:sgln:8801234.00002.0';
const LIVE_GTIN = '08801234000208';

export async function login(base, username, password) {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return (await r.json()).token;
}

/**
 * `count` inspections at the demo farm (성산양어장) of the live-fish lot `lot`, one
 * document, an hour apart from `start` (RFC 3339). Answers the lot's trace path.
 */
export async function captureFarmInspections(base, { lot, count, start = '2026-11-01T06:00:00+09:00', tag = lot }) {
  const token = await login(base, 'farm', 'demo-farm-2026');
  const t0 = Date.parse(start);
  const events = Array.from({ length: count }, (_, i) => ({
    type: 'ObjectEvent',
    eventID: `urn:uuid:00000000-0000-4000-8000-${(Buffer.from(tag).readUInt32BE(0) + i).toString(16).padStart(12, '0')}`,
    // Korean time, as the offset says.
    eventTime: `${new Date(t0 + (i + 9) * 3600_000).toISOString().slice(0, 19)}+09:00`,
    eventTimeZoneOffset: '+09:00',
    action: 'OBSERVE',
    bizStep: 'inspecting',
    readPoint: { id: FARM_PLACE },
    bizLocation: { id: FARM_PLACE },
    quantityList: [{ epcClass: `https://id.gs1.org/01/${LIVE_GTIN}/10/${lot}`, quantity: 100 + i, uom: 'KGM' }],
  }));
  const doc = {
    '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld', { lt: 'https://lottrace.dev/ns/' }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: start,
    epcisBody: { eventList: events },
  };
  const r = await fetch(`${base}/epcis/capture`, {
    method: 'POST',
    headers: { 'content-type': 'application/ld+json', authorization: `Bearer ${token}` },
    body: JSON.stringify(doc),
  });
  if (r.status >= 300) throw new Error(`capture: ${r.status} ${await r.text()}`);
  return `/01/${LIVE_GTIN}/10/${lot}`;
}
