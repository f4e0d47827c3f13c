// A brand's website on its own loopback port (so another origin than the Lottrace
// server): serves tests/brand-demo/ with __LOTTRACE_ORIGIN__ replaced by the server's
// origin, plus any extra pages a test hands in.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'brand-demo');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };

/**
 * @param {{ lottraceOrigin?: string, pages?: Record<string, string>, root?: string }} options
 *   pages: path → HTML, also with __LOTTRACE_ORIGIN__ replaced. The origin may be set
 *   later (setLottraceOrigin), for a server whose allow-list names this site.
 */
export async function startBrandSite({ lottraceOrigin = '', pages = {}, root = DEMO_ROOT } = {}) {
  let origin = lottraceOrigin;
  const fill = (text) => text.replaceAll('__LOTTRACE_ORIGIN__', origin);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    try {
      let body;
      let type = TYPES['.html'];
      if (pages[path] !== undefined) {
        body = fill(pages[path]);
      } else {
        const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
        if (!file.startsWith(root)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
        const ext = file.slice(file.lastIndexOf('.'));
        type = TYPES[ext] || 'application/octet-stream';
        body = await readFile(file);
        if (ext === '.html') body = fill(body.toString('utf8'));
      }
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      res.writeHead(e.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain' });
      res.end(e.code === 'ENOENT' ? 'not found' : String(e));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    setLottraceOrigin(o) { origin = o; },
    async stop() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}
