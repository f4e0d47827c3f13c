// A spec file's real server and headless Chromium: started before its first test,
// stopped after its last, the same way in every spec.
import { before, after } from 'node:test';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

/** Registers the file's hooks; `ready(server, browser)` is called once both are up. */
export function withServerAndBrowser(ready) {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launch();
    ready(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
}
