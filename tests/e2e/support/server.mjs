// Starts the real lottrace-server binary on a free loopback port with a fresh SQLite
// file (and the demo chain), and stops it after the test file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `args`: more command-line arguments, e.g. ['--embed-origin', 'http://127.0.0.1:1234'].
 * `dist`: the built app to serve (default LOTTRACE_DIST); a test that changes the
 * deployed files (a new deploy) passes a copy of its own.
 * `db`: an SQLite file to open again (a restarted server); the caller removes it.
 * The answer's `db` is the file's path (a test may edit it behind the server's back).
 */
export async function startServer({ demo = true, args: more = [], dist: distDir, db: dbFile } = {}) {
  const bin = process.env.LOTTRACE_SERVER;
  const dist = distDir ?? process.env.LOTTRACE_DIST;
  if (!bin || !dist) throw new Error('LOTTRACE_SERVER and LOTTRACE_DIST must be set (run through `cargo xtask test`)');
  const dir = dbFile ? null : mkdtempSync(join(tmpdir(), 'lottrace-e2e-'));
  const db = dbFile ?? join(dir, 'lottrace.db');
  const port = await freePort();
  const args = ['--db', db, '--listen', `127.0.0.1:${port}`, '--dist', dist];
  if (demo) args.push('--demo');
  args.push(...more);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const base = `http://127.0.0.1:${port}`;
  await new Promise((resolve, reject) => {
    const deadline = Date.now() + 20000;
    const poll = () => {
      if (out.includes('listening on')) return resolve();
      if (child.exitCode !== null) return reject(new Error(`server exited: ${out}`));
      if (Date.now() > deadline) return reject(new Error(`server did not start: ${out}`));
      setTimeout(poll, 50);
    };
    poll();
  });
  return {
    base,
    db,
    output: () => out,
    /** Trace-page URLs the server printed for the demo retail packs. */
    demoUrls: () => out.split('\n').filter((l) => l.startsWith(`${base}/01/`)),
    /** `keep`: leave the database file (to start a server on it again). */
    async stop({ keep = false } = {}) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      if (dir && !keep) rmSync(dir, { recursive: true, force: true });
    },
    /** Removes a database kept by `stop({ keep: true })`. */
    remove() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
