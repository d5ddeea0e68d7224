/**
 * Applies the shared write rules (`checkWrites`, server SPEC B1, B2, B5, B6) to an update's decoded items,
 * before anything is applied, so a refused update leaves no trace.
 *
 * The cost for an ordinary update is one pass over items the dependency check has decoded
 * already, one tldraw validation per board record it writes, and one strict read per board comment.
 */
import * as Y from 'yjs';
import { checkWrites, type EntryWrite, type WriteVerdict } from '@riffboard/shared/board';
import type { ItemWrite } from './updateCheck.ts';

function contentOf(item: Y.Item): EntryWrite['content'] {
  const c = item.content;
  if (c instanceof Y.ContentDeleted) return { kind: 'deleted' };
  // A map entry's value is one JSON value; anything else (nested types, text, binary) is "other".
  if (c instanceof Y.ContentAny && c.arr.length === 1) return { kind: 'json', value: c.arr[0] };
  return { kind: 'other' };
}

export function checkContent(doc: Y.Doc, writes: readonly ItemWrite[]): WriteVerdict {
  return checkWrites(
    doc,
    writes.map((w) => ({ root: w.root, key: w.key, nested: w.nested, field: w.field, content: contentOf(w.item) })),
  );
}
