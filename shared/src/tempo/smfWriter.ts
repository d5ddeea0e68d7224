/**
 * Writes a Standard MIDI File of meta events only (the conductor track of a tempo map).
 *
 * Why not `midi-file`'s writer, when its parser reads every file here: the writer appends each
 * multi-byte field with `Array.concat`, copying the whole track so far, so a tempo map of a few
 * thousand events (an expressive performance) takes seconds. A conductor track needs six meta
 * events; writing them into one growing byte list is linear and short.
 */

/** The meta events a tempo map's conductor track holds, at absolute ticks of the file's division. */
export type MetaEvent =
  | { readonly type: 'trackName' | 'marker'; readonly text: string }
  | { readonly type: 'setTempo'; readonly microsecondsPerBeat: number }
  | {
      readonly type: 'timeSignature';
      readonly numerator: number;
      readonly denominator: number;
      readonly metronome: number;
      readonly thirtyseconds: number;
    }
  | { readonly type: 'keySignature'; readonly key: number; readonly scale: number }
  | { readonly type: 'endOfTrack' };

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function varInt(out: number[], v: number): void {
  const bytes = [v & 0x7f];
  for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) bytes.unshift((x & 0x7f) | 0x80);
  out.push(...bytes);
}

function metaBytes(e: MetaEvent): number[] {
  switch (e.type) {
    case 'trackName':
    case 'marker': {
      // Text is a binary string (one byte per char), as `midiText.ts` encodes it.
      const body = Array.from(e.text, (c) => c.charCodeAt(0) & 0xff);
      const len: number[] = [];
      varInt(len, body.length);
      return [0xff, e.type === 'trackName' ? 0x03 : 0x06, ...len, ...body];
    }
    case 'setTempo': {
      const us = e.microsecondsPerBeat;
      return [0xff, 0x51, 3, (us >> 16) & 0xff, (us >> 8) & 0xff, us & 0xff];
    }
    case 'timeSignature':
      return [0xff, 0x58, 4, e.numerator, Math.log2(e.denominator), e.metronome, e.thirtyseconds];
    case 'keySignature':
      return [0xff, 0x59, 2, e.key & 0xff, e.scale];
    case 'endOfTrack':
      return [0xff, 0x2f, 0];
  }
}

/** A format 1 file with one track of `events` (sorted by tick; ticks whole, at `division`). */
export function writeConductorFile(
  division: number,
  events: ReadonlyArray<{ readonly tick: number; readonly event: MetaEvent }>,
): Uint8Array {
  const track: number[] = [];
  let last = 0;
  for (const { tick, event } of events) {
    varInt(track, tick - last);
    for (const b of metaBytes(event)) track.push(b);
    last = tick;
  }
  const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const bytes = [...ascii('MThd'), ...u32(6), 0, 1, 0, 1, (division >> 8) & 0x7f, division & 0xff, ...ascii('MTrk'), ...u32(track.length)];
  const out = new Uint8Array(bytes.length + track.length);
  out.set(bytes, 0);
  out.set(track, bytes.length);
  return out;
}
