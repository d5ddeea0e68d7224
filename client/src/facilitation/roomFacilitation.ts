/**
 * One room's facilitation, as the UI and the audio see it: the agenda, countdown, lock, vote and
 * spotlight from the doc (`@riffboard/shared` facilitation), the countdown's end on the server-time
 * axis (snapped to the bar while the shared transport plays, F4), and this device's cues.
 *
 * Lives as long as the room (like the transport): the chime must sound whichever panel is open.
 */
import {
  countdownClockReady,
  nominalEndMs,
  observeFacilitation,
  readAgenda,
  readLock,
  readSpotlight,
  readTimer,
  readVote,
  readVoteResults,
  readVoteTally,
  snapEndToBar,
  type Agenda,
  type Countdown,
  type LockState,
  type Spotlight,
  type Vote,
  type VoteResults,
  type VoteTally,
} from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { roomTransport, type RoomTransport } from '../transport/roomTransport.ts';
import { CueAudio, type CueFeed, type PlannedCue } from '../audio/CueAudio.ts';

/** The one-minute warning sounds this long before the end, if the countdown ran longer than that. */
export const WARNING_BEFORE_MS = 60_000;

export interface FacilitationView {
  readonly agenda: Agenda;
  readonly timer: Countdown;
  /** Server time the countdown ends at (snapped to the bar when asked and playing); undefined while paused. */
  readonly endMs: number | undefined;
  /** Whether the end was moved to a bar line. */
  readonly snapped: boolean;
  readonly lock: LockState;
  readonly vote: Vote | null;
  readonly tally: VoteTally | null;
  readonly results: VoteResults | null;
  readonly spotlight: Spotlight | null;
}

export class RoomFacilitation {
  private view: FacilitationView;
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  readonly transport: RoomTransport;
  readonly cues: CueAudio;
  /** The server clock's connection on which a running countdown was last shown (F12), if any. */
  private shownOnConnection: number | undefined;

  constructor(readonly room: RoomConnection) {
    this.transport = roomTransport(room);
    this.view = this.read();
    const refresh = (): void => {
      const before = this.view.agenda.currentId;
      this.view = this.read();
      for (const l of this.listeners) l();
      // "Where to look": a new current item opens its panel for everybody.
      const { agenda } = this.view;
      const panel = agenda.items.find((i) => i.id === agenda.currentId)?.panel;
      if (agenda.currentId !== before && panel) window.dispatchEvent(new CustomEvent('rb:open-panel', { detail: panel }));
    };
    this.cleanups.push(observeFacilitation(room.doc, refresh), this.transport.subscribe(refresh));
    const feed: CueFeed = {
      cues: () => plannedCues(this.view),
      subscribe: (fn) => this.subscribe(fn),
      // No cue is placed on a clock the countdown wouldn't show (F12): a cue due meanwhile is missed, not misplaced.
      serverNow: () => (this.clockReady() ? this.transport.serverNow() : undefined),
      toPerf: (ms) => room.clock.toPerf(ms) ?? ms - performance.timeOrigin,
      clickAt: (ms) => this.transport.audio.clickAt(ms),
    };
    this.cues = new CueAudio(this.transport.engine, feed);
    const applyPrefs = (): void => {
      const p = this.transport.getPrefs();
      this.cues.setGain(p.muted ? 0 : Math.max(0.4, p.volume));
    };
    applyPrefs();
    this.cleanups.push(this.transport.subscribe(applyPrefs));
  }

  getView = (): FacilitationView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  serverNow(): number {
    return this.transport.serverNow();
  }

  /** Whether this tab's server-clock estimate may time a running countdown (F12). */
  clockReady(): boolean {
    const { clock } = this.room;
    const ready = countdownClockReady(true, clock.settled(), clock.getEstimate(), this.shownOnConnection === clock.connectionCount());
    if (ready) this.shownOnConnection = clock.connectionCount();
    return ready;
  }

  dispose(): void {
    for (const c of this.cleanups) c();
    this.cues.dispose();
    this.listeners.clear();
  }

  private read(): FacilitationView {
    const { doc } = this.room;
    const timer = readTimer(doc);
    const nominal = nominalEndMs(timer);
    const t = this.transport.getView();
    const endMs = nominal !== undefined && timer.endOnBar ? snapEndToBar(t.timeline, t.state, nominal) : nominal;
    return {
      agenda: readAgenda(doc),
      timer,
      endMs,
      snapped: endMs !== nominal,
      lock: readLock(doc),
      vote: readVote(doc),
      tally: readVoteTally(doc),
      results: readVoteResults(doc),
      spotlight: readSpotlight(doc),
    };
  }
}

/** The cues a running countdown calls for: the end, and a warning a minute before if it ran longer. */
export function plannedCues(v: FacilitationView): PlannedCue[] {
  if (!v.timer.running || v.endMs === undefined) return [];
  const out: PlannedCue[] = [{ kind: 'end', serverMs: v.endMs }];
  const warnAt = v.endMs - WARNING_BEFORE_MS;
  if (warnAt > v.timer.startedAtMs + 1000) out.unshift({ kind: 'warning', serverMs: warnAt });
  return out;
}

/** The room's facilitation service, created on first use and disposed with the room. */
export const roomFacilitation = perRoom(
  (room) => new RoomFacilitation(room),
  (f) => f.dispose(),
);
