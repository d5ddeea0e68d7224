/**
 * Schema versions of the room document and the steps between them.
 *
 * The version lives in `meta.schemaVersion`. Migrations run once, on the server, when a room is
 * loaded from storage and before any client is answered, inside one transaction with origin
 * `migration` (so it is persisted like any edit). Running them on one writer keeps them from being
 * applied twice by racing clients. Each step is idempotent on its own output.
 *
 * History:
 * - v0: no version stamped (documents created before versioning).
 * - v1: `meta` stamped; tempo sections in a Y.Array `tempoSections`, in song order.
 * - v2: tempo sections keyed by id with fractional order keys (`tempo`), because concurrent
 *       reorders of a Y.Array (delete + insert) duplicate sections.
 * - v3: the form apart from the tempo track, as DAWs keep them: sections keep name, bars and key;
 *       tempo points (`tempoPoints`) and meter changes (`tempoMeters`) sit at any position, so a
 *       MIDI file's tempo changes inside bars and ramps over any span can be held exactly.
 */
import * as Y from 'yjs';
import { META, ROOT, metaMap } from './roots.ts';
import { keyBetween } from './order.ts';
import { V2_TIMING_FIELDS, readV2Sections } from '../tempo/legacySections.ts';
import { tempoMapFromSections } from '../tempo/tempoMap.ts';

export const SCHEMA_VERSION = 3;

/** The v1 root that v2 replaced; named here only so the migration can read and empty it. */
const LEGACY_TEMPO_ARRAY = 'tempoSections';

export type MigrationResult =
  | { readonly kind: 'current'; readonly version: number }
  | { readonly kind: 'migrated'; readonly from: number; readonly to: number }
  /** Written by a newer Riffboard: left untouched so nothing it holds is lost. */
  | { readonly kind: 'newer'; readonly version: number };

export function readSchemaVersion(doc: Y.Doc): number {
  const v = metaMap(doc).get(META.schemaVersion);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

type Step = (doc: Y.Doc) => void;

const STEPS: Readonly<Record<number, Step>> = {
  // v0 -> v1: stamp the creation time if nobody did.
  0: (doc) => {
    const meta = metaMap(doc);
    if (typeof meta.get(META.createdAt) !== 'number') meta.set(META.createdAt, Date.now());
  },
  // v1 -> v2: move sections from the array into keyed maps, keeping song order.
  1: (doc) => {
    const legacy = doc.getArray<unknown>(LEGACY_TEMPO_ARRAY);
    const tempo = doc.getMap<Y.Map<unknown>>(ROOT.tempo);
    let prev: string | undefined;
    legacy.toArray().forEach((raw, i) => {
      if (typeof raw !== 'object' || raw === null) return;
      const fields = raw as Record<string, unknown>;
      const id = typeof fields.id === 'string' && fields.id !== '' ? fields.id : `legacy-${i}`;
      const order = keyBetween(prev, undefined);
      prev = order;
      const m = new Y.Map<unknown>();
      tempo.set(id, m);
      for (const [k, v] of Object.entries(fields)) if (k !== 'id' && k !== 'order') m.set(k, v);
      m.set('order', order);
    });
    if (legacy.length > 0) legacy.delete(0, legacy.length);
  },
  // v2 -> v3: each section's BPM, meter and ramp become tempo points and meter changes with the
  // same timing (a v2 ramp, linear in time, becomes a `timeRamp`); sections keep name, bars, key.
  2: (doc) => {
    const sketch = readV2Sections(doc);
    const map = tempoMapFromSections(sketch);
    const points = doc.getMap<Y.Map<unknown>>(ROOT.tempoPoints);
    const meters = doc.getMap<Y.Map<unknown>>(ROOT.tempoMeters);
    const put = (root: Y.Map<Y.Map<unknown>>, id: string, fields: object): void => {
      const m = new Y.Map<unknown>();
      root.set(id, m);
      for (const [k, v] of Object.entries(fields)) if (k !== 'id') m.set(k, v);
    };
    for (const p of map.points) put(points, p.id, p);
    for (const m of map.meters) put(meters, m.id, m);
    const tempo = doc.getMap<unknown>(ROOT.tempo);
    tempo.forEach((m) => {
      if (m instanceof Y.Map) for (const k of V2_TIMING_FIELDS) if (m.has(k)) m.delete(k);
    });
  },
};

/** Brings `doc` to {@link SCHEMA_VERSION}. Safe to call on every load. */
export function migrateDoc(doc: Y.Doc): MigrationResult {
  const from = readSchemaVersion(doc);
  if (from === SCHEMA_VERSION) return { kind: 'current', version: from };
  if (from > SCHEMA_VERSION) return { kind: 'newer', version: from };
  doc.transact(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) STEPS[v]?.(doc);
    metaMap(doc).set(META.schemaVersion, SCHEMA_VERSION);
  }, 'migration');
  return { kind: 'migrated', from, to: SCHEMA_VERSION };
}

/** Stamps a brand-new room document with the current version, creation time and title. */
export function initRoomDoc(doc: Y.Doc, title: string, now: number): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set(META.schemaVersion, SCHEMA_VERSION);
    meta.set(META.createdAt, now);
    meta.set(META.title, title);
  }, 'migration');
}
