// Lottrace service worker: the app shell offline, and new deploys offered, never forced.
//
// `cargo xtask build` replaces the two placeholders: PRECACHE with every file of the
// build (hashed JS/WASM/CSS, index.html …) and BUILD with a build id, so a new deploy
// changes these bytes and the browser installs the new worker beside the old one. The
// new one waits until the page asks it to take over (SKIP_WAITING, sent when the person
// clicks "Reload to update"): an open form is never swapped out under someone's hands.
//
// - Navigations (any app path: /staff, /01/…/10/…, /t/…) are answered with the cached
//   index.html, from the network only when it is not cached yet.
// - Built files: cache first (they are content-hashed).
// - /api/*: network first, the last good answer when offline (public GETs only).
// - /epcis/* and /api/auth/*: never touched — staff data and tokens are not cached.
// - /embed.js and /embed/*: never touched — the trace widget is rendered by the server,
//   not the app shell.
'use strict';

const PRECACHE = "__LOTTRACE_PRECACHE__";
const BUILD = "__LOTTRACE_BUILD__";
const SHELL = `lottrace-shell-${BUILD}`;
const API = 'lottrace-api';
// Unfilled placeholders (a `trunk serve` dev build): cache the shell as it is loaded.
const FILES = Array.isArray(PRECACHE) ? PRECACHE : ['/index.html'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('lottrace-shell-') && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

function isPrivate(path) {
  return path.startsWith('/epcis/') || path.startsWith('/api/auth/');
}

async function shell(request) {
  const cached = await caches.match('/index.html', { cacheName: SHELL });
  if (cached) return cached;
  return fetch(request);
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL });
  if (cached) return cached;
  return fetch(request);
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && !request.headers.has('Authorization')) {
      const copy = response.clone();
      caches.open(API).then((c) => c.put(request, copy)).catch(() => {});
    }
    return response;
  } catch (e) {
    const cached = await caches.match(request, { cacheName: API });
    if (cached) return cached;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (isPrivate(path) || path === '/embed.js' || path.startsWith('/embed/')) return;
  if (path.startsWith('/api/')) {
    event.respondWith(networkFirst(request));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(shell(request));
    return;
  }
  event.respondWith(cacheFirst(request));
});
