/**
 * A Yjs transaction as key-level changes with JSON values before and after (`DocChange`, shared),
 * for turning into activity. Read in the doc's `afterTransaction`, when Yjs still lets events
 * compute their changes and has not yet garbage-collected what the transaction deleted: a removed
 * entity's fields are read from its (deleted, not yet collected) items, so the feed can name it.
 *
 * Only what a transaction changed in types that existed before it produces events (Yjs does not
 * report types created in the same transaction), so a new entity is one `add` with its whole JSON.
 */
import * as Y from 'yjs';
import type { DocChange, EntityFields } from '@riffboard/shared';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its own tree with `any`
type AnyType = Y.AbstractType<any>;

/** A Y.Map's entries, including those deleted with it (Yjs keeps them until the transaction is collected). */
function mapJson(m: Y.Map<unknown>): Record<string, unknown> {
  const deleted = m._item?.deleted ?? false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of m._map) {
    if (item.deleted && !deleted) continue;
    const content = item.content.getContent();
    const v: unknown = content[content.length - 1];
    if (v !== undefined) out[key] = toJson(v);
  }
  return out;
}

/** A value from the doc as JSON (Yjs types converted, deleted maps read as they were). */
export function toJson(v: unknown): unknown {
  if (v instanceof Y.Map) return mapJson(v);
  if (v instanceof Y.Text) return v.toString();
  if (v instanceof Y.AbstractType) return v.toJSON() as unknown;
  return v;
}

/** The root name and keys from the root down to `type`. */
function pathOf(type: AnyType, roots: ReadonlyMap<AnyType, string>): { root: string; path: string[] } | null {
  const path: string[] = [];
  let t: AnyType = type;
  while (t._item !== null) {
    path.unshift(t._item.parentSub ?? '#');
    const parent = t._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    t = parent;
  }
  const root = roots.get(t);
  return root === undefined ? null : { root, path };
}

/** Every key-level change `tr` made, in the order Yjs reports them. */
export function docChanges(doc: Y.Doc, tr: Y.Transaction): DocChange[] {
  const roots = new Map<AnyType, string>();
  for (const [name, type] of doc.share) roots.set(type, name);
  const out: DocChange[] = [];
  for (const [type, events] of tr.changedParentTypes) {
    if (!roots.has(type)) continue;
    for (const event of events) {
      const where = pathOf(event.target, roots);
      if (!where) continue;
      if (event.target instanceof Y.Map) {
        const map = event.target;
        for (const [key, change] of event.changes.keys) {
          out.push({
            root: where.root,
            path: where.path,
            key,
            action: change.action,
            before: toJson(change.oldValue),
            after: change.action === 'delete' ? undefined : toJson(map.get(key)),
          });
        }
      } else if (where.path.length > 0) {
        // A list or text inside an entity (an idea's notes): a change of the field that holds it.
        out.push({
          root: where.root,
          path: where.path.slice(0, -1),
          key: where.path[where.path.length - 1]!,
          action: 'update',
          before: undefined,
          after: toJson(event.target),
        });
      }
    }
  }
  return out;
}

/** Reads an entity's current fields by path, for labels. */
export function entityReader(doc: Y.Doc): (root: string, path: readonly string[]) => EntityFields | undefined {
  return (root, path) => {
    if (!doc.share.has(root)) return undefined;
    let v: unknown = doc.getMap(root);
    for (const key of path) {
      if (!(v instanceof Y.Map)) return undefined;
      v = v.get(key);
    }
    const json = toJson(v);
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as EntityFields) : undefined;
  };
}
