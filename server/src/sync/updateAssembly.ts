/**
 * Joins the parts of one change sent in parts (SPEC S13) back into the sync message it stands for.
 *
 * One change at a time per connection, its parts in order and back to back: the first part
 * (offset 0) opens it, each next part must start where the previous ended and name the same kind
 * and total, and anything else arriving while it is open breaks the protocol. A change whose
 * announced total is over the limit is refused on its first part — before any of it is kept —
 * and its remaining parts are read and dropped, so the connection stays usable for the sender's
 * other edits. Memory held is at most the limit.
 */
import { PART_KIND, type UpdatePart } from '@riffboard/shared';
import { ProtocolError, type ClientMessage } from './messages.ts';

export type AssemblyStep =
  | { readonly kind: 'pending' }
  | { readonly kind: 'complete'; readonly message: Extract<ClientMessage, { type: 'syncStep2' | 'update' }> }
  | { readonly kind: 'refused'; readonly total: number };

interface Open {
  readonly kind: UpdatePart['kind'];
  readonly total: number;
  received: number;
  /** null while a refused change's parts are being dropped. */
  readonly chunks: Uint8Array[] | null;
}

export class UpdateAssembly {
  private current: Open | null = null;

  /** @param maxBytes the largest change accepted (`MAX_UPDATE_BYTES`) */
  constructor(private readonly maxBytes: number) {}

  /** Whether a change is partly received. */
  get isOpen(): boolean {
    return this.current !== null;
  }

  /** Takes the next part; throws {@link ProtocolError} for a part out of order. */
  add(part: UpdatePart): AssemblyStep {
    let open = this.current;
    if (part.offset === 0) {
      if (open) throw new ProtocolError('malformedMessage', 'a change in parts began before the previous one was complete');
      open = { kind: part.kind, total: part.total, received: 0, chunks: part.total > this.maxBytes ? null : [] };
      this.current = open;
    } else if (!open || part.kind !== open.kind || part.total !== open.total || part.offset !== open.received) {
      throw new ProtocolError('malformedMessage', `part at ${part.offset} does not continue the change being received`);
    }
    open.received += part.chunk.byteLength;
    open.chunks?.push(part.chunk);
    const refusedNow = open.chunks === null && part.offset === 0;
    if (open.received < open.total) return refusedNow ? { kind: 'refused', total: open.total } : { kind: 'pending' };
    this.current = null;
    if (open.chunks === null) return refusedNow ? { kind: 'refused', total: open.total } : { kind: 'pending' };
    const update = join(open.chunks, open.total);
    return { kind: 'complete', message: { type: open.kind === PART_KIND.step2 ? 'syncStep2' : 'update', update } };
  }
}

function join(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
