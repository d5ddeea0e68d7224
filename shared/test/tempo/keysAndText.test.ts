import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addSection, canonicalKey, keyFromSignature, keySignatureOf, moveSection, readSongOrder, tempoSections } from '../../src/index.ts';
import { fromBinaryUtf8, toBinaryUtf8 } from '../../src/tempo/midiText.ts';

describe('T1.5/T1.6 keys and normalisation on read', () => {
  it('T1.6 keys are canonicalised and map to MIDI key signatures', () => {
    expect(['f# minor', 'Gb major', 'a min', 'C', 'Eb m', 'B♭'].map(canonicalKey)).toEqual(['F#m', 'Gb', 'Am', 'C', 'Ebm', 'Bb']);
    expect(canonicalKey('H')).toBeUndefined();
    expect(keySignatureOf('F#m')).toEqual({ sharps: 3, minor: true });
    expect(keySignatureOf('Bb')).toEqual({ sharps: -2, minor: false });
    expect(keySignatureOf('D#')).toBeUndefined();
    expect(keyFromSignature({ sharps: -3, minor: true })).toBe('Cm');
  });

  it('T1.5 a malformed key or order key written by a peer is normalised, and edits still place sections by index', () => {
    const doc = new Y.Doc();
    addSection(doc, 0, { id: 'a' }, 'local');
    addSection(doc, 1, { id: 'b' }, 'local');
    const raw = doc.getMap<Y.Map<unknown>>('tempo');
    raw.get('a')!.set('key', 'not a key');
    raw.get('b')!.set('order', '!!');
    expect(tempoSections(doc).get('a')?.key).toBeUndefined();
    expect(readSongOrder(doc).map((s) => s.id)).toEqual(['b', 'a']);
    moveSection(doc, 'b', 1, 'local');
    expect(readSongOrder(doc).map((s) => s.id)).toEqual(['a', 'b']);
  });
});

describe('T7.1 marker text', () => {
  it('T7.1 names are written as UTF-8 and read back; non-UTF-8 bytes read as Latin-1', () => {
    for (const s of ['Intro', 'Café', 'サビ', '🎸 solo']) expect(fromBinaryUtf8(toBinaryUtf8(s))).toBe(s);
    expect(toBinaryUtf8('é')).toBe('\xc3\xa9');
    expect(fromBinaryUtf8('Caf\xe9')).toBe('Café');
  });
});
