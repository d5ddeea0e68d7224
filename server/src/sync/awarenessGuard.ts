/**
 * Presence (awareness) rules, checked before an awareness update touches the room.
 *
 * Awareness has no owner in the protocol: any connection may set or clear any client id's state.
 * The server gives ids to connections (see {@link checkAwareness}) so nobody can rename or remove
 * somebody else's presence. The whole update is checked before any of it is applied.
 *
 * Presence is otherwise free-form for clients to parse, except the fields the server shows to
 * everyone on someone's behalf: `hearing` (what a person hears, shared `hearing.ts`) must have its
 * shape, or the sender's connection is closed before anyone sees it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { hearingProblem } from '@riffboard/shared';
import { ProtocolError } from './messages.ts';

export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The state as sent: JSON text, `null` meaning "remove me". */
  readonly stateJson: string;
}

export interface AwarenessLimits {
  readonly maxClientsPerConnection: number;
  readonly maxStateBytes: number;
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Parses an awareness update strictly; any malformation raises a ProtocolError. */
export function parseAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  try {
    const n = decoding.readVarUint(d);
    // Each entry takes at least 3 bytes; a count beyond that is a lie meant to make us loop.
    if (n > update.length) throw new Error('entry count exceeds message size');
    const out: AwarenessEntry[] = [];
    for (let i = 0; i < n; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const len = decoding.peekVarUint(d);
      if (len > d.arr.length - d.pos) throw new Error('state length exceeds message');
      const stateJson = decoding.readVarString(d);
      JSON.parse(stateJson);
      out.push({ clientId, clock, stateJson });
    }
    if (d.pos !== update.length) throw new Error('trailing bytes');
    return out;
  } catch (err) {
    throw new ProtocolError('malformedMessage', `bad awareness update: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export interface AwarenessContext {
  /** Ids this connection already owns. */
  readonly owned: ReadonlySet<number>;
  /** Whether another connection owns an id. */
  readonly ownedByOther: (clientId: number) => boolean;
  /** Whether the room has ever seen presence for an id (including states since removed). */
  readonly knownInRoom: (clientId: number) => boolean;
  /** Whether this is the connection's first awareness message (a provider's own state). */
  readonly first: boolean;
  readonly limits: AwarenessLimits;
}

export interface AwarenessVerdict {
  /** Entries to apply: those for ids this connection owns, including new claims. */
  readonly accept: AwarenessEntry[];
  /** Ids this connection newly owns. */
  readonly claims: number[];
  /** Ids it owns again after a reconnect, whose owner must learn the room's newer clock. */
  readonly reclaims: number[];
  /**
   * Entries for ids another connection still owns (non-null states only). In a connection's first
   * message these are a reconnecting tab whose old connection the server hasn't seen close yet.
   */
  readonly heldByOther: AwarenessEntry[];
}

/**
 * Sorts one connection's awareness entries into what it may change and what it may not.
 *
 * The stock y-websocket provider re-sends every presence change it receives, other people's
 * included, so entries for ids the connection does not own are dropped silently (they have no
 * effect) rather than treated as an attack. A connection owns the ids in its first awareness
 * message — a reconnecting tab announces its own id there, and gets it back even though the room
 * still remembers it — and any id the room has never seen, up to the per-connection cap.
 * Oversized states of its own, or more ids than the cap, close the connection.
 */
export function checkAwareness(entries: readonly AwarenessEntry[], ctx: AwarenessContext): AwarenessVerdict {
  const accept: AwarenessEntry[] = [];
  const claims: number[] = [];
  const reclaims: number[] = [];
  const heldByOther: AwarenessEntry[] = [];
  for (const e of entries) {
    const mine = ctx.owned.has(e.clientId) || claims.includes(e.clientId);
    if (!mine) {
      if (e.stateJson === 'null') continue;
      if (ctx.ownedByOther(e.clientId)) {
        if (utf8Length(e.stateJson) <= ctx.limits.maxStateBytes && !fieldProblem(e.stateJson)) heldByOther.push(e);
        continue;
      }
      const known = ctx.knownInRoom(e.clientId);
      if (known && !ctx.first) continue;
      claims.push(e.clientId);
      if (known) reclaims.push(e.clientId);
    }
    if (utf8Length(e.stateJson) > ctx.limits.maxStateBytes) {
      throw new ProtocolError(
        'awarenessViolation',
        `presence state of ${utf8Length(e.stateJson)} bytes exceeds ${ctx.limits.maxStateBytes}`,
      );
    }
    const problem = fieldProblem(e.stateJson);
    if (problem) throw new ProtocolError('awarenessViolation', `presence state refused: ${problem}`);
    accept.push(e);
  }
  if (ctx.owned.size + claims.length > ctx.limits.maxClientsPerConnection) {
    throw new ProtocolError('awarenessViolation', `more than ${ctx.limits.maxClientsPerConnection} presence ids on one connection`);
  }
  return { accept, claims, reclaims, heldByOther };
}

/** What is wrong with a presence state's checked fields, if anything (most states have none of them: no parse). */
function fieldProblem(stateJson: string): string | undefined {
  if (!stateJson.includes('"hearing"')) return undefined;
  const state: unknown = JSON.parse(stateJson);
  if (typeof state !== 'object' || state === null || !('hearing' in state)) return undefined;
  const hearing = (state as { hearing: unknown }).hearing;
  return hearing === null ? undefined : hearingProblem(hearing);
}

/** Encodes entries back into an awareness update (the inverse of {@link parseAwarenessUpdate}). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(e, x.clientId);
    encoding.writeVarUint(e, x.clock);
    encoding.writeVarString(e, x.stateJson);
  }
  return encoding.toUint8Array(e);
}
