/**
 * What a person is hearing, as their presence tells the room: whether the song (the shared
 * transport) sounds on their device, which references sound there after their own mix, whether
 * their click is muted, and their output latency (how long after the audio clock a sound reaches
 * their speakers). Everybody's client shows it; the server checks its shape before relaying it.
 */

export interface Hearing {
  /** The shared transport is playing and this device's audio runs: they hear the song. */
  readonly song: boolean;
  /** References sounding on their device that their mix lets through (ids). */
  readonly references: readonly string[];
  /** Their click is muted in their own mix. */
  readonly clickMuted: boolean;
  /** AudioContext output + base latency in whole milliseconds; null when the browser can't tell. */
  readonly latencyMs: number | null;
}

/** Whether they hear anything of the room at all. */
export function isPlaying(h: Hearing): boolean {
  return h.song || h.references.length > 0;
}

/** Bounds of a valid hearing state (a reference id is a UUID; a person plays a handful at once). */
export const MAX_HEARD_REFERENCES = 16;
const MAX_ID_LENGTH = 64;
/** Seconds of output latency no real device has; a larger figure is a bad value, not a slow device. */
export const MAX_LATENCY_MS = 5000;

/** Why a value is not a valid hearing state (a sentence fragment), or undefined when it is. */
export function hearingProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'hearing must be an object';
  const h = v as Record<string, unknown>;
  const allowed = new Set(['song', 'references', 'clickMuted', 'latencyMs']);
  const extra = Object.keys(h).find((k) => !allowed.has(k));
  if (extra !== undefined) return `hearing has an unknown field "${extra.slice(0, 20)}"`;
  if (typeof h.song !== 'boolean') return 'hearing.song must be true or false';
  if (typeof h.clickMuted !== 'boolean') return 'hearing.clickMuted must be true or false';
  if (!Array.isArray(h.references) || h.references.length > MAX_HEARD_REFERENCES)
    return `hearing.references must be a list of at most ${MAX_HEARD_REFERENCES} ids`;
  if (!h.references.every((id) => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH))
    return `hearing.references must hold ids of 1 to ${MAX_ID_LENGTH} characters`;
  const l = h.latencyMs;
  if (l !== null && !(typeof l === 'number' && Number.isInteger(l) && l >= 0 && l <= MAX_LATENCY_MS))
    return `hearing.latencyMs must be null or a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}`;
  return undefined;
}

/** A peer's hearing state, or null when it has none or it is malformed (peers are parsed, never trusted). */
export function parseHearing(v: unknown): Hearing | null {
  if (hearingProblem(v) !== undefined) return null;
  const h = v as Hearing;
  return { song: h.song, references: [...h.references], clickMuted: h.clickMuted, latencyMs: h.latencyMs };
}

/** Output latency in whole milliseconds from an AudioContext's figures (seconds); null when unknown. */
export function latencyMsOf(outputLatency: number | undefined, baseLatency: number | undefined): number | null {
  const parts = [outputLatency, baseLatency].filter((x): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0);
  if (parts.length === 0) return null;
  return Math.min(MAX_LATENCY_MS, Math.round(parts.reduce((a, b) => a + b, 0) * 1000));
}
