import * as Y from 'yjs';
import { IDEA_STATUSES, readBoard, type Board, type Person } from '../../src/index.ts';

export const ana: Person = { id: 'p-ana', name: 'Ana' };
export const ben: Person = { id: 'p-ben', name: 'Ben' };

/** Exchanges every missing update between all docs (a full sync of a fake network). */
export function syncAll(docs: readonly Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
}

/** Columns as id lists, for comparing boards. */
export function boardIds(b: Board): Record<string, string[]> {
  return Object.fromEntries(IDEA_STATUSES.map((s) => [s, b[s].map((c) => c.id)]));
}

export function boardOf(doc: Y.Doc): Record<string, string[]> {
  return boardIds(readBoard(doc));
}

/** Deterministic random ids so property runs replay exactly from their seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
