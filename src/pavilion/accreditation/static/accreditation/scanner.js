/* The gate scanner: reads a badge (camera via jsQR, or a keyboard-wedge scanner typing into the
   input), asks the server when it can, and decides alone when the network is gone: it verifies the
   signature with the event's public keys, checks the synced revocations and the badge's own
   windows per zone, and queues the scan in IndexedDB, with the decision it took, to upload as a
   batch when the network is back. A 401 (the device was revoked, its token no longer valid) wipes
   what it holds, after handing in its queue once (the server still records, flagged for review, the
   scans a revoked device took before its revocation, for a while, and refuses each one taken after
   it), and it decides nothing until a new token is entered; no answer at all (the network,
   or an uplink that takes longer than SCAN_WAIT) or a server error decides offline; any other
   refusal (4xx) is shown, not queued. */
"use strict";
(() => {
  const API = "/api/v1";
  // How long a gate waits for the server's verdict before deciding itself (Wi-Fi up, uplink dead),
  // and for the sync feed and an upload, which nobody waits for at the gate.
  const SCAN_WAIT = 2500, SYNC_WAIT = 15000, UPLOAD_WAIT = 10000;
  // After the server did not answer a scan, the next ones are decided here at once for this long
  // (a queue at the gate should not wait SCAN_WAIT per person); a sync or upload that gets through ends it.
  const UPLINK_REST = 30000;
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
  let refused = [];  // queued scans the server refused one by one: kept and shown, never uploaded again
  let revokedHere = false;  // a 401 wiped this scanner: it says so until a new token is entered
  // serial → local day of the last entry through this gate (online or offline), for hard anti-passback
  // offline; kept in IndexedDB ("inside") so that a reload does not forget who is in.
  let inside = {};
  let uplinkDown = null;  // the timer while scans are decided here without asking (UPLINK_REST)
  let uploading = false;
  let pending = "";  // a device token entered while the old device's scans could not go up yet (switchTo)

  // IndexedDB: one store, four records (the synced state, the queue of unsent scans, the scans the
  // server refused and who is inside).
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

  // The server answered 401: this device was revoked or its token is no longer valid. Hand in the
  // queue once (unless the upload itself was refused: `handIn` false), then forget the token, the
  // keys, the holders (personal data), the queue and every other state, and decide nothing until a
  // new token is entered. `handed`: what an upload that found the device revoked already handed in.
  async function forget(handIn = true, handed = null, inUpload = false) {
    revokedHere = true;
    // An upload under way (a sync answered 401 meanwhile) finishes first: the same scans must not go
    // up twice at once.
    while (uploading && !inUpload) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!inUpload && !token()) return;  // that upload found the device revoked and forgot it already
    if (handIn && queue.length) {
      uploading = true;
      const more = await handInQueue().finally(() => { if (!inUpload) uploading = false; });
      handed = { uploaded: more.uploaded + (handed ? handed.uploaded : 0), refused: more.refused + (handed ? handed.refused : 0) };
    }
    localStorage.removeItem("pavilion-device-token");
    state = emptyState(); keys = new Map(); queue = []; refused = []; inside = {};
    await wipe();
    showQueue(); showRefused();
    setStatus(handed && (handed.uploaded || handed.refused) ? t("device_revoked_handed_in", handed) : t("device_revoked"));
    $("#gate-name").textContent = "";
  }

  // Another device token on this phone (pasted, or in the link it was opened with): the scans queued
  // under the old one go up under the old one first, since the server takes a scan only from the
  // device that took it; while they cannot (no network), the phone stays the old device and says
  // why. Then everything of the old device goes (its holders, keys, sync number, who is inside its
  // gate) but the scans the server refused, which stay shown, and the new device syncs from nothing.
  async function switchTo(newToken) {
    if (!newToken || newToken === token()) { revokedHere = false; return true; }
    if (token() && queue.length) {
      while (uploading) await new Promise((resolve) => setTimeout(resolve, 100));
      await upload();
      if (queue.length && token()) {
        setStatus(t("switch_waits", { count: queue.length }));
        return false;
      }
    }
    localStorage.setItem("pavilion-device-token", newToken);
    revokedHere = false;
    state = emptyState(); keys = new Map(); queue = []; inside = {};
    await wipe();
    if (refused.length) await save("refused", refused);
    showQueue(); showGate();
    return true;
  }

  // The token entered while the old device's scans could not go up, once they can (after an upload):
  // whether the phone switched to it (it then syncs as the new device).
  async function retrySwitch() {
    if (!pending) return false;
    const offered = pending;
    if (!(await switchTo(offered))) return false;
    if (pending === offered) pending = "";
    await sync();
    return true;
  }

  // The last upload of a revoked device: the server records the scans taken before the revocation
  // and answers each one taken after it `refused`. Anything it does not take (the grace is over, no
  // network) goes with the device's data.
  async function handInQueue() {
    const handed = { uploaded: 0, refused: 0 };
    while (queue.length) {
      const sending = queue.slice(0, 500);
      let response;
      try { response = await send(sending); } catch (error) { break; }
      if (!response.ok) break;
      const count = refusedIn(await response.json().catch(() => null));
      handed.refused += count; handed.uploaded += sending.length - count;
      queue = queue.slice(sending.length);
    }
    return handed;
  }

  // How many scans of a batch's answer the server refused for a device revoked before they were taken.
  function refusedIn(body) {
    return ((body && body.results) || []).filter((answer) => answer && answer.refused).length;
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
  // The scans the server refused: their count, and each one's time and the server's words, until the
  // device is wiped (they are kept, not silently lost).
  function showRefused() {
    $("#set-aside").hidden = !refused.length;
    $("#set-aside-count").textContent = String(refused.length);
    const list = $("#set-aside-list");
    list.replaceChildren(...refused.map((item) => {
      const line = document.createElement("li");
      line.textContent = `${venueTime(item.scan.scanned_at)} · ${item.status} ${item.detail}`;
      return line;
    }));
  }
  function gateName() {
    return state.device ? `${named(state.device.gate_names, state.device.gate_name)} (${state.device.gate})` : "";
  }
  function showGate() { $("#gate-name").textContent = gateName(); }

  // fetch() that gives up after `wait` ms (an AbortError, like a network failure).
  async function request(url, options, wait) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), wait);
    try {
      return await fetch(url, Object.assign({ signal: controller.signal }, options));
    } finally {
      clearTimeout(timer);
    }
  }
  // The server's words for a refusal ({"detail": ...}), else nothing.
  async function detailOf(response) {
    try { const body = await response.json(); return typeof body.detail === "string" ? body.detail : ""; } catch (error) { return ""; }
  }
  function uplinkFailed() {
    clearTimeout(uplinkDown);
    uplinkDown = setTimeout(() => { uplinkDown = null; }, UPLINK_REST);
  }
  function uplinkBack() { clearTimeout(uplinkDown); uplinkDown = null; }

  // Who is inside, by this gate's verdicts: an entry marks the holder in for the local day, an exit out.
  async function moved(serial, direction, when) {
    if (direction === "in") inside[serial] = localDay(when); else delete inside[serial];
    await save("inside", inside);
  }

  // The server's time: the phone's own clock corrected by what the last sync measured, so that a
  // badge's validity window and the time a scan is recorded with do not depend on a wrong phone clock.
  function now() { return new Date(Date.now() + (state.clock_offset || 0)); }

  async function sync() {
    // Revoked here: forget() said so, with what it handed in; that message stays.
    if (!token()) { if (!revokedHere) setStatus(t("no_token")); return; }
    // A sync under a token that another one replaced while it was on its way (the phone coming back
    // online syncs as the old device while the new token is entered) is dropped: its answer is the
    // old device's, and the new device's own sync follows the switch.
    const asked = token();
    const current = () => token() === asked;
    try {
      const sent = Date.now();
      const response = await request(`${API}/sync?since=${state.seq}`, { headers: headers() }, SYNC_WAIT);
      if (!current()) return;
      if (response.status === 401) { await forget(); return; }
      if (!response.ok) { setStatus(t("sync_refused", { status: response.status })); return; }
      const feed = await response.json();
      if (!current()) return;
      const server = Date.parse(feed.now);
      if (!Number.isNaN(server)) state.clock_offset = server - (sent + Date.now()) / 2;
      merge(feed);
      await save("state", state);
      const imported = await PavilionToken.importKeys(state.keys);
      if (!current()) return;
      keys = imported;
      uplinkBack();
      setStatus(t("synced", { badges: Object.keys(state.badges).length, seq: state.seq }));
      showGate(); showRefused();  // the refused scans' times at the venue of the device now synced
    } catch (error) {  // no network, or no answer within SYNC_WAIT
      uplinkFailed();
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
  // A moment as the gate log writes it (2024-09-24 10:00:00), at the venue's time, whatever the phone's zone.
  function venueTime(moment) {
    return new Date(moment).toLocaleString("sv-SE", { timeZone: state.device ? state.device.time_zone : undefined });
  }
  function localDay(date) { return date.toLocaleDateString("en-CA", { timeZone: state.device ? state.device.time_zone : "UTC" }); }

  // The badge's own windows in this zone (the grants of its category and the person's changes, as
  // the server keeps them: scan_decisions.py `window_reason`): null when they let it in.
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
      await moved(verdict.claims.serial, "out", when);
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
    await moved(serial, direction, when);
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

  // The server refused this scan (a 4xx other than 401: another gate, a nonce used twice): nothing
  // was decided or queued; the operator sees the server's words and scans again or calls for help.
  function showRefusal(status, detail) {
    show({ result: "refused", reason: null, badge: null }, false);
    $("#verdict").textContent = t("not_deciding");
    $("#mode").textContent = "";
    $("#refusal-status").textContent = String(status);
    $("#refusal-detail").textContent = detail;
    $("#refusal").hidden = false;
  }

  async function onScan(text) {
    if (!token()) { refuse(); return; }
    $("#refusal").hidden = true;
    const g = gate();
    const direction = document.querySelector("input[name=direction]:checked").value;
    const scan = { qr: text, gate: g ? g.code : "", direction, scanned_at: now().toISOString(), nonce: crypto.randomUUID() };
    if (navigator.onLine && !uplinkDown) {
      try {
        const response = await request(`${API}/scans`, { method: "POST", headers: headers(), body: JSON.stringify(scan) }, SCAN_WAIT);
        if (response.status === 401) { await forget(); refuse(); return; }
        if (response.ok) {
          const answer = await response.json();
          show(answer, false);
          // the server let the holder in or out here (or says they are in): remembered for offline passback
          if (answer.badge && (answer.result === "granted" || answer.reason === "passback")) {
            await moved(answer.badge.serial, direction, new Date(scan.scanned_at));
          }
          return;
        }
        if (response.status < 500) { showRefusal(response.status, await detailOf(response)); return; }
        // a server error: decided here and queued, as without a network
      } catch (error) {  // no network, or no answer within SCAN_WAIT: decide here
        uplinkFailed();
      }
    }
    const answer = await decideOffline(text, direction, new Date(scan.scanned_at));
    scan.offline_result = answer.result;  // what happened at the gate, recorded as such (api.md batch)
    if (answer.reason) scan.offline_reason = answer.reason;
    queue.push(scan);
    await save("queue", queue);
    showQueue();
    show(answer, true);
  }

  async function send(scans) {
    return request(`${API}/scans/batch`, { method: "POST", headers: headers(), body: JSON.stringify({ scans }) }, UPLOAD_WAIT);
  }

  // The queue goes up 500 scans at a time. A batch refused whole (a 4xx: one scan the server will not
  // take) is sent again scan by scan: the refused ones are set aside and shown, the others recorded;
  // a server error or no answer keeps everything for later.
  async function upload() {
    if (uploading || !queue.length || !navigator.onLine || !token()) return;
    uploading = true;
    try {
      const sending = queue.slice(0, 500);
      const response = await send(sending);
      if (response.status === 401) { await forget(false, null, true); return; }  // not even the upload: nothing to hand in
      if (response.ok) {
        uplinkBack();
        const count = refusedIn(await response.json().catch(() => null));
        await settle(sending, []);
        // some refused as taken after this device's revocation: it is revoked; the rest were recorded
        if (count) { await forget(true, { uploaded: sending.length - count, refused: count }, true); return; }
        setStatus(t("uploaded", { count: sending.length }));
        return;
      }
      if (response.status >= 500) return;  // server trouble: keep them for later
      const done = [], setAside = [];
      for (const scan of sending) {
        let one;
        try { one = await send([scan]); } catch (error) { break; }  // the network went: the rest wait
        if (one.status === 401) { await forget(false, null, true); return; }
        if (one.ok) done.push(scan);
        else if (one.status < 500) setAside.push({ scan, status: one.status, detail: await detailOf(one) });
        else break;  // server trouble: the rest wait
      }
      await settle(done, setAside);
      if (setAside.length) setStatus(t("refused", { count: setAside.length, status: setAside[0].status }));
      else setStatus(t("uploaded", { count: done.length }));
    } catch (error) {  /* still offline, or no answer: try again later */
    } finally {
      uploading = false;
    }
  }

  // Take the uploaded and the refused scans out of the queue; keep the refused ones apart.
  async function settle(done, setAside) {
    const gone = new Set([...done, ...setAside.map((item) => item.scan)].map((scan) => scan.nonce));
    queue = queue.filter((scan) => !gone.has(scan.nonce));
    refused = refused.concat(setAside);
    await save("queue", queue);
    if (setAside.length) await save("refused", refused);
    showQueue(); showRefused();
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
    if (match) history.replaceState(null, "", location.pathname);  // the token does not stay in the address bar
    state = await load("state", state);
    showGate();  // named from the last sync, also when the page opens offline
    queue = await load("queue", []);
    refused = await load("refused", []);
    inside = await load("inside", {});
    const today = localDay(now());
    for (const serial of Object.keys(inside)) if (inside[serial] !== today) delete inside[serial];  // a new day: nobody in
    showQueue(); showRefused();
    if (state.keys) keys = await PavilionToken.importKeys(state.keys);
    // Opened with another device's token while this one's scans cannot go up: still this device, saying
    // why, and the switch is tried again after each upload (retrySwitch), as for a token entered.
    const offered = match ? decodeURIComponent(match[1]) : "";
    if (offered && !(await switchTo(offered))) pending = offered;
    $("#token-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const offered = $("#device-token").value.trim();
      $("#device-token").value = "";
      if (await switchTo(offered)) { pending = ""; await sync(); } else pending = offered;
    });
    $("#wedge-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("#wedge").value;
      $("#wedge").value = "";
      if (text.trim()) onScan(text);
    });
    $("#camera-button").addEventListener("click", startCamera);
    // Each upload may let a token entered meanwhile take over (retrySwitch), which then syncs itself.
    const catchUp = async () => { await upload(); if (!(await retrySwitch())) await sync(); };
    window.addEventListener("online", catchUp);
    setInterval(catchUp, 20000);
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/gates/sw.js", { scope: "/gates/" }).catch(() => {});
    await sync();
    await upload();
    await retrySwitch();
    document.body.dataset.ready = "true";
    $("#wedge").focus();
  }
  start();
})();
