import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import { MESSAGE, encodeSchemaAnnounce, readSchemaAnnounce, schemaVerdict } from '../src/index.ts';

describe('S17 the server’s schema announce', () => {
  it('S17 an announce reads back as the version it was written with, after its message type', () => {
    fc.assert(
      fc.property(fc.nat(), (version) => {
        const d = decoding.createDecoder(encodeSchemaAnnounce(version));
        expect(decoding.readVarUint(d)).toBe(MESSAGE.schema);
        expect(readSchemaAnnounce(d)).toBe(version);
      }),
    );
  });

  it('S17 an announce with trailing bytes is refused', () => {
    const bytes = new Uint8Array([...encodeSchemaAnnounce(2), 0]);
    const d = decoding.createDecoder(bytes);
    decoding.readVarUint(d);
    expect(() => readSchemaAnnounce(d)).toThrow(/trailing/);
  });

  it('S17 only the tab’s own version lets it write; a newer server means the tab is outdated, an older one or none that the server is', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), (announced, ours) => {
        const verdict = schemaVerdict(announced, ours);
        expect(verdict).toBe(announced === ours ? 'current' : announced > ours ? 'clientOutdated' : 'serverOutdated');
      }),
    );
    expect(schemaVerdict(null, 2)).toBe('serverOutdated');
  });
});
