// The service worker of the installable workspace (X4).
// - Pages: always from the network (they carry the session and a fresh CSP
//   nonce); without a network, the offline page.
// - The app's hashed build files (/assets/…), fonts and icons: from the cache
//   once fetched, so a phone opens the workspace quickly on a slow line.
// - Server functions, live sockets and room images (/api/, /media/) are never
//   cached: they are private and must be current.
const VERSION = 'chats-v2';
const OFFLINE = '/offline.html';
const PRECACHE = [OFFLINE, '/offline.css', '/offline.js', '/favicon.svg', '/manifest.webmanifest', '/manifest.en.webmanifest', '/icons/icon-192.png',
  '/fonts/Inter-Regular.woff2'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

const cacheable = (url) => url.pathname.startsWith('/assets/') || url.pathname.startsWith('/fonts/')
  || url.pathname.startsWith('/icons/') || url.pathname === '/favicon.svg';

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (cacheable(url)) {
    event.respondWith(caches.open(VERSION).then(async (cache) => {
      const hit = await cache.match(request);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) cache.put(request, response.clone());
      return response;
    }));
  }
});
