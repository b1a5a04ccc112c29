/* The scanner's service worker: keeps the page and its scripts so that the scanner opens and works
   without the network. API calls always go to the network (the page queues scans itself). */
const CACHE = "pavilion-scanner-v1";
const ASSETS = ["/gates/scanner/"{% for asset in assets %}, "{{ asset|escapejs }}"{% endfor %}];
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.pathname.startsWith("/api/")) return;
  event.respondWith(
    fetch(event.request).then((response) => {
      if (response.ok && ASSETS.includes(url.pathname)) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return response;
    }).catch(() => caches.match(event.request, { ignoreSearch: true }))
  );
});
