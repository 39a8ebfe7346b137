// Rapport's service worker: keeps the app shell (page, wasm, JS, CSS, icons) so that a reload
// with no network still opens Rapport; the records themselves come from the browser's cache.
// Network first, so an online browser always runs the newest build; the cache when offline.
const CACHE = 'rapport-shell-v3';
const SHELL = ['/', '/pkg/rapport.js', '/pkg/rapport.wasm', '/pkg/rapport.css', '/favicon.svg', '/manifest.webmanifest'];
// The pages loaded on first use (`cargo leptos build --split`): their wasm pieces are listed in
// this manifest, and loaded by this script. Kept too, so a page never opened online still opens
// offline.
const SPLIT_MANIFEST = '/pkg/__wasm_split_manifest.json';
const SPLIT_LOADER = '/pkg/__wasm_split.______________________.js';

async function splitPieces() {
  const response = await fetch(SPLIT_MANIFEST);
  if (!response.ok) return [];
  const manifest = await response.json();
  const chunks = new Set(Object.values(manifest).flat());
  return [SPLIT_LOADER, ...[...chunks].map((chunk) => `/pkg/${chunk}.wasm`)];
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => cache.addAll([...SHELL, ...(await splitPieces())]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Keeps `response` as what `key` answers offline, unless the cache holds that very file already
// (the same modification time): a reload would otherwise write the whole wasm to disk again
// while the page starts and reads its copy of the records.
async function keep(key, response) {
  const cache = await caches.open(CACHE);
  const stamp = response.headers.get('last-modified');
  if (stamp) {
    const held = await cache.match(key);
    if (held && held.headers.get('last-modified') === stamp) {
      // The copy handed in is never read: let the browser drop its half of the body now.
      await response.body?.cancel();
      return;
    }
  }
  await cache.put(key, response);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Data goes through sync, never through this cache; a calendar feed is a secret file for
  // another program, never the app.
  if (
    request.method !== 'GET' ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith('/api/') ||
    url.pathname.startsWith('/calendar/')
  ) {
    return;
  }
  // Every page is the same app shell, but the sign-in page, which is its own.
  const signIn = url.pathname === '/signin';
  const key = request.mode === 'navigate' ? (signIn ? '/signin' : '/') : request;
  event.respondWith(
    fetch(request)
      .then((response) => {
        // A redirect (to the sign-in page) is not the app, nor is anything but a page: never
        // kept as it.
        const page = (response.headers.get('content-type') || '').startsWith('text/html');
        if (response.ok && !response.redirected && (request.mode !== 'navigate' || page)) {
          event.waitUntil(keep(key, response.clone()));
        }
        return response;
      })
      .catch(() => caches.match(key, { ignoreSearch: true }).then((cached) => cached || Response.error())),
  );
});
