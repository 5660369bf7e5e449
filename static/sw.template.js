// OsteoPlan service worker. scripts/post-build.mjs fills in this build's version and file list.
// This build's own files from the cache, so the app opens with the network off after one visit. Every build that
// changes a file gets a new version; activation deletes the caches of older builds at this scope only.
// The caches of one origin are shared by every path on it, so a cache is named by the worker's scope as well:
// two builds on one host (/prod/ and /staging/) each keep their own offline copy.
const VERSION = '__OSTEOPLAN_VERSION__';
const FILES = __OSTEOPLAN_FILES__;
const PREFIX = `osteoplan ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;
// Builds before the scope was in the name called their cache osteoplan-<version>; one of those is this scope's
// when it holds this scope's page.
const OLD_NAME = /^osteoplan-[0-9a-f]+$/;
const isOldOfThisScope = (name) =>
  OLD_NAME.test(name) && caches.open(name).then((cache) => cache.match(self.registration.scope)).then(Boolean);

self.addEventListener('install', (event) => {
  // Take over at once; the page tells the user a new version is ready and offers a reload.
  // cache: 'reload' skips the browser's HTTP cache, which could otherwise hand back the previous build's page.
  const fresh = FILES.map((file) => new Request(file, { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.map(async (n) => {
            if ((n.startsWith(PREFIX) && n !== CACHE) || (await isOldOfThisScope(n))) await caches.delete(n);
          }),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  const cached = () => caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: request.mode === 'navigate' }));
  if (request.mode === 'navigate') {
    // The page from the server when it answers, so edits to index.html after deployment (the embedding
    // allow-list) reach every user; the cached page (whatever its query, ?embed=1) when offline or when the
    // server or a proxy answers with an error.
    const fallback = (response) => cached().then((hit) => hit || response || Response.error());
    event.respondWith(
      fetch(request, { cache: 'no-cache' }).then((response) => (response.ok ? response : fallback(response)), () => fallback()),
    );
    return;
  }
  // The hashed files never change under one name: the cache first.
  event.respondWith(cached().then((hit) => hit || fetch(request)));
});
