import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import {
  ARCHIVE_FORMAT_VERSION,
  ManifestError,
  SCHEMA_VERSION,
  classifyEntryName,
  parseManifest,
  referencedAssets,
  rehomeAssetPaths,
} from '../../src/index.ts';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

const manifest = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: ARCHIVE_FORMAT_VERSION,
    schemaVersion: SCHEMA_VERSION,
    title: 'Demo',
    createdAt: 1,
    exportedAt: 2,
    entries: [
      { name: 'document.yjs', size: 10, sha256: H2 },
      { name: `assets/${H1}`, size: 3, sha256: H1 },
    ],
    unavailableAssets: [],
    ...over,
  });

describe('room archive format (server SPEC AR2, AR3)', () => {
  it('AR2 only the manifest, the document and assets named by a SHA-256 are entry names', () => {
    expect(classifyEntryName('manifest.json')).toEqual({ kind: 'manifest' });
    expect(classifyEntryName('document.yjs')).toEqual({ kind: 'document' });
    expect(classifyEntryName(`assets/${H1}`)).toEqual({ kind: 'asset', hash: H1 });
    for (const bad of [
      '../manifest.json',
      '/etc/passwd',
      `assets/../${H1}`,
      `./assets/${H1}`,
      `assets/${H1}/x`,
      'assets/ABC',
      'Document.yjs',
    ])
      expect(classifyEntryName(bad)).toBeNull();
    fc.assert(
      fc.property(fc.string(), (name) => {
        const k = classifyEntryName(name);
        return k === null || name === 'manifest.json' || name === 'document.yjs' || /^assets\/[0-9a-f]{64}$/.test(name);
      }),
    );
  });

  it('AR3 a manifest of this format and schema is read; a newer format or schema is refused with a sentence', () => {
    expect(parseManifest(manifest()).entries).toHaveLength(2);
    expect(() => parseManifest(manifest({ format: ARCHIVE_FORMAT_VERSION + 1 }))).toThrow(/newer Riffboard \(archive format/);
    expect(() => parseManifest(manifest({ schemaVersion: SCHEMA_VERSION + 1 }))).toThrow(/newer Riffboard \(room schema/);
    expect(() => parseManifest(manifest({ format: 'zip' }))).toThrow(ManifestError);
    expect(() => parseManifest('{nope')).toThrow(/not valid JSON/);
  });

  it('AR3 a manifest listing an entry twice, an odd name or an asset whose checksum is not its name is refused', () => {
    const doc = { name: 'document.yjs', size: 1, sha256: H2 };
    expect(() => parseManifest(manifest({ entries: [doc, doc] }))).toThrow(/twice/);
    expect(() => parseManifest(manifest({ entries: [doc, { name: '../x', size: 1, sha256: H1 }] }))).toThrow(/can’t hold/);
    expect(() => parseManifest(manifest({ entries: [doc, { name: `assets/${H1}`, size: 1, sha256: H2 }] }))).toThrow(/another checksum/);
    expect(() => parseManifest(manifest({ entries: [] }))).toThrow(/no document/);
  });
});

describe('asset addresses in a document (server SPEC AR6)', () => {
  it('AR6 every asset address is found wherever it sits, and rehoming points each at the new room and changes nothing else', () => {
    const doc = new Y.Doc();
    doc.getMap('board').set('asset:1', { id: 'asset:1', typeName: 'asset', props: { src: `/api/rooms/old/assets/${H1}`, name: 'a.png' } });
    const ref = new Y.Map<unknown>();
    doc.getMap('references').set('r1', ref);
    ref.set('assetUrl', `/api/rooms/old/assets/${H2}`);
    ref.set('title', `/api/rooms/old/assets/${H2} is not an address inside a sentence`);
    doc.getMap('meta').set('title', 'Song');
    expect(referencedAssets(doc)).toEqual(new Set([H1, H2]));
    rehomeAssetPaths(doc, 'NEW', 'server');
    const board = doc.getMap('board').get('asset:1') as { props: { src: string; name: string } };
    expect(board.props).toEqual({ src: `/api/rooms/NEW/assets/${H1}`, name: 'a.png' });
    expect(ref.get('assetUrl')).toBe(`/api/rooms/NEW/assets/${H2}`);
    expect(ref.get('title')).toMatch(/^\/api\/rooms\/old/);
    expect(doc.getMap('meta').get('title')).toBe('Song');
  });

  it('AR6 a root read from an update keeps its own type (a legacy list root stays a list)', () => {
    const src = new Y.Doc();
    src.getArray('tempoSections').push([{ id: 's', name: 'Verse' }]);
    src.getMap('references').set('r', `/api/rooms/x/assets/${H1}`);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(src));
    expect(referencedAssets(doc)).toEqual(new Set([H1]));
    expect(doc.getArray('tempoSections').length).toBe(1);
  });
});
