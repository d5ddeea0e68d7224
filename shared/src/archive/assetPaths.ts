/**
 * Where a room's document points at its files. Every area stores an uploaded file as its address,
 * `/api/rooms/<roomId>/assets/<sha256>` (board image records' `src`, references' `assetUrl`,
 * takes' audio `url`), so the addresses are found by their shape wherever they sit, and an area
 * added later is covered without a change here.
 *
 * An address names the room it was uploaded to, and the server serves a file only to that room's
 * links; an imported room's addresses are therefore rewritten to the new room (AR6), which is the
 * only change an import makes to the document.
 */
import * as Y from 'yjs';
import type { TransactionOrigin } from '../doc/origins.ts';

const ASSET_PATH = /^\/api\/rooms\/[^/?#]+\/assets\/([0-9a-f]{64})$/;

/** The SHA-256 an asset address points at, or null for any other string. */
export function assetHashOfPath(v: string): string | null {
  return ASSET_PATH.exec(v)?.[1] ?? null;
}

function visitJson(v: unknown, onString: (s: string) => void): void {
  if (typeof v === 'string') onString(v);
  else if (Array.isArray(v)) for (const x of v) visitJson(x, onString);
  else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) visitJson(x, onString);
}

function rewriteJson(v: unknown, rewrite: (s: string) => string): unknown {
  if (typeof v === 'string') return rewrite(v);
  if (Array.isArray(v)) return v.map((x) => rewriteJson(x, rewrite));
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewriteJson(x, rewrite)]));
  return v;
}

/** The shared types that hold values Riffboard writes (text types hold no addresses). */
type Container = Y.Map<unknown> | Y.Array<unknown>;

/** Calls `fn` for each value held by a shared type, with a way to replace it. */
function eachValue(type: Container, fn: (value: unknown, replace: (next: unknown) => void) => void): void {
  if (type instanceof Y.Map) {
    for (const [key, value] of [...type.entries()]) fn(value, (next) => type.set(key, next));
  } else {
    const arr = type;
    arr.toArray().forEach((value, i) =>
      fn(value, (next) => {
        arr.delete(i, 1);
        arr.insert(i, [next]);
      }),
    );
  }
}

function walk(type: Container, onString: (s: string) => void, rewrite?: (s: string) => string): void {
  eachValue(type, (value, replace) => {
    if (value instanceof Y.Map || value instanceof Y.Array) return walk(value as Container, onString, rewrite);
    if (value instanceof Y.AbstractType) return;
    let found = false;
    visitJson(value, (s) => {
      onString(s);
      if (assetHashOfPath(s) !== null) found = true;
    });
    if (found && rewrite) {
      const next = rewriteJson(value, rewrite);
      if (JSON.stringify(next) !== JSON.stringify(value)) replace(next);
    }
  });
}

function roots(doc: Y.Doc): Container[] {
  // A root read from an update has no type until someone asks for one; asking for the wrong one
  // would break its later reader, so the type is told from what it holds (keys: a map; items: a list).
  const out: Container[] = [];
  for (const [name, t] of doc.share) {
    if (t instanceof Y.Map || t instanceof Y.Array) out.push(t as Container);
    else if (t._map.size > 0) out.push(doc.getMap<unknown>(name));
    else if (t._start !== null) out.push(doc.getArray<unknown>(name));
  }
  return out;
}

/** The SHA-256 of every file the document points at. */
export function referencedAssets(doc: Y.Doc): Set<string> {
  const found = new Set<string>();
  for (const root of roots(doc))
    walk(root, (s) => {
      const h = assetHashOfPath(s);
      if (h) found.add(h);
    });
  return found;
}

/** Points every asset address in the document at `roomId`, in one transaction. */
export function rehomeAssetPaths(doc: Y.Doc, roomId: string, origin: TransactionOrigin): void {
  const rewrite = (s: string): string => {
    const h = assetHashOfPath(s);
    return h ? `/api/rooms/${roomId}/assets/${h}` : s;
  };
  doc.transact(() => {
    for (const root of roots(doc)) walk(root, () => undefined, rewrite);
  }, origin);
}
