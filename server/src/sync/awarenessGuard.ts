/**
 * Presence (awareness) rules, checked before an awareness update touches the room.
 *
 * Awareness has no owner in the protocol: any connection may set or clear any client id's state.
 * The server gives each client id to the first connection that announces it, and refuses updates
 * that touch ids owned by another connection (renaming or removing other people's presence), that
 * claim more ids than a tab needs, or whose state is oversized. Checking the whole update first
 * keeps a refused update from being half applied.
 */
import * as decoding from 'lib0/decoding';
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

/**
 * Checks `entries` from one connection; returns the client ids it newly claims.
 * @param owned ids this connection already owns
 * @param ownedByOther whether another connection owns an id
 */
export function checkAwareness(
  entries: readonly AwarenessEntry[],
  owned: ReadonlySet<number>,
  ownedByOther: (clientId: number) => boolean,
  limits: AwarenessLimits,
): number[] {
  const claims: number[] = [];
  for (const e of entries) {
    if (utf8Length(e.stateJson) > limits.maxStateBytes) {
      throw new ProtocolError('awarenessViolation', `presence state of ${utf8Length(e.stateJson)} bytes exceeds ${limits.maxStateBytes}`);
    }
    if (owned.has(e.clientId) || claims.includes(e.clientId)) continue;
    if (ownedByOther(e.clientId)) throw new ProtocolError('awarenessViolation', `client id ${e.clientId} belongs to another connection`);
    if (e.stateJson === 'null') continue; // removing a state nobody owns changes nothing worth claiming
    claims.push(e.clientId);
  }
  if (owned.size + claims.length > limits.maxClientsPerConnection) {
    throw new ProtocolError('awarenessViolation', `more than ${limits.maxClientsPerConnection} presence ids on one connection`);
  }
  return claims;
}
