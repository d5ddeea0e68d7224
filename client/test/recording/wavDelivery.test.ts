/** The lossless take file: exactly the captured samples, as 32-bit float WAV at the context's rate. */
import { describe, expect, it } from 'vitest';
import { encodeTakeWav } from '../../src/recording/wavDelivery.ts';

describe('encodeTakeWav', () => {
  it('keeps every sample bit for bit, at the recording’s rate', async () => {
    const samples = Float32Array.of(0, 0.5, -0.25, 1e-7, -1, 0.123456789);
    const bytes = await encodeTakeWav({
      meta: { id: 't', roomId: 'r', ideaId: 'i', sampleRate: 44_100, channels: 1, startedAt: 0, by: 'Ana' },
      channels: [samples],
    });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const text = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
    expect(text(0) + text(8)).toBe('RIFFWAVE');
    expect(view.getUint16(20, true)).toBe(3); // IEEE float
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(44_100);
    expect(view.getUint16(34, true)).toBe(32);
    let at = 12;
    while (text(at) !== 'data') at += 8 + view.getUint32(at + 4, true);
    const data = Array.from({ length: samples.length }, (_, i) => view.getFloat32(at + 8 + i * 4, true));
    expect(data).toEqual(Array.from(samples));
  });
});
