import { describe, expect, it } from 'vitest';
import { CLOSE, closeInfo, isRoomId } from '../src/index.ts';

describe('E close codes', () => {
  it('E1 every close code is unique, fits a close frame, and has a sentence for people', () => {
    const all = Object.values(CLOSE);
    expect(new Set(all.map((c) => c.code)).size).toBe(all.length);
    for (const c of all) {
      // ASCII only, so its length in characters is its length in bytes.
      expect(c.reason).toMatch(/^[\x20-\x7e]{1,123}$/);
      expect(c.message).toMatch(/^[A-Z].*[.…]$/);
      expect(closeInfo(c.code)).toBe(c);
    }
    expect(closeInfo(4999)).toBeUndefined();
  });
});

describe('R room ids', () => {
  it('R1 only 21-character URL-safe ids are room ids', () => {
    expect(isRoomId('V1StGXR8_Z5jdHi6B-myT')).toBe(true);
    for (const bad of [
      '',
      'short',
      'V1StGXR8_Z5jdHi6B-myT1',
      'V1StGXR8_Z5jdHi6B/myT',
      'V1StGXR8 Z5jdHi6B-myT',
      '../../../../etc/passwd',
      42,
    ]) {
      expect(isRoomId(bad)).toBe(false);
    }
  });
});
