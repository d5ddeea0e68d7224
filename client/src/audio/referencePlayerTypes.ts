/** What the reference player shows to panels, and what it needs from the room. */
import type * as Y from 'yjs';

/** What a panel shows: which reference is sounding, from where, and whether it's the room's. */
export interface PlayerState {
  readonly referenceId: string | undefined;
  readonly playing: boolean;
  /** Playing on the shared transport (everyone hears it). */
  readonly shared: boolean;
  /** Waiting for audio: the first bytes of a stream, a stall, or a download. */
  readonly loading: boolean;
  readonly error: string | undefined;
  /** How it sounds right now: streamed (Range) or from the decoded file (sample-exact). */
  readonly source: 'stream' | 'buffer' | undefined;
}

/** What the player needs from the room: its doc, server clock and the reference's audio. */
export interface ReferenceFeed {
  readonly doc: Y.Doc;
  serverNow(): number | undefined;
  toPerf(serverMs: number): number | undefined;
  /** False while the server-clock estimate can't be trusted yet (C8): a shared start waits. */
  settled(): boolean;
  /** The decoded audio for a reference (downloads the whole file; cached by the caller). */
  load(referenceId: string): Promise<AudioBuffer>;
  /** The decoded audio if it is already here, without waiting. */
  decoded(referenceId: string): AudioBuffer | undefined;
  /** This person's mix gain for a reference (0 when their mix silences it). */
  gainOf(referenceId: string): number;
  /** The address to stream a reference from (token included: media elements can't send headers). */
  streamUrl(referenceId: string): string | undefined;
}
