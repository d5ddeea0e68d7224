import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE, encodePartsRefused, readPartsBody, splitSyncMessage, type PartsBody } from '../src/index.ts';

function syncMessage(subtype: number, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.sync);
  encoding.writeVarUint(e, subtype);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

function read(message: Uint8Array): PartsBody {
  const d = decoding.createDecoder(message);
  expect(decoding.readVarUint(d)).toBe(MESSAGE.parts);
  return readPartsBody(d);
}

describe('S13 changes in parts', () => {
  it('S13 a long step 2 or update splits into in-order parts that join back to the same bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2),
        fc.uint8Array({ minLength: 1, maxLength: 5000 }),
        fc.integer({ min: 1, max: 700 }),
        (subtype, update, partBytes) => {
          const message = syncMessage(subtype, update);
          const parts = splitSyncMessage(message, partBytes);
          if (message.byteLength <= partBytes) {
            expect(parts).toBeNull();
            return;
          }
          expect(parts).not.toBeNull();
          const joined = new Uint8Array(update.byteLength);
          let next = 0;
          for (const p of parts ?? []) {
            const body = read(p);
            if (body.sub !== 'part') throw new Error('expected a part');
            expect(body.kind).toBe(subtype);
            expect(body.total).toBe(update.byteLength);
            expect(body.offset).toBe(next);
            expect(body.chunk.byteLength).toBeLessThanOrEqual(partBytes);
            joined.set(body.chunk, body.offset);
            next += body.chunk.byteLength;
          }
          expect(next).toBe(update.byteLength);
          expect(joined).toEqual(update);
        },
      ),
    );
  });

  it('S13 step 1, awareness and short messages are sent as they are', () => {
    expect(splitSyncMessage(syncMessage(0, new Uint8Array(100)), 10)).toBeNull();
    expect(splitSyncMessage(Uint8Array.of(MESSAGE.awareness, 5, 1, 2, 3, 4, 5), 2)).toBeNull();
    expect(splitSyncMessage(syncMessage(2, new Uint8Array(100)), 1000)).toBeNull();
  });

  it('S13 a refusal carries the size and a sentence', () => {
    expect(read(encodePartsRefused(200_000_000, 'Too large.'))).toEqual({ sub: 'refused', total: 200_000_000, sentence: 'Too large.' });
  });

  it('S13 malformed parts are refused by the reader: empty, past the total, unknown kind, trailing bytes', () => {
    const part = (kind: number, total: number, offset: number, chunk: Uint8Array, extra: number[] = []): Uint8Array => {
      const e = encoding.createEncoder();
      for (const n of [MESSAGE.parts, 0, kind, total, offset]) encoding.writeVarUint(e, n);
      encoding.writeVarUint8Array(e, chunk);
      for (const n of extra) encoding.writeUint8(e, n);
      return encoding.toUint8Array(e);
    };
    expect(() => read(part(2, 10, 0, new Uint8Array(0)))).toThrow();
    expect(() => read(part(2, 10, 8, new Uint8Array(3)))).toThrow();
    expect(() => read(part(0, 10, 0, new Uint8Array(3)))).toThrow();
    expect(() => read(part(2, 10, 0, new Uint8Array(3), [1]))).toThrow();
    expect(read(part(2, 10, 7, new Uint8Array(3)))).toMatchObject({ sub: 'part', offset: 7, total: 10 });
  });
});
