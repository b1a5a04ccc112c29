/* Badge tokens in the browser, as docs/badge-token.md specifies them: normalise the scanned text,
   Base45, the byte layout, the Ed25519 signature (WebCrypto), then revocation, generation, window
   and zone, in the order of the spec, with the same reasons. No personal data is in a token. */
"use strict";
const PavilionToken = (() => {
  const PREFIX = "PV1:";
  const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  // Whitespace other than the plain space (which is a Base45 character), as Python's isspace().
  const FOREIGN_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

  function normalise(text) {
    if (typeof text !== "string" || text.length > 512) return null;
    text = text.replace(FOREIGN_WHITESPACE, "").replace(/^ +| +$/g, "").toUpperCase();
    if (!text.startsWith(PREFIX) || text.length > 160) return null;
    return text;
  }

  function base45(text) {
    if (text.length % 3 === 1) return null;
    const out = [];
    for (let i = 0; i < text.length; i += 3) {
      const values = Array.from(text.slice(i, i + 3), (c) => ALPHABET.indexOf(c));
      if (values.some((v) => v < 0)) return null;
      if (values.length === 3) {
        const n = values[0] + values[1] * 45 + values[2] * 2025;
        if (n > 65535) return null;
        out.push(n >> 8, n & 255);
      } else {
        const n = values[0] + values[1] * 45;
        if (n > 255) return null;
        out.push(n);
      }
    }
    return new Uint8Array(out);
  }

  function parse(bytes) {
    if (!bytes || bytes.length < 86) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = bytes[21];
    const claims = {
      version: bytes[0], event: view.getUint32(1), keyId: view.getUint16(5), serial: view.getUint32(7),
      generation: view.getUint16(11), notBefore: view.getUint32(13), notAfter: view.getUint32(17),
    };
    if (claims.version !== 1 || size > 16 || bytes.length !== 86 + size || claims.notBefore > claims.notAfter) return null;
    claims.bitmap = bytes.slice(22, 22 + size);
    claims.signed = bytes.slice(0, 22 + size);
    claims.signature = bytes.slice(22 + size);
    return claims;
  }

  function grantsZone(bitmap, zone) {
    const index = zone >> 3;
    return index < bitmap.length && ((bitmap[index] >> (zone & 7)) & 1) === 1;
  }

  function hex(text) {
    const bytes = new Uint8Array(text.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.substr(i * 2, 2), 16);
    return bytes;
  }

  /* keys: the sync feed's {"keys": [{key_id, state, public_key}]} → Map key id → CryptoKey. */
  async function importKeys(publicKeys) {
    const keys = new Map();
    for (const key of publicKeys.keys || []) {
      if (key.state === "retired") continue;
      keys.set(key.key_id, await crypto.subtle.importKey("raw", hex(key.public_key), { name: "Ed25519" }, false, ["verify"]));
    }
    return keys;
  }

  /* context: {event, keys, revoked: Set, generations: Map, now: seconds (may be fractional), zone} */
  async function verify(text, context) {
    const canonical = normalise(text);
    const claims = canonical === null ? null : parse(base45(canonical.slice(PREFIX.length)));
    if (claims === null) return { granted: false, reason: "invalid" };
    if (claims.event !== context.event) return { granted: false, reason: "wrong_event" };
    const key = context.keys.get(claims.keyId);
    if (!key) return { granted: false, reason: "unknown_key" };
    let good = false;
    try { good = await crypto.subtle.verify({ name: "Ed25519" }, key, claims.signature, claims.signed); } catch (e) { good = false; }
    if (!good) return { granted: false, reason: "invalid" };
    const deny = (reason) => ({ granted: false, reason, claims });
    if (context.revoked.has(claims.serial)) return deny("revoked");
    if (claims.generation < (context.generations.get(claims.serial) || 0)) return deny("superseded");
    if (context.now < claims.notBefore) return deny("not_yet_valid");
    if (context.now > claims.notAfter) return deny("expired");
    if (context.zone !== null && !grantsZone(claims.bitmap, context.zone)) return deny("zone_not_granted");
    return { granted: true, reason: null, claims };
  }

  return { normalise, base45, parse, grantsZone, importKeys, verify };
})();
if (typeof module !== "undefined") module.exports = PavilionToken;
