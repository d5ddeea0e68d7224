/**
 * Play along (shared SPEC P2–P3): every sound placed on the song's timeline — a reference, or a
 * recorded take someone chose to hear (backlog SPEC B10) — sounds with the click whenever the
 * shared transport plays, from the file offset the transport position gives. This class knows
 * only ids and anchors; the room's play along says what each id is.
 *
 * Each stretch of a file to play (`playAlongSegments`: one per piece of song time — the start to
 * the loop end, then one per loop pass) becomes one buffer source started at an exact context time,
 * computed with the metronome's own server → context mapping (`TransportAudio.contextTimeFor`), so
 * a reference's onsets land where the clicks do, on the audio clock, sample-exactly. A tick every
 * {@link TICK_MS} schedules the stretches that begin within {@link AHEAD_MS}; a stretch already
 * under way (a late joiner, a file still downloading when the transport started) joins where the
 * room is. Any change to the transport, the tempo map or a placement stops what is queued and
 * schedules again from now, as the metronome does.
 *
 * A stretch is one source for seconds, but the metronome's mapping can move under it: a slip of
 * the audio clock (the render thread stalled; every source in the context stalled with it) is
 * followed by the clicks at once (A4), and a slew moves them by up to 1 ms per second. Each tick
 * compares the mapping a stretch was started with to the current one; past {@link FOLLOW_MS} the
 * stretches are cut and re-joined where the room is (a 10 ms fade), so the reference stays on the
 * click. (Measured before this: a 50 ms slip under load left a reference 50 ms behind its click.)
 *
 * Needs the whole file decoded (sample-exact starts); a file still downloading is silent until it
 * arrives, then joins in step.
 */
import * as Tone from 'tone';
import { playAlongSegments, type PlayAlongSegment, type ReferenceAnchor, type TempoTimeline, type TransportState } from '@riffboard/shared';
import type { AudioEngine } from './audioEngine.ts';

const TICK_MS = 100;
const AHEAD_MS = 1000;
/** A stretch must be at least this far ahead of the render thread to start on its sample. */
const MIN_MARGIN_S = 0.01;
/** A queued stretch whose mapping is further than this from the clicks' is re-joined. */
const FOLLOW_MS = 2;
/** Fade when a stretch is cut (a stop, a seek, an edit) or joins late, so the cut doesn't click. */
const FADE_S = 0.01;

/** A placed sound (a reference or a take): its id is unique across both. */
export interface PlacedSound {
  readonly id: string;
  readonly anchor: ReferenceAnchor;
}

/** What play along reads from the room. */
export interface PlayAlongFeed {
  /** The transport and tempo timeline (the metronome's view). */
  read(): { readonly timeline: TempoTimeline; readonly state: TransportState };
  /** Placed sounds. */
  placed(): readonly PlacedSound[];
  /** Calls back when the transport, the tempo map or a placement changes. */
  subscribe(onChange: () => void): () => void;
  serverNow(): number | undefined;
  /** Server ms → context time on the metronome's mapping; undefined while clicks can't play. */
  contextTimeFor(serverMs: number): number | undefined;
  /** The decoded file, if here; starts the download otherwise (and calls `onLoaded` when it is). */
  buffer(soundId: string, onLoaded: () => void): AudioBuffer | undefined;
  /** This person's mix gain for a sound (0 when their mix silences it). */
  gainOf(soundId: string): number;
}

interface Queued {
  readonly key: string;
  readonly soundId: string;
  readonly source: Tone.ToneBufferSource;
  readonly endsAt: number;
  /** The mapping it was started with (server ms − context ms). */
  readonly mapping: number;
}

export class PlayAlongAudio {
  private queued: Queued[] = [];
  private readonly gains = new Map<string, Tone.Gain>();
  private readonly timer: number;
  private readonly offFeed: () => void;
  private readonly listeners = new Set<() => void>();
  private soundingIds: readonly string[] = [];

  constructor(
    private readonly engine: AudioEngine,
    private readonly feed: PlayAlongFeed,
  ) {
    this.offFeed = feed.subscribe(() => this.reschedule());
    this.timer = window.setInterval(() => this.tick(), TICK_MS);
  }

  /** Ids of the placed sounds queued or sounding now (for presence). */
  sounding = (): readonly string[] => this.soundingIds;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** This person's mix changed: each placed sound gets its gain. */
  mixChanged(): void {
    for (const [id, g] of this.gains) g.gain.rampTo(this.feed.gainOf(id), 0.02);
  }

  dispose(): void {
    window.clearInterval(this.timer);
    this.offFeed();
    this.stopAll();
    for (const g of this.gains.values()) g.dispose();
    this.gains.clear();
    this.listeners.clear();
  }

  private stopAll(): void {
    const now = this.engine.raw.currentTime;
    for (const q of this.queued) {
      try {
        q.source.stop(now);
      } catch {
        // never started or already ended
      }
      const src = q.source;
      window.setTimeout(() => src.dispose(), (FADE_S + 0.1) * 1000);
    }
    this.queued = [];
  }

  private reschedule(): void {
    this.stopAll();
    this.tick();
  }

  private gainFor(id: string): Tone.Gain {
    let g = this.gains.get(id);
    if (!g) {
      g = new Tone.Gain({ context: this.engine.tone, gain: this.feed.gainOf(id) }).toDestination();
      this.gains.set(id, g);
    }
    return g;
  }

  private tick(): void {
    const ctxNow = this.engine.raw.currentTime;
    this.queued = this.queued.filter((q) => q.endsAt > ctxNow);
    const serverNow = this.feed.serverNow();
    const placed = this.feed.placed();
    const ctxAtNow = serverNow === undefined ? undefined : this.feed.contextTimeFor(serverNow);
    if (serverNow !== undefined && ctxAtNow !== undefined && this.engine.running) {
      const mapping = serverNow - ctxAtNow * 1000;
      if (this.queued.some((q) => Math.abs(q.mapping - mapping) > FOLLOW_MS)) this.stopAll();
      const { timeline, state } = this.feed.read();
      for (const ref of placed) {
        const buffer = this.feed.buffer(ref.id, () => this.tick());
        if (!buffer) continue;
        for (const seg of playAlongSegments(timeline, state, ref.anchor, buffer.duration, serverNow, serverNow + AHEAD_MS))
          this.schedule(ref.id, buffer, seg);
      }
    }
    const ids = [...new Set(this.queued.map((q) => q.soundId))].sort();
    if (ids.join() !== this.soundingIds.join()) {
      this.soundingIds = ids;
      for (const l of this.listeners) l();
    }
  }

  private schedule(soundId: string, buffer: AudioBuffer, seg: PlayAlongSegment): void {
    const key = `${soundId}@${seg.serverMs.toFixed(3)}@${seg.fileFrom.toFixed(6)}`;
    if (this.queued.some((q) => q.key === key)) return;
    const at = this.feed.contextTimeFor(seg.serverMs);
    if (at === undefined) return;
    const earliest = this.engine.raw.currentTime + MIN_MARGIN_S;
    // On time: start on the stretch's own sample. Late (joined mid-stretch): from where the room is, faded in.
    const late = at < earliest;
    const start = late ? earliest : at;
    const offset = seg.fileFrom + (start - at);
    const length = seg.fileTo - offset;
    if (length <= FADE_S) return;
    const source = new Tone.ToneBufferSource({
      url: new Tone.ToneAudioBuffer(buffer),
      context: this.engine.tone,
      fadeIn: late ? FADE_S : 0,
      fadeOut: FADE_S,
      curve: 'linear',
    });
    source.connect(this.gainFor(soundId));
    source.start(start, offset, length);
    source.onended = () => window.setTimeout(() => source.dispose(), 0);
    this.queued.push({ key, soundId, source, endsAt: start + length, mapping: seg.serverMs - at * 1000 });
  }
}
