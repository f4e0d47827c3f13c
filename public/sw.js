// Lottrace service worker: the app shell offline, and new deploys offered, never forced.
//
// `cargo xtask build` replaces the placeholders: PRECACHE with every file of the shopper
// app (hashed JS/WASM/CSS, index.html …), PRECACHE_APPS with the files of each app that
// has its own WASM under its own path (/scan/, /staff/, /kiosk/), and BUILD with a build id, so a new deploy
// changes these bytes and the browser installs the new worker beside the old one. The
// new one waits until the page asks it to take over (SKIP_WAITING, sent when the person
// clicks "Reload to update"): an open form is never swapped out under someone's hands.
//
// - Navigations are answered with the cached app shell — /scan/index.html under /scan
//   (the old path /scan too), /staff/index.html under /staff, /kiosk/index.html under
//   /kiosk, index.html for every other path (/, /01/…/10/…, /t/…) — from the network
//   only when it is not cached yet.
// - Built files: cache first (they are content-hashed). The scan, staff and kiosk apps
//   are precached only on a device that has opened them (a shopper's phone never
//   downloads the forms), and cached as they load the first time. The shopper app is
//   always precached: the scan screen registers this worker once its camera has run for
//   a second, so the trace page a scan leads to opens from the cache.
// - /api/*: network first, the last good answer when offline (public GETs only) — except
//   /api/trace/*, which the trace page keeps itself, dated, so an old copy is never shown
//   as if it were current.
// - /epcis/* and /api/auth/*: never touched — staff data and tokens are not cached.
// - /embed.js and /embed/*: never touched — the trace widget is rendered by the server,
//   not the app shell.
'use strict';

const PRECACHE = "__LOTTRACE_PRECACHE__";
const PRECACHE_APPS = "__LOTTRACE_PRECACHE_APPS__";
const BUILD = "__LOTTRACE_BUILD__";
const SHELL = `lottrace-shell-${BUILD}`;
const API = 'lottrace-api';
// Unfilled placeholders (a `trunk serve` dev build): cache the shell as it is loaded.
const FILES = Array.isArray(PRECACHE) ? PRECACHE : ['/index.html'];
const APP_FILES = typeof PRECACHE_APPS === 'object' ? PRECACHE_APPS : { scan: [], staff: [], kiosk: [] };

// The app a path belongs to ('scan', 'staff', 'kiosk'), or null for the shopper app.
function appOf(path) {
  return Object.keys(APP_FILES).find((app) => path === `/${app}` || path.startsWith(`/${app}/`)) || null;
}

// Apps this device uses: one of their pages is open, or an earlier version cached them.
async function appsInUse() {
  const open = await self.clients.matchAll({ includeUncontrolled: true, type: 'window' });
  const used = new Set(open.map((c) => appOf(new URL(c.url).pathname)).filter(Boolean));
  for (const name of await caches.keys()) {
    if (!name.startsWith('lottrace-shell-')) continue;
    for (const app of Object.keys(APP_FILES)) {
      if (await caches.match(`/${app}/index.html`, { cacheName: name })) used.add(app);
    }
  }
  return used;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    let files = FILES;
    for (const app of await appsInUse()) files = files.concat(APP_FILES[app]);
    const cache = await caches.open(SHELL);
    // Low priority: this runs beside a page that is working (the scan screen's camera
    // and decoder, a form), which must not wait behind the precache.
    await cache.addAll(files.map((f) => new Request(f, { cache: 'reload', priority: 'low' })));
  })());
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

// The other apps' files are kept as they load, so they open offline after one visit.
async function fetchAndKeep(request, key) {
  const response = await fetch(request);
  if (response.ok && appOf(new URL(request.url).pathname)) {
    const copy = response.clone();
    caches.open(SHELL).then((c) => c.put(key, copy)).catch(() => {});
  }
  return response;
}

async function shell(request) {
  const app = appOf(new URL(request.url).pathname);
  const key = app ? `/${app}/index.html` : '/index.html';
  const cached = await caches.match(key, { cacheName: SHELL });
  if (cached) return cached;
  return fetchAndKeep(request, key);
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL });
  if (cached) return cached;
  return fetchAndKeep(request, request);
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
  if (isPrivate(path) || path.startsWith('/api/trace/')) return;
  if (path === '/embed.js' || path.startsWith('/embed/')) return;
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
