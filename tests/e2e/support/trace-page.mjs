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
