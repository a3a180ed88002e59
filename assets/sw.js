// Service worker: keeps the app shell (HTML, JS, WASM, CSS, icons) in a versioned cache
// so the editor opens and works with no network. BUILD is stamped by the post-build hook
// (scripts/post-build.sh), so every build is a new version: installed in the background,
// used from the next load on, and older caches are deleted once it takes over.
const BUILD = '__BUILD__';
const CACHE = `deployment-plan-editor-${BUILD}`;
const WORKER = ['./import-worker_loader.js', './import-worker.js', './import-worker_bg.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const response = await fetch('./index.html', { cache: 'no-store' });
    const html = await response.clone().text();
    // Trunk writes the hashed asset names into index.html.
    const assets = [...html.matchAll(/(?:href|src)="([^"#?:]+)"/g)].map((m) => m[1]);
    await cache.put('./index.html', response.clone());
    await cache.put('./', response);
    // addAll rejects duplicates: compare absolute URLs.
    const urls = new Set([...assets, './manifest.webmanifest', './icon.svg'].map((u) => new URL(u, self.location).href));
    await cache.addAll([...urls]);
    // The import worker, loaded on the first import: its names carry no hash (BUILD covers
    // its content), so fetch it past the browser's HTTP cache.
    await cache.addAll(WORKER.map((u) => new Request(u, { cache: 'reload' })));
    // Take over at once: an open page has its code, and its next load gets the new version
    // (the page says so quietly). The import worker it may load later is this build's; the
    // page finds out (their ready message) and asks for a reload.
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('deployment-plan-editor-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page: the network when there is one (to see new versions), else the cache.
    event.respondWith(fetch(request).catch(async () =>
      (await caches.match(request, { ignoreSearch: true })) ?? (await caches.match('./index.html'))));
    return;
  }
  // Hashed assets never change: the cache first.
  event.respondWith((async () => {
    const cached = await caches.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  })());
});
