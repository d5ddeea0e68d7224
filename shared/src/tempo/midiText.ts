/**
 * UTF-8 for MIDI text events (markers, track names).
 *
 * `midi-file` reads and writes meta-event text one byte per UTF-16 unit ("binary strings"), so a
 * section called "Café" or "サビ" would be mangled. SMF doesn't name an encoding; DAWs write UTF-8
 * today, so we encode names as UTF-8 bytes in a binary string and decode leniently: bytes that are
 * not valid UTF-8 are taken as Latin-1, as older files are. No TextEncoder: shared has no DOM types.
 */

/** A string as UTF-8 bytes, one char per byte (what midi-file writes). */
export function toBinaryUtf8(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out += String.fromCharCode(c);
    else if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Decodes a binary string read by midi-file as UTF-8, or as Latin-1 if it is not valid UTF-8. */
export function fromBinaryUtf8(b: string): string {
  let out = '';
  for (let i = 0; i < b.length;) {
    const c = b.charCodeAt(i);
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return b; // not a UTF-8 lead byte: the whole text is Latin-1
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let j = 1; j <= n; j++) {
      const d = b.charCodeAt(i + j);
      if (Number.isNaN(d) || (d & 0xc0) !== 0x80) return b;
      cp = (cp << 6) | (d & 63);
    }
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}
