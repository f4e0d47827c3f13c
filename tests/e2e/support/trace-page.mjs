// The trace page is built in steps (src/shared/components/later.rs: the top first, the timeline
// and the side sections once that is painted), and the browser skips rendering sections
// off the screen (content-visibility: auto in style/main.css), which `innerText` then
// leaves out. Tests wait for every step and read the page as a shopper scrolling through
// it would: with every section rendered.
export async function traceReady(page, scope = '') {
  const article = page.locator(`${scope} article.trace:not(.early)`.trim());
  await article.locator('.trace-main > *').first().waitFor();
  await article.locator('.trace-side > section').first().waitFor();
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('.stage, .trace-side > .card')) {
      el.style.contentVisibility = 'visible';
    }
  });
}

/**
 * Waits until the app has kept a trace copy under `key` (`{lot key}|{lang}`) in
 * IndexedDB: it is saved in the background, after the page shows.
 */
export function savedCopy(page, key) {
  return page.waitForFunction((key) => new Promise((resolve) => {
    const req = indexedDB.open('lottrace-trace');
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('copies')) { db.close(); return resolve(false); }
      const get = db.transaction('copies').objectStore('copies').get(key);
      get.onsuccess = () => { db.close(); resolve(!!get.result); };
      get.onerror = () => { db.close(); resolve(false); };
    };
    req.onerror = () => resolve(false);
  }), key, { polling: 200, timeout: 10000 });
}
