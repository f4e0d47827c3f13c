// Lottrace service worker: the app shell offline, and new deploys offered, never forced.
//
// `cargo xtask build` replaces the placeholders: PRECACHE with every file of the shopper
// app (hashed JS/WASM/CSS, index.html …), PRECACHE_STAFF with the staff app's (under
// /staff/), and BUILD with a build id, so a new deploy
// changes these bytes and the browser installs the new worker beside the old one. The
// new one waits until the page asks it to take over (SKIP_WAITING, sent when the person
// clicks "Reload to update"): an open form is never swapped out under someone's hands.
//
// - Navigations are answered with the cached app shell — /staff/index.html under /staff,
//   index.html for every other path (/, /scan, /01/…/10/…, /t/…) — from the network only
//   when it is not cached yet.
// - Built files: cache first (they are content-hashed). The staff app is precached only
//   on a device that has opened it (a shopper's phone never downloads the forms), and
//   cached as it loads the first time.
// - /api/*: network first, the last good answer when offline (public GETs only) — except
//   /api/trace/*, which the trace page keeps itself, dated, so an old copy is never shown
//   as if it were current.
// - /epcis/* and /api/auth/*: never touched — staff data and tokens are not cached.
// - /embed.js and /embed/*: never touched — the trace widget is rendered by the server,
//   not the app shell.
'use strict';

const PRECACHE = "__LOTTRACE_PRECACHE__";
const PRECACHE_STAFF = "__LOTTRACE_PRECACHE_STAFF__";
const BUILD = "__LOTTRACE_BUILD__";
const SHELL = `lottrace-shell-${BUILD}`;
const API = 'lottrace-api';
// Unfilled placeholders (a `trunk serve` dev build): cache the shell as it is loaded.
const FILES = Array.isArray(PRECACHE) ? PRECACHE : ['/index.html'];
const STAFF_FILES = Array.isArray(PRECACHE_STAFF) ? PRECACHE_STAFF : [];

function isStaff(path) {
  return path === '/staff' || path.startsWith('/staff/');
}

// A staff device: a staff page is open, or an earlier version cached the staff app.
async function staffDevice() {
  const open = await self.clients.matchAll({ includeUncontrolled: true, type: 'window' });
  if (open.some((c) => isStaff(new URL(c.url).pathname))) return true;
  for (const name of await caches.keys()) {
    if (name.startsWith('lottrace-shell-') && await caches.match('/staff/index.html', { cacheName: name })) return true;
  }
  return false;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const files = (await staffDevice()) ? FILES.concat(STAFF_FILES) : FILES;
    const cache = await caches.open(SHELL);
    await cache.addAll(files.map((f) => new Request(f, { cache: 'reload' })));
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

// Staff files are kept as they load, so the staff app opens offline after one visit.
async function fetchAndKeep(request, key) {
  const response = await fetch(request);
  if (response.ok && isStaff(new URL(request.url).pathname)) {
    const copy = response.clone();
    caches.open(SHELL).then((c) => c.put(key, copy)).catch(() => {});
  }
  return response;
}

async function shell(request) {
  const key = isStaff(new URL(request.url).pathname) ? '/staff/index.html' : '/index.html';
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
