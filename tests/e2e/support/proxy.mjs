// A fault-injecting HTTP proxy on loopback, in front of the real server: it fails a
// share of the requests it is told to (by default, POST /epcis/capture) in the four ways
// a patchy phone network fails a sync:
//   - '500':   answers 500 itself, never reaching the server;
//   - 'reset': destroys the client's connection before forwarding;
//   - 'stall': holds the request for `stallMs` (10 s), then forwards it;
//   - 'drop':  forwards it, lets the server store it and answer, then destroys the
//              client's connection instead of passing the answer on
//              ("acknowledged, then dropped": the client must resend, the server must
//              recognise the duplicates).
// Random but reproducible (seeded), so a failing run can be replayed.
import { createServer, request as httpRequest } from 'node:http';

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

export async function startProxy(target, {
  faultRate = 0.4,
  modes = ['500', 'reset', 'stall', 'drop'],
  stallMs = 10000,
  seed = 20261117,
  applies = (req) => req.method === 'POST' && req.url.startsWith('/epcis/capture'),
} = {}) {
  const upstream = new URL(target);
  const random = rng(seed);
  const counts = { requests: 0, faulted: 0, '500': 0, reset: 0, stall: 0, drop: 0, forwarded: 0 };
  const sockets = new Set();

  const forward = (req, res, body, { dropAnswer = false } = {}) => {
    counts.forwarded += 1;
    const headers = { ...req.headers, host: upstream.host };
    const out = httpRequest({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers,
    }, (answer) => {
      const chunks = [];
      answer.on('data', (c) => chunks.push(c));
      answer.on('end', () => {
        if (dropAnswer) { req.socket.destroy(); return; }
        if (res.destroyed) return;
        res.writeHead(answer.statusCode, answer.headers);
        res.end(Buffer.concat(chunks));
      });
    });
    out.on('error', () => { if (!res.destroyed) { res.writeHead(502); res.end(); } });
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.requests += 1;
      if (!applies(req) || random() >= faultRate) { forward(req, res, body); return; }
      const mode = modes[Math.floor(random() * modes.length)];
      counts.faulted += 1;
      counts[mode] += 1;
      switch (mode) {
        case '500':
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'internal', message: 'injected fault' }));
          break;
        case 'reset':
          req.socket.destroy();
          break;
        case 'stall':
          setTimeout(() => { if (!req.socket.destroyed) forward(req, res, body); }, stallMs);
          break;
        case 'drop':
          forward(req, res, body, { dropAnswer: true });
          break;
        default:
          forward(req, res, body);
      }
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    counts,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
