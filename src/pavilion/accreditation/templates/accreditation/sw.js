/* The scanner's service worker: keeps the page and its scripts so that the scanner opens and works
   without the network. API calls always go to the network (the page queues scans itself). */
const CACHE = "pavilion-scanner-v1";
const ASSETS = ["/gates/scanner/"{% for asset in assets %}, "{{ asset|escapejs }}"{% endfor %}];
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });
// With Wi-Fi up but the uplink dead a fetch may hang for minutes: after this long the kept copy is
// served (the network's answer, if it comes, still refreshes the cache for the next time).
const NETWORK_WAIT_MS = 4000;
function withinWait(promise) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("network too slow")), NETWORK_WAIT_MS);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.pathname.startsWith("/api/")) return;
  const network = fetch(event.request).then((response) => {
    if (response.ok && ASSETS.includes(url.pathname)) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(event.request, copy));
    }
    return response;
  });
  event.respondWith(
    withinWait(network).catch(() => caches.match(event.request, { ignoreSearch: true })
      .then((kept) => kept || network))
  );
});
