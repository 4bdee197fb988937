// The service worker of the installable workspace (X4).
// - Pages: always from the network (they carry a fresh CSP nonce); without
//   a network, the workspace's last page (see navigate) or the offline page.
// - The app's hashed build files (/assets/…), fonts and icons: from the cache
//   once fetched, so a phone opens the workspace quickly on a slow line.
// - Server functions, live sockets and room images (/api/, /media/) are never
//   cached: they are private and must be current.
const VERSION = 'chats-v4';
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

// The workspace's page (#13): from the network, and the last one kept so
// that the workspace opens without a network (it then shows the last known
// lists from the browser's storage, and the outbox takes what is written).
// The page holds no private data (the workspace loads it after starting);
// its CSP nonce is reused only for that offline copy. Other pages offline:
// the offline page.
const SHELL = '/';
async function navigate(request, url) {
  try {
    const response = await fetch(request);
    const html = (response.headers.get('content-type') || '').includes('text/html');
    if (url.pathname === SHELL && response.ok && html) {
      const cache = await caches.open(VERSION);
      await cache.put(SHELL, response.clone());
    }
    return response;
  } catch (error) {
    if (url.pathname === SHELL) {
      const shell = await caches.match(SHELL);
      if (shell) return shell;
    }
    return caches.match(OFFLINE);
  }
}

const cacheable = (url) => url.pathname.startsWith('/assets/') || url.pathname.startsWith('/fonts/')
  || url.pathname.startsWith('/icons/') || url.pathname === '/favicon.svg';

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, url));
    return;
  }
  // The app's code under an unhashed name (/wasm/…): from the network, the
  // last copy kept for starting offline.
  if (url.pathname.startsWith('/wasm/')) {
    event.respondWith(caches.open(VERSION).then(async (cache) => {
      try {
        const response = await fetch(request);
        if (response.ok) cache.put(request, response.clone());
        return response;
      } catch (error) {
        const kept = await cache.match(request);
        if (kept) return kept;
        throw error;
      }
    }));
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

// Web Push (#15): the server's push (an encrypted PushPayload, see
// src/model/push.rs) always shows a notification (iOS requires it); tapping
// it focuses a workspace tab on that chat, or opens one.
const WORDS = {
  ru: { inquiry: 'Новое обращение', message: 'Новое сообщение', call: 'Входящий звонок', call_ended: 'Звонок завершён', open: 'Чаты' },
  en: { inquiry: 'New inquiry', message: 'New message', call: 'Incoming call', call_ended: 'Call ended', open: 'Chats' },
};

self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (_) { data = {}; }
  const words = WORDS[data.lang] || WORDS.ru;
  const heading = words[data.kind] || words.open;
  const title = data.title ? `${heading}: ${data.title}` : heading;
  const lines = [data.room, data.author && data.text ? `${data.author}: ${data.text}` : (data.author || data.text)].filter(Boolean);
  // A call that ended (or was answered elsewhere) replaces its ringing
  // notification, under the same tag, quietly.
  const quiet = data.kind === 'call_ended';
  event.waitUntil(self.registration.showNotification(title, {
    body: lines.join('\n'),
    tag: data.chat ? `chat-${data.chat}` : 'chats',
    renotify: !quiet,
    silent: quiet,
    requireInteraction: data.kind === 'call',
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: { chat: data.chat || null },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const chat = event.notification.data && event.notification.data.chat;
  const target = chat ? `/?chat=${encodeURIComponent(chat)}` : '/';
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin && !new URL(w.url).pathname.startsWith('/widget'));
    if (open) {
      await open.focus();
      open.postMessage({ openChat: chat });
      return;
    }
    await self.clients.openWindow(target);
  })());
});
