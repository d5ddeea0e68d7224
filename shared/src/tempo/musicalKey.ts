/**
 * A section's optional musical key: one canonical spelling, and its MIDI key signature (T1.6).
 *
 * Stored keys are canonical: tonic letter, optional `#` or `b`, then `m` for minor (`C`, `F#m`,
 * `Bb`, `Ebm`). Edits accept friendlier input (`f# minor`, `Gb major`, `a min`) and store the
 * canonical form; on read anything that does not parse is dropped (the section simply has no key),
 * which is the one deterministic rule for a malformed key written by a peer.
 */

const KEY_RE = /^\s*([A-Ga-g])\s*([#♯b♭]?)\s*(m|min|minor|maj|major|M)?\s*$/;

/** The canonical spelling of `input`, or `undefined` when it is not a key. */
export function canonicalKey(input: string): string | undefined {
  const m = KEY_RE.exec(input);
  if (!m) return undefined;
  const [, letter = '', acc = '', mode = ''] = m;
  const accidental = acc === '♯' ? '#' : acc === '♭' ? 'b' : acc;
  const minor = mode === 'm' || mode === 'min' || mode === 'minor';
  return `${letter.toUpperCase()}${accidental}${minor ? 'm' : ''}`;
}

// Tonics by number of sharps (negative: flats), from 7 flats to 7 sharps.
const MAJOR = ['Cb', 'Gb', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#'] as const;
const MINOR = ['Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#', 'G#', 'D#', 'A#'] as const;

/** A MIDI key signature (FF 59): `sharps` −7…7 (negative are flats), `minor` for scale 1. */
export interface KeySignature {
  readonly sharps: number;
  readonly minor: boolean;
}

/**
 * The key signature of a canonical key, or `undefined` for a spelling no signature has
 * (e.g. `D#` major, which would need nine sharps).
 */
export function keySignatureOf(key: string): KeySignature | undefined {
  const canon = canonicalKey(key);
  if (canon === undefined) return undefined;
  const minor = canon.endsWith('m');
  const tonic = minor ? canon.slice(0, -1) : canon;
  const i = (minor ? MINOR : MAJOR).indexOf(tonic as never);
  return i < 0 ? undefined : { sharps: i - 7, minor };
}

/** The canonical key of a MIDI key signature, or `undefined` when it is out of range. */
export function keyFromSignature(sig: KeySignature): string | undefined {
  const tonic = (sig.minor ? MINOR : MAJOR)[sig.sharps + 7];
  return tonic === undefined ? undefined : `${tonic}${sig.minor ? 'm' : ''}`;
}
