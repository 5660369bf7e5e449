// OsteoPlan service worker. scripts/post-build.mjs fills in the cache name and this build's file list.
// Cache first for this build's own files, so the app opens with the network off after one visit. Every build that
// changes a file gets a new cache name; activation deletes the caches of older builds.
const CACHE = '__OSTEOPLAN_CACHE__';
const FILES = __OSTEOPLAN_FILES__;

self.addEventListener('install', (event) => {
  // Take over at once; the page tells the user a new version is ready and offers a reload.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('osteoplan-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // A page is found whatever its query (?embed=1); "./" and "./index.html" are both cached. Each page is matched by
  // its own URL, so the example host page is never answered with the app.
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: request.mode === 'navigate' }).then((hit) => hit || fetch(request)),
    ),
  );
});
