import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  activeSource,
  bucketCount,
  computePeaks,
  decodePeaks,
  encodePeaks,
  getReferencePlayback,
  readReferencePlayback,
  readTransport,
  referencePositionAt,
  startReference,
  stopReference,
  STOPPED_AT_START,
  ticks,
  writePlayback,
} from '../../src/index.ts';

describe('waveform peaks', () => {
  it('compute min/max per bucket and round-trip through the sidecar format under 256 KB', () => {
    const rate = 8000;
    const ch = new Float32Array(rate * 5);
    for (let i = 0; i < ch.length; i++) ch[i] = Math.sin((2 * Math.PI * 440 * i) / rate) * (i < ch.length / 2 ? 0.25 : 1);
    const p = computePeaks([ch], rate);
    expect(p.durationSeconds).toBe(5);
    expect(bucketCount(p)).toBe(4000);
    const bytes = encodePeaks(p);
    expect(bytes.byteLength).toBeLessThan(256 * 1024);
    const back = decodePeaks(bytes);
    expect(back?.durationSeconds).toBeCloseTo(5, 5);
    expect(back && bucketCount(back)).toBe(4000);
    // Buckets hold 10 samples, less than one 440 Hz period: look at the loudest bucket per half.
    const maxes = (from: number, to: number): number =>
      Math.max(...Array.from({ length: to - from }, (_, i) => back?.minMax[(from + i) * 2 + 1] ?? 0));
    expect(maxes(0, 2000)).toBeCloseTo(0.25, 1);
    expect(maxes(2000, 4000)).toBeCloseTo(1, 1);
  });

  it('refuse what is not a peaks file', () => {
    expect(decodePeaks(new Uint8Array([1, 2, 3]))).toBeUndefined();
    const good = encodePeaks(computePeaks([new Float32Array(100)], 100, 10));
    expect(decodePeaks(good.slice(0, good.length - 1))).toBeUndefined();
    expect(decodePeaks(new Uint8Array(40))).toBeUndefined();
  });

  it('handle empty audio', () => {
    const p = computePeaks([new Float32Array(0)], 44100);
    expect(p.durationSeconds).toBe(0);
    expect(bucketCount(p)).toBe(1);
  });
});

describe('listen together: reference on the shared transport', () => {
  it('starting a reference stops the song and positions follow server time', () => {
    const doc = new Y.Doc();
    writePlayback(doc, { playing: true, fromTicks: ticks(0), startServerMs: 1000, countInBars: 0 }, 'local');
    startReference(doc, 'ref1', 12, 5000, 'local');
    expect(readTransport(doc).playback.playing).toBe(false);
    const rp = getReferencePlayback(doc);
    expect(rp).toEqual({ referenceId: 'ref1', playing: true, fromSeconds: 12, startServerMs: 5000 });
    expect(rp && referencePositionAt(rp, 7500)).toBeCloseTo(14.5);
    expect(rp && referencePositionAt(rp, 0)).toBe(12);
    expect(activeSource(readTransport(doc).playback, rp).kind).toBe('reference');
    stopReference(doc, 'ref1', 14.5, 'local');
    const stopped = getReferencePlayback(doc);
    expect(stopped && referencePositionAt(stopped, 99_999)).toBe(14.5);
    expect(activeSource(STOPPED_AT_START, stopped).kind).toBe('none');
  });

  it('the most recent start wins between song and reference', () => {
    const ref = { referenceId: 'r', playing: true, fromSeconds: 0, startServerMs: 2000 };
    expect(activeSource({ playing: true, fromTicks: ticks(0), startServerMs: 3000, countInBars: 0 }, ref).kind).toBe('song');
    expect(activeSource({ playing: true, fromTicks: ticks(0), startServerMs: 1000, countInBars: 0 }, ref).kind).toBe('reference');
  });

  it('normalises stored values', () => {
    expect(readReferencePlayback({ referenceId: 'r', playing: 'yes', fromSeconds: 1, startServerMs: 1 })).toBeUndefined();
    expect(readReferencePlayback({ referenceId: 'r', playing: true, fromSeconds: -3, startServerMs: 1 })?.fromSeconds).toBe(0);
    expect(readReferencePlayback(null)).toBeUndefined();
  });
});
