// Descent's service worker: the page opens and every lab works without the network after one
// visit, and the Digits lab too once MNIST has been downloaded.
//
// - The app shell (html, css, js, wasm, icons) is precached in a cache named after this version.
//   The list, with a revision per file, is written in at build time by `cargo xtask dist`
//   (workbox-build's injectManifest), so a changed file makes a changed service worker.
// - The WebGPU engine and the ready model join that cache the first time they are fetched (the
//   first is large and only machines that train on WebGPU fetch it).
// - MNIST goes in a cache of its own, kept across versions: its files never change, and the
//   engine checks each against its SHA-256 anyway.
// - A new version waits until the page asks it to take over (the page shows "A new version is
//   ready"); it then removes the caches of older versions.

const PRECACHE = self.__WB_MANIFEST;
const VERSION = [...JSON.stringify(PRECACHE)].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7) >>> 0;
const SHELL = `descent-shell-${VERSION.toString(16)}`;
const DATA = 'descent-mnist';

const scopeUrl = (path) => new URL(path, self.registration.scope).href;
const shellUrls = new Set(PRECACHE.map((entry) => scopeUrl(entry.url)));

self.addEventListener('install', (event) => {
  // `reload`: fresh from the server, never from the HTTP cache, so the cache holds this version.
  const requests = PRECACHE.map((entry) => new Request(scopeUrl(entry.url), { cache: 'reload' }));
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(requests)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('descent-shell-') && name !== SHELL).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'take-over') self.skipWaiting();
});

// The cache a response belongs in, or none (then the network answers as usual).
const cacheFor = (url) => {
  if (url.origin !== self.location.origin) return null;
  if (url.pathname.startsWith('/mnist/')) return DATA;
  if (url.pathname.endsWith('/digits-model.bin') || /\/engine_webgpu(_bg\.wasm|\.js)$/.test(url.pathname)) return SHELL;
  return null;
};

// From the cache if there, else from the network, kept once it has fully arrived (the page reads
// its copy as the bytes come, for its progress bar). A request made with `cache: 'reload'` (the
// engine asks so after a file failed its checksum) skips the cached copy and replaces it.
const fromCacheOrNetwork = async (event, cacheName) => {
  const { request } = event;
  const cache = await caches.open(cacheName);
  const key = request.url.split('?')[0];
  const cached = request.cache === 'reload' ? undefined : await cache.match(key);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) event.waitUntil(cache.put(key, response.clone()).catch(() => {}));
  return response;
};

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate' && url.origin === self.location.origin) {
    event.respondWith(caches.open(SHELL).then((cache) => cache.match(scopeUrl('index.html'))).then((page) => page ?? fetch(request)));
    return;
  }
  const bare = url.origin + url.pathname;
  if (shellUrls.has(bare)) {
    event.respondWith(caches.match(bare, { cacheName: SHELL }).then((hit) => hit ?? fetch(request)));
    return;
  }
  const cacheName = cacheFor(url);
  if (cacheName) event.respondWith(fromCacheOrNetwork(event, cacheName));
});
