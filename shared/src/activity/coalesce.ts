/**
 * Bursts become one record: a drag that moves a shape 500 times, a section's BPM typed digit by
 * digit, an idea created and then titled. Two drafts of the same person on the same item (area +
 * item id) within the server's window merge into one, keeping the first "from" and the last "to"
 * of every field. Something added and removed again within the window leaves nothing.
 */
import type { ActivityDraft, FieldChange } from './activityEntry.ts';

/** The key two drafts must share to merge. */
export function coalesceKey(personId: string, d: Pick<ActivityDraft, 'area' | 'itemId'>): string {
  return `${personId}\u0000${d.area}\u0000${d.itemId}`;
}

function mergeFields(a: readonly FieldChange[], b: readonly FieldChange[]): FieldChange[] {
  const out = new Map<string, FieldChange>();
  for (const f of a) out.set(f.field, f);
  for (const f of b) {
    const prev = out.get(f.field);
    if (!prev) out.set(f.field, f);
    else {
      const from = 'from' in prev ? { from: prev.from } : {};
      const to = 'to' in f ? { to: f.to } : 'to' in prev ? { to: prev.to } : {};
      out.set(f.field, { field: f.field, ...from, ...to });
    }
  }
  return [...out.values()];
}

/** The one draft `prev` then `next` (same key) amount to; null when they cancel out. */
export function mergeDrafts(prev: ActivityDraft, next: ActivityDraft): ActivityDraft | null {
  const label = next.label || prev.label;
  const parent = {
    ...((next.parentId ?? prev.parentId) ? { parentId: next.parentId ?? prev.parentId } : {}),
    ...(next.parentLabel || prev.parentLabel ? { parentLabel: next.parentLabel || prev.parentLabel } : {}),
  };
  const base = { area: next.area, itemId: next.itemId, kind: next.kind === 'best take' ? next.kind : prev.kind, label, ...parent };
  if (prev.verb === 'added') {
    if (next.verb === 'removed') return null;
    // What it was added with, as last set ("set the tempo at bar 9 to 128 BPM").
    return { ...base, verb: 'added', fields: mergeFields(prev.fields, next.fields) };
  }
  if (next.verb === 'removed') return { ...base, verb: 'removed', fields: [] };
  if (prev.verb === 'removed') return { ...base, verb: 'changed', fields: next.fields };
  const verb =
    prev.verb === 'moved' && next.verb === 'moved'
      ? 'moved'
      : next.verb === 'added'
        ? 'changed'
        : prev.verb === 'moved'
          ? next.verb
          : 'changed';
  return { ...base, verb, fields: mergeFields(prev.fields, next.fields) };
}
