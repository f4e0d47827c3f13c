// A keyboard-wedge scanner as a kiosk or the scan screen meets one: a code typed as
// keystrokes.

/**
 * The code as a burst of keydown events a few ms apart, then Enter, at whatever has
 * focus (nothing: the body). Dispatched in the page so the burst is as fast as a
 * scanner's whatever the load on the test machine. Nothing is awaited after Enter, and
 * a page the scan leaves (the scan screen loads the trace page) ends the call quietly:
 * the caller waits for where it leads.
 */
export async function wedgeScan(page, text) {
  try {
    await page.evaluate(async (code) => {
      document.activeElement?.blur?.();
      const target = document.activeElement || document.body;
      const pause = () => new Promise((r) => setTimeout(r, 2));
      const keys = [...code, 'Enter'];
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) await pause();
        target.dispatchEvent(new KeyboardEvent('keydown', { key: keys[i], bubbles: true, cancelable: true }));
      }
    }, text);
  } catch (e) {
    if (!/Execution context was destroyed|navigation/i.test(String(e?.message))) throw e;
  }
}
