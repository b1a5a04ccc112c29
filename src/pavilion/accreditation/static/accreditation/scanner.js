/* The gate scanner: reads a badge (camera via jsQR, or a keyboard-wedge scanner typing into the
   input), asks the server when it can, and decides alone when the network is gone: it verifies the
   signature with the event's public keys, checks the synced revocations and the badge's own
   windows per zone, and queues the scan in IndexedDB to upload as a batch when the network is
   back. A 401 (the device was revoked, its token no longer valid) wipes what it holds and it
   decides nothing until a new token is entered; no answer at all (the network) decides offline. */
"use strict";
(() => {
  const API = "/api/v1";
  const $ = (selector) => document.querySelector(selector);
  // The page's texts in its language (scanner.html renders them from gettext); `%(name)s` filled here.
  const TEXTS = JSON.parse(document.getElementById("scanner-texts").textContent);
  function t(key, values) {
    return (TEXTS[key] || key).replace(/%\((\w+)\)s/g, (whole, name) => (values && name in values ? String(values[name]) : whole));
  }
  function reasonText(reason) { return reason ? (TEXTS.reasons[reason] || reason) : ""; }
  // A name the sync feed gives in each language ({en, az, ru}), in the page's.
  const LANGUAGE = (document.documentElement.lang || "en").split("-")[0];
  function named(names, fallback) { return (names && (names[LANGUAGE] || names.en)) || fallback || ""; }
  function emptyState() {
    return { seq: 0, keys: null, event_id: null, gates: [], zones: [], categories: {}, badges: {}, revoked: [],
             generations: {}, window_sets: {}, device: null, clock_offset: 0 };
  }
  let state = emptyState();
  let keys = new Map();
  let queue = [];
  let revokedHere = false;  // a 401 wiped this scanner: it says so until a new token is entered
  let inside = {};  // serial → local day of the last entry here, for hard anti-passback offline

  // IndexedDB: one store, two records (the synced state and the queue of unsent scans).
  function db() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open("pavilion-scanner", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("data");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function load(name, fallback) {
    const handle = await db();
    return new Promise((resolve) => {
      const request = handle.transaction("data").objectStore("data").get(name);
      request.onsuccess = () => resolve(request.result === undefined ? fallback : request.result);
      request.onerror = () => resolve(fallback);
    });
  }
  async function save(name, value) {
    const handle = await db();
    return new Promise((resolve, reject) => {
      const transaction = handle.transaction("data", "readwrite");
      transaction.objectStore("data").put(value, name);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
  }

  async function wipe() {
    const handle = await db();
    return new Promise((resolve) => {
      const transaction = handle.transaction("data", "readwrite");
      transaction.objectStore("data").clear();
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => resolve();
    });
  }

  // The server answered 401: this device was revoked or its token is no longer valid. Forget the
  // token, the keys, the holders (personal data), the queue and every other state, and decide
  // nothing until a new token is entered.
  async function forget() {
    revokedHere = true;
    localStorage.removeItem("pavilion-device-token");
    state = emptyState(); keys = new Map(); queue = []; inside = {};
    await wipe();
    showQueue();
    setStatus(t("device_revoked"));
    $("#gate-name").textContent = "";
  }

  function refuse() {
    show({ result: "refused", reason: null, badge: null }, false);
    $("#verdict").textContent = t("not_deciding");
    $("#mode").textContent = "";
    $("#reason").textContent = revokedHere ? t("device_revoked") : t("no_token");
  }

  function token() { return localStorage.getItem("pavilion-device-token") || ""; }
  function headers() { return { "Authorization": "Device " + token(), "Content-Type": "application/json" }; }
  function setStatus(text) { $("#sync-state").textContent = text; }
  function showQueue() { $("#queue-count").textContent = String(queue.length); }

  // The server's time: the phone's own clock corrected by what the last sync measured, so that a
  // badge's validity window and the time a scan is recorded with do not depend on a wrong phone clock.
  function now() { return new Date(Date.now() + (state.clock_offset || 0)); }

  async function sync() {
    if (!token()) { setStatus(revokedHere ? t("device_revoked") : t("no_token")); return; }
    try {
      const sent = Date.now();
      const response = await fetch(`${API}/sync?since=${state.seq}`, { headers: headers() });
      if (response.status === 401) { await forget(); return; }
      if (!response.ok) { setStatus(t("sync_refused", { status: response.status })); return; }
      const feed = await response.json();
      const server = Date.parse(feed.now);
      if (!Number.isNaN(server)) state.clock_offset = server - (sent + Date.now()) / 2;
      merge(feed);
      await save("state", state);
      keys = await PavilionToken.importKeys(state.keys);
      setStatus(t("synced", { badges: Object.keys(state.badges).length, seq: state.seq }));
      $("#gate-name").textContent = state.device
        ? `${named(state.device.gate_names, state.device.gate_name)} (${state.device.gate})` : "";
    } catch (error) {
      setStatus(t("offline"));
    }
  }

  function merge(feed) {
    state.seq = feed.seq; state.keys = feed.keys; state.event_id = feed.event_id;
    state.gates = feed.gates; state.zones = feed.zones; state.device = feed.device;
    state.window_sets = Object.assign(state.window_sets || {}, feed.window_sets || {});
    if (feed.categories) state.categories = feed.categories;  // sent with changed badges only
    for (const badge of feed.badges) state.badges[badge.serial] = badge;
    const revoked = new Set(state.revoked);
    for (const serial of feed.revocations.revoked) revoked.add(serial);
    state.revoked = Array.from(revoked);
    for (const [serial, generation] of Object.entries(feed.revocations.generations)) {
      state.generations[serial] = Math.max(generation, state.generations[serial] || 0);
    }
  }

  function gate() { return state.device ? state.gates.find((g) => g.code === state.device.gate) : null; }
  function zoneOf(g) { return state.zones.find((z) => z.code === g.zone) || null; }
  function localDay(date) { return date.toLocaleDateString("en-CA", { timeZone: state.device ? state.device.time_zone : "UTC" }); }

  // The badge's own windows in this zone (the grants of its category and the person's changes, as
  // the server keeps them: scanning.py `_window_reason`): null when they let it in.
  function windowReason(badge, zone, when) {
    const set = badge.windows ? (state.window_sets || {})[badge.windows] : null;
    if (!set) return null;  // a feed without windows: the token's own window only
    const spans = set[String(zone)] || [];
    if (!spans.length) return "zone_not_granted";
    const moment = when.getTime() / 1000;
    if (spans.some(([opens, closes]) => opens <= moment && moment <= closes)) return null;
    const day = localDay(when);
    const laterToday = spans.some(([opens]) => moment < opens && localDay(new Date(opens * 1000)) === day);
    const begun = spans.some(([opens]) => opens <= moment);
    return laterToday || !begun ? "not_yet_valid" : "expired";
  }

  async function decideOffline(text, direction, when) {
    const g = gate();
    if (!g || !state.keys) return { result: "denied", reason: "invalid", badge: null };
    const generations = new Map(Object.entries(state.generations).map(([s, g2]) => [Number(s), g2]));
    const verdict = await PavilionToken.verify(text, {
      event: state.event_id, keys, revoked: new Set(state.revoked), generations, now: when.getTime() / 1000, zone: g.zone_number,
    });
    const badge = verdict.claims ? state.badges[verdict.claims.serial] || null : null;
    if (direction === "out" && badge) {  // genuinely ours (signature good, serial known): let out, always
      delete inside[verdict.claims.serial];
      return { result: "granted", reason: null, badge };
    }
    if (!verdict.granted) return { result: "denied", reason: verdict.reason, badge };
    if (badge && (badge.status === "revoked" || !badge.cleared)) return { result: "denied", reason: badge.status === "revoked" ? "revoked" : "not_cleared", badge };
    const outside = badge ? windowReason(badge, g.zone_number, when) : null;
    if (outside) return { result: "denied", reason: outside, badge };
    const zone = zoneOf(g);
    const serial = verdict.claims.serial;
    if (direction === "in" && zone && zone.passback === "hard" && inside[serial] === localDay(when)) {
      return { result: "denied", reason: "passback", badge };
    }
    if (direction === "in") inside[serial] = localDay(when); else delete inside[serial];
    return { result: "granted", reason: null, badge };
  }

  // White or black writing on a category's colour, whichever reads better (white on VIP's gold is below 4.5:1).
  function readableOn(colour) {
    const match = /^#?([0-9a-f]{6})$/i.exec(colour || "");
    if (!match) return "#fff";
    const channel = (i) => {
      const c = parseInt(match[1].slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#fff" : "#000";
  }

  function show(answer, offline) {
    const panel = $("#result");
    panel.dataset.result = answer.result;
    panel.className = "result " + answer.result;
    $("#verdict").textContent = answer.result === "granted" ? t("granted") : t("denied");
    $("#reason").textContent = reasonText(answer.detail || answer.reason);  // a session door's own reason
    $("#reason").dataset.reason = answer.reason || "";
    $("#reason").dataset.detail = answer.detail || "";
    $("#mode").textContent = offline ? t("queued") : t("online");
    const badge = answer.badge;
    $("#holder-name").textContent = badge ? badge.name : "";
    $("#holder-category").textContent = badge ? named((state.categories || {})[badge.category], badge.category_name) : "";
    $("#holder-category").style.background = badge ? badge.colour : "transparent";
    $("#holder-category").style.color = badge ? readableOn(badge.colour) : "";
    const photo = $("#holder-photo");
    photo.alt = badge ? badge.name : "";
    if (badge && badge.photo) { photo.src = badge.photo; photo.hidden = false; } else { photo.hidden = true; photo.removeAttribute("src"); }
  }

  async function onScan(text) {
    if (!token()) { refuse(); return; }
    const g = gate();
    const direction = document.querySelector("input[name=direction]:checked").value;
    const scan = { qr: text, gate: g ? g.code : "", direction, scanned_at: now().toISOString(), nonce: crypto.randomUUID() };
    if (navigator.onLine) {
      try {
        const response = await fetch(`${API}/scans`, { method: "POST", headers: headers(), body: JSON.stringify(scan) });
        if (response.status === 401) { await forget(); refuse(); return; }
        if (response.ok) { show(await response.json(), false); return; }
      } catch (error) { /* the network went away: decide here */ }
    }
    const answer = await decideOffline(text, direction, new Date(scan.scanned_at));
    queue.push(scan);
    await save("queue", queue);
    showQueue();
    show(answer, true);
  }

  async function upload() {
    if (!queue.length || !navigator.onLine || !token()) return;
    const sending = queue.slice(0, 500);
    try {
      const response = await fetch(`${API}/scans/batch`, { method: "POST", headers: headers(), body: JSON.stringify({ scans: sending }) });
      if (response.status === 401) { await forget(); return; }
      const refused = response.status >= 400 && response.status < 500 && response.status !== 401;
      if (!response.ok && !refused) return;  // server trouble: keep them for later
      const sent = new Set(sending.map((scan) => scan.nonce));
      queue = queue.filter((scan) => !sent.has(scan.nonce));
      await save("queue", queue);
      showQueue();
      setStatus(refused ? t("refused", { count: sending.length, status: response.status })
                        : t("uploaded", { count: sending.length }));
    } catch (error) { /* still offline: try again later */ }
  }

  function startCamera() {
    let last = "", lastAt = 0;  // the same card held in front of the camera is read once every 3 s
    PavilionCamera.start($("#camera"), (text) => {
      const now = Date.now();
      if (text !== last || now - lastAt > 3000) { last = text; lastAt = now; onScan(text); }
      return false;
    }, () => setStatus(t("no_camera")));
  }

  async function start() {
    const match = location.hash.match(/token=([^&]+)/);
    if (match) {
      localStorage.setItem("pavilion-device-token", decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname);  // the token does not stay in the address bar
    }
    state = await load("state", state);
    queue = await load("queue", []);
    showQueue();
    if (state.keys) keys = await PavilionToken.importKeys(state.keys);
    $("#token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      localStorage.setItem("pavilion-device-token", $("#device-token").value.trim());
      revokedHere = false;
      $("#device-token").value = "";
      sync();
    });
    $("#wedge-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("#wedge").value;
      $("#wedge").value = "";
      if (text.trim()) onScan(text);
    });
    $("#camera-button").addEventListener("click", startCamera);
    window.addEventListener("online", async () => { await upload(); await sync(); });
    setInterval(async () => { await upload(); await sync(); }, 20000);
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/gates/sw.js", { scope: "/gates/" }).catch(() => {});
    await sync();
    await upload();
    document.body.dataset.ready = "true";
    $("#wedge").focus();
  }
  start();
})();
