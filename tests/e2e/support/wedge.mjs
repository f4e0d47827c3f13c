// A keyboard-wedge scanner as a kiosk meets one: a code typed as keystrokes.

/**
 * The code as a burst of keydown events a few ms apart, then Enter, at whatever has
 * focus (nothing: the body). Dispatched in the page so the burst is as fast as a
 * scanner's whatever the load on the test machine.
 */
export async function wedgeScan(page, text) {
  await page.evaluate(async (code) => {
    document.activeElement?.blur?.();
    const target = document.activeElement || document.body;
    const pause = () => new Promise((r) => setTimeout(r, 2));
    for (const key of [...code, 'Enter']) {
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      await pause();
    }
  }, text);
}
