// The staff app's outbox as a test sees it: records put in the way another tab of the app
// puts them (IndexedDB, then the tabs' BroadcastChannel), and counted by status. The app
// has no test door (no `window.lottraceStaff`): tests and the bench go through the UI and
// the browser's own storage.

/**
 * Puts EPCIS events in the signed-in business's outbox the way another tab of the app
 * would: written to IndexedDB as the app stores entries, then announced on the tabs'
 * BroadcastChannel, so the page re-reads its outbox (filling hundreds of forms would
 * only test the keyboard). Resolves with the eventIDs given.
 */
export function enqueue(page, events) {
  return page.evaluate((events) => new Promise((resolve, reject) => {
    const open = indexedDB.open('lottrace-staff');
    open.onerror = () => reject(new Error('cannot open lottrace-staff'));
    open.onsuccess = () => {
      const db = open.result;
      const read = db.transaction('meta').objectStore('meta').get('session');
      read.onsuccess = () => {
        const business = JSON.parse(read.result).business;
        const tx = db.transaction('outbox', 'readwrite');
        const now = Date.now();
        const ids = events.map((event, i) => {
          const id = `urn:uuid:${crypto.randomUUID()}`;
          const kg = event.quantityList?.reduce((a, q) => a + q.quantity, 0) ?? 0;
          const key = `${String(now).padStart(15, '0')}|${String(i).padStart(6, '0')}|${id}`;
          const entry = {
            key, id, created_ms: now, business, form: 'import', lots: [],
            inputs: (event.quantityList ?? []).map((q) => q.epcClass.replace('https://id.gs1.org/', '')),
            kg, event: { ...event, eventID: id }, status: 'pending', reason: null, attempts: 0,
            sent_ms: null, failed_in: 0, draft: null,
          };
          tx.objectStore('outbox').put(JSON.stringify(entry), key);
          return id;
        });
        tx.oncomplete = () => {
          db.close();
          const tabs = new BroadcastChannel('lottrace-outbox');
          tabs.postMessage('outbox');
          tabs.close();
          resolve(ids);
        };
        tx.onerror = () => reject(new Error('cannot write the outbox'));
      };
      read.onerror = () => reject(new Error('nobody is signed in'));
    };
  }), events);
}

/** Outbox entries by status, read from IndexedDB. */
export function outboxCounts(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('lottrace-staff');
    open.onerror = () => reject(new Error('cannot open lottrace-staff'));
    open.onsuccess = () => {
      const req = open.result.transaction('outbox').objectStore('outbox').getAll();
      req.onsuccess = () => {
        open.result.close();
        const counts = { pending: 0, sending: 0, sent: 0, rejected: 0 };
        for (const json of req.result) counts[JSON.parse(json).status] += 1;
        resolve(counts);
      };
      req.onerror = () => reject(new Error('cannot read the outbox'));
    };
  }));
}

/**
 * `n` harvest observations of `lot` at the farm `gln`, one a minute from `hour`:00 on
 * 2026-11-16 (KST), the i-th weighing `kg(i)`; `container(i)`, when given, tells them
 * apart (the same content twice is asked about as a double save).
 */
export function farmHarvests(n, { lot, gln, hour = 6, kg = (i) => i + 1, container }) {
  const at = `https://id.gs1.org/414/${gln}`;
  return Array.from({ length: n }, (_, i) => ({
    type: 'ObjectEvent',
    eventTime: `2026-11-16T${String(hour).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00+09:00`,
    eventTimeZoneOffset: '+09:00',
    action: 'OBSERVE',
    bizStep: 'urn:gdst:bizStep:farmHarvest',
    quantityList: [{ epcClass: `https://id.gs1.org/${lot}`, quantity: kg(i), uom: 'KGM' }],
    readPoint: { id: at },
    bizLocation: { id: at },
    ...(container ? { 'lt:farm.container_id': container(i) } : {}),
  }));
}
