/**
 * Recording takes in a room (issue "Record a take"): opens the microphone on the click's audio
 * context, starts the shared transport with a count-in, keeps every captured block in a
 * {@link RecordingJournal} as it arrives, punches out on stop or at the loop's or section's end
 * (recording SPEC R4), places the take where it was played (R1, R3), and hands it to a
 * {@link TakeDelivery}. Also the one-time loopback calibration (R2), kept per input device.
 *
 * One recorder per room. It renders nothing: the record dock and the takes section read its
 * state through `recordingHooks.ts`. Every failure becomes a sentence in `state.error`.
 *
 * A stopped take is handed to the room's delivery queue (`pendingTakes.ts`, K4), which encodes,
 * uploads and adds it, retrying until the server has it; the recorder follows its last take there
 * to show progress, a wait for the connection, or the server's refusal. The placement is written
 * to the journal as soon as it is known, so a take cut short by a reload is still placed.
 *
 * The round trip is fixed when a take starts (a calibration for this input if there is one, else
 * the latencies the browser reports); the mapping from server time to context time is the one the
 * start downbeat's click was scheduled with, read back from the metronome, so the take is placed
 * against exactly what the person heard.
 */
import {
  barStartTicks,
  newBacklogId,
  playFrom,
  punchIn,
  punchOutServerMs,
  PUNCH_IN_MARGIN_MS,
  readTransport,
  roundTripSeconds,
  sectionAt,
  seconds,
  stopAt,
  takePlacement,
  takeSection,
  tempoAt,
  transportAt,
  writePlayback,
  type Calibration,
  type PunchIn,
  type TransportState,
} from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { readIdentity } from '../identity/identity.ts';
import { roomTransport, type RoomTransport } from '../transport/roomTransport.ts';
import { MicError, MicInput, listInputs, type CapturedBlock, type InputDevice } from '../audio/MicInput.ts';
import { runLoopback, type ClickSource } from '../audio/loopbackCalibration.ts';
import { readRecordingPrefs, writeRecordingPrefs, type RecordingPrefs } from './recordingPrefs.ts';
import { recordingJournal, roomPendingTakes } from './roomPendingTakes.ts';
import type { PendingTake } from './pendingTakes.ts';
import type { DeliveryProgress, RecordingJournal, RecordingMeta } from './recordingTypes.ts';

export type RecorderPhase = 'idle' | 'opening' | 'countIn' | 'recording' | 'saving' | 'calibrating';

export interface RecorderState {
  readonly phase: RecorderPhase;
  /** The idea the next (or current) take goes to. */
  readonly ideaId?: string;
  /** Whether the record dock is shown (the person asked to record). */
  readonly open: boolean;
  /** The open microphone's name, when open. */
  readonly inputLabel?: string;
  readonly inputs: readonly InputDevice[];
  readonly prefs: RecordingPrefs;
  /** The calibration for the open input, if measured. */
  readonly calibration?: Calibration;
  readonly progress?: DeliveryProgress;
  /** A sentence about the last thing that went wrong. */
  readonly error?: string;
  /** A sentence about the last thing that went right. */
  readonly notice?: string;
  /** The last take, when the server refused it: it is kept on this device and can be tried again. */
  readonly refusedId?: string;
}

/** Where stopped takes go to be delivered (the room's `PendingTakes`). */
export interface TakeDeliveries {
  /** Picks up what the journal holds (the take that just stopped). */
  load(): Promise<void>;
  retry(id: string): void;
  getSnapshot(): readonly PendingTake[];
  subscribe(listener: () => void): () => void;
}

/** What the recorder reads and writes in the room (a seam, so another journal or delivery can be put in). */
export interface RecorderParts {
  readonly journal: RecordingJournal;
  readonly deliveries: TakeDeliveries;
}

/** After the punch-out point, capture goes on for the round trip plus this, so the last note's echo is kept. */
const TAIL_MS = 150;
const WATCH_MS = 25;

interface Take {
  readonly meta: RecordingMeta;
  /** The playback it is recorded over (`playback.startServerMs` identifies it). */
  readonly startServerMs: number;
  readonly from: PunchIn;
  readonly roundTrip: number;
  readonly punchOutMs: number;
  firstFrameSeconds?: number;
  /** server ms − context ms of the clicks this take was played to. */
  mappingMs?: number;
  /** The placement is in the journal. */
  placed: boolean;
  stopping: boolean;
  /** This recorder started the transport, so it stops it too. */
  readonly ownsTransport: boolean;
  readonly offs: (() => void)[];
}

export class RoomRecorder {
  private state: RecorderState;
  private level = 0;
  private readonly listeners = new Set<() => void>();
  private readonly levelListeners = new Set<() => void>();
  private mic: MicInput | undefined;
  private take: Take | undefined;
  private watch: number | undefined;
  private readonly transport: RoomTransport;
  /** The last stopped take, followed in the delivery queue until it leaves it. */
  private delivering: { readonly id: string; readonly seconds: number; readonly quiet: boolean; readonly seen: boolean } | undefined;
  private readonly offDeliveries: () => void;

  constructor(
    private readonly room: RoomConnection,
    private readonly parts: RecorderParts,
  ) {
    this.transport = roomTransport(room);
    this.state = { phase: 'idle', open: false, inputs: [], prefs: readRecordingPrefs() };
    this.offDeliveries = parts.deliveries.subscribe(() => this.followDelivery());
  }

  getState = (): RecorderState => this.state;
  getLevel = (): number => this.level;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  subscribeLevel = (l: () => void): (() => void) => {
    this.levelListeners.add(l);
    return () => this.levelListeners.delete(l);
  };

  /** Shows the record dock for an idea and opens the microphone (for the meter and the device list). */
  async openDock(ideaId: string | undefined): Promise<void> {
    this.set({ open: true, ...(ideaId !== undefined ? { ideaId } : {}), error: undefined, notice: undefined });
    await this.ensureMic();
  }

  /** Hides the dock and lets the microphone go (not while a take is running). */
  closeDock(): void {
    if (this.take || this.state.phase === 'calibrating') return;
    this.closeMic();
    this.set({ open: false, phase: 'idle', error: undefined, notice: undefined });
  }

  chooseIdea(ideaId: string): void {
    this.set({ ideaId });
  }

  setPrefs(patch: Partial<Omit<RecordingPrefs, 'calibrations'>>): void {
    const before = this.state.prefs;
    const prefs = { ...before, ...patch };
    writeRecordingPrefs(prefs);
    this.set({ prefs });
    if (
      (patch.deviceId !== undefined && patch.deviceId !== before.deviceId) ||
      (patch.voiceProcessing !== undefined && patch.voiceProcessing !== before.voiceProcessing)
    ) {
      this.closeMic();
      void this.ensureMic();
    }
  }

  /** Forgets the calibration of the open input (back to the latencies the browser reports). */
  clearCalibration(): void {
    const id = this.mic?.deviceId;
    if (!id) return;
    const calibrations = { ...this.state.prefs.calibrations };
    delete calibrations[id];
    this.savePrefs({ ...this.state.prefs, calibrations });
  }

  /** Counts in on the shared transport and records a take for `ideaId` (the dock's idea when absent). */
  async record(ideaId = this.state.ideaId): Promise<void> {
    if (this.take || this.state.phase === 'calibrating' || this.state.phase === 'opening') return;
    if (ideaId === undefined) return this.set({ open: true, error: 'Pick the idea this take is for first.' });
    this.set({ open: true, ideaId, error: undefined, notice: undefined });
    const mic = await this.ensureMic();
    if (!mic) return;
    const engine = this.transport.engine;
    await engine.resume();
    const { timeline, state } = this.transport.getView();
    if (timeline.totalBars === 0) return this.set({ error: 'Add a section to the song first: a take is recorded over the song’s bars.' });
    const now = this.transport.serverNow();
    // Already playing: punch in on the next bar without restarting anyone's playback (R4).
    const running = state.playback.playing && transportAt(timeline, state, now).phase !== 'ended';
    let over: TransportState = state;
    if (!running) {
      let start = state.playback.fromTicks;
      if (start >= timeline.totalTicks) start = barStartTicks(timeline, 1);
      const playback = playFrom(timeline, start, now, this.state.prefs.countInBars);
      writePlayback(this.room.doc, playback, 'local');
      over = { ...state, playback };
    }
    const from = running
      ? punchIn(timeline, over, now + PUNCH_IN_MARGIN_MS, true)
      : punchIn(timeline, over, over.playback.startServerMs, false);
    if (!from) return this.set({ error: 'There is no bar left to record on: move the playhead back and try again.' });
    const section = takeSection(timeline, from);
    const key = sectionAt(timeline, seconds(from.songSeconds))?.key;
    const meta: RecordingMeta = {
      id: newBacklogId('t'),
      roomId: this.room.roomId,
      ideaId,
      sampleRate: mic.sampleRate,
      channels: 1,
      startedAt: Date.now(),
      by: readIdentity()?.name ?? 'Someone',
      bpm: Math.round(tempoAt(timeline, seconds(from.songSeconds)) * 1000) / 1000,
      ...(key ? { key } : {}),
      ...(section ? { section } : {}),
    };
    const take: Take = {
      meta,
      startServerMs: over.playback.startServerMs,
      from,
      roundTrip: this.roundTrip(mic),
      punchOutMs: punchOutServerMs(timeline, over, from),
      stopping: false,
      placed: false,
      ownsTransport: !running,
      offs: [],
    };
    this.take = take;
    try {
      await this.parts.journal.begin(meta);
    } catch (e) {
      // Nothing could be kept (storage full): no take, and the count-in this started stops.
      this.take = undefined;
      if (take.ownsTransport) writePlayback(this.room.doc, stopAt(timeline, over, this.transport.serverNow()), 'local');
      return this.set({ error: e instanceof Error ? e.message : 'The take couldn’t be kept in this browser.' });
    }
    take.offs.push(
      mic.onBlock((b) => this.onBlock(take, b)),
      mic.onEnded((e) => void this.finish(take, e.message)),
    );
    mic.startCapture();
    this.set({ phase: 'countIn', progress: undefined });
    this.watch = window.setInterval(() => this.onWatch(take), WATCH_MS);
  }

  /** Stops the take now (and the transport, if this take started it). */
  stop(): void {
    if (this.take) void this.finish(this.take);
  }

  /** Measures the open input's round trip with the loopback clicks (R2) and keeps it for this device. */
  async calibrate(): Promise<void> {
    if (this.take || this.state.phase === 'calibrating') return;
    const mic = await this.ensureMic();
    if (!mic) return;
    const playing = this.transport.getView().state.playback.playing;
    if (playing && this.transport.audio.contextTimeFor(this.transport.serverNow()) === undefined)
      return this.set({ error: 'The click isn’t playing on this device yet (the clock is still syncing). Try again in a moment.' });
    this.set({ phase: 'calibrating', error: undefined, notice: undefined });
    try {
      const result = await runLoopback(this.transport.engine, mic, this.sharedClicks());
      if (!result.ok) {
        return this.set({
          phase: 'idle',
          error:
            result.reason === 'not_heard'
              ? `The microphone heard only ${result.heard} of the calibration clicks. Turn the speakers up (or connect the output to the input) and try again.`
              : 'The clicks came back unevenly, so the measurement can’t be trusted. Try again somewhere quieter.',
        });
      }
      const calibration: Calibration = { roundTripSeconds: result.roundTripSeconds, measuredAt: Date.now(), clicks: result.heard };
      this.savePrefs({ ...this.state.prefs, calibrations: { ...this.state.prefs.calibrations, [mic.deviceId]: calibration } });
      this.set({
        phase: 'idle',
        notice: `Round trip measured: ${(result.roundTripSeconds * 1000).toFixed(1)} ms. Takes on this input are placed with it.`,
      });
    } catch {
      this.set({ phase: 'idle', error: 'The calibration couldn’t run: the audio output isn’t available.' });
    }
  }

  /** Tries the refused last take again (after, say, choosing the compressed format). */
  retry(): void {
    const id = this.state.refusedId;
    if (!id) return;
    this.set({ error: undefined, refusedId: undefined });
    this.parts.deliveries.retry(id);
  }

  dispose(): void {
    this.offDeliveries();
    if (this.take) void this.finish(this.take);
    this.closeMic();
    this.listeners.clear();
    this.levelListeners.clear();
  }

  /** The shared transport's clicks, for a calibration while it plays (R2). */
  private sharedClicks(): ClickSource {
    const playing = (): boolean => this.transport.getView().state.playback.playing;
    return {
      clicksBetween: (fromS, toS) =>
        playing()
          ? this.transport.audio
              .scheduledClicks()
              .map((c) => c.contextTime)
              .filter((t) => t >= fromS && t < toS)
          : undefined,
      spacingSeconds: () => {
        const { timeline, state } = this.transport.getView();
        return 60 / tempoAt(timeline, transportAt(timeline, state, this.transport.serverNow()).songSeconds);
      },
    };
  }

  /** The round trip a take started now would be placed with (ms), while the microphone is open (R1). */
  roundTripMs(): number | undefined {
    return this.mic ? this.roundTrip(this.mic) * 1000 : undefined;
  }

  private roundTrip(mic: MicInput): number {
    const calibration = this.state.prefs.calibrations[mic.deviceId];
    const output = this.transport.engine.clock.outputDelaySeconds() || this.transport.engine.clock.reportedLatencyMs() / 1000;
    return roundTripSeconds({ outputSeconds: output, inputSeconds: mic.inputLatencySeconds() }, calibration);
  }

  private onBlock(take: Take, b: CapturedBlock): void {
    take.firstFrameSeconds ??= b.startFrame / b.sampleRate;
    // Mono takes: the loudest channel at each frame (a mic on one side of a stereo interface is still heard).
    const n = b.channels[0]?.length ?? 0;
    const mono = new Float32Array(n);
    for (const ch of b.channels) for (let i = 0; i < n; i++) if (Math.abs(ch[i]!) > Math.abs(mono[i]!)) mono[i] = ch[i]!;
    // A block that can't be kept (storage full) ends the take: what was kept is still delivered (K5).
    this.parts.journal.append(take.meta.id, [mono]).catch((e: unknown) => {
      void this.finish(take, e instanceof Error ? e.message : 'The take couldn’t be kept in this browser.');
    });
  }

  /** Writes the placement once the first frame and the clicks' mapping are known (K1: a reload keeps it). */
  private placeEarly(take: Take): void {
    if (take.placed || take.firstFrameSeconds === undefined || take.mappingMs === undefined) return;
    take.placed = true;
    this.parts.journal.place(take.meta.id, takePlacement(take.from, take.firstFrameSeconds, take.roundTrip, take.mappingMs)).catch(() => {
      take.placed = false;
    });
  }

  private onWatch(take: Take): void {
    if (take.stopping) return;
    if (take.mappingMs === undefined) {
      const ctx = this.transport.audio.clickAt(take.from.serverMs);
      if (ctx !== undefined) take.mappingMs = take.from.serverMs - ctx * 1000;
    }
    const now = this.transport.serverNow();
    // The punch-in click was never scheduled here (the clock settled late): the mapping the clicks use now.
    if (take.mappingMs === undefined && now >= take.from.serverMs) take.mappingMs = this.mappingNow();
    this.placeEarly(take);
    if (this.state.phase === 'countIn' && now >= take.from.serverMs) this.set({ phase: 'recording' });
    const current = readTransport(this.room.doc).playback;
    // Someone stopped or moved the transport: the take ends where the music did.
    if (!current.playing || current.startServerMs !== take.startServerMs) return void this.finish(take, undefined, false);
    if (now >= take.punchOutMs) return void this.finish(take);
  }

  private async finish(take: Take, error?: string, stopTransport = take.ownsTransport): Promise<void> {
    if (take.stopping) return;
    take.stopping = true;
    const cancelled = !error && this.transport.serverNow() < take.from.serverMs;
    const { timeline, state } = this.transport.getView();
    if (stopTransport && state.playback.playing && state.playback.startServerMs === take.startServerMs)
      writePlayback(this.room.doc, stopAt(timeline, state, this.transport.serverNow()), 'local');
    // The last note played reaches the recorder a round trip later.
    if (!error) await new Promise((r) => window.setTimeout(r, take.roundTrip * 1000 + TAIL_MS));
    if (this.watch !== undefined) window.clearInterval(this.watch);
    this.watch = undefined;
    await this.mic?.stopCapture();
    for (const off of take.offs) off();
    this.take = undefined;
    if (error) this.closeMic();
    // Stopped during the count-in: nothing was played yet, so there is no take to keep.
    if (cancelled) {
      // Ended first: that lets the take's lock go and finishes any write in flight, so removing it
      // leaves nothing behind.
      await this.parts.journal.end(take.meta.id).catch(() => undefined);
      await this.parts.journal.remove(take.meta.id).catch(() => undefined);
      return this.set({ phase: 'idle', notice: 'Recording cancelled before the first beat: no take was saved.' });
    }
    const mapping = take.mappingMs ?? this.mappingNow();
    // A journal that can't write any more (storage full) still holds what it kept: a later load
    // finds the take, since this tab no longer holds its lock, and delivers it.
    let notKept: string | undefined;
    const failed = (e: unknown): void => {
      notKept ??= e instanceof Error ? e.message : 'The end of the take couldn’t be kept in this browser.';
    };
    if (take.firstFrameSeconds !== undefined && mapping !== undefined) {
      // Usually written already (placeEarly); a failure here must not keep the take from ending.
      await this.parts.journal.place(take.meta.id, takePlacement(take.from, take.firstFrameSeconds, take.roundTrip, mapping)).catch(failed);
    }
    await this.parts.journal.end(take.meta.id).catch(failed);
    const shown = error ?? notKept;
    this.set({ phase: 'idle', refusedId: undefined, ...(shown ? { error: shown } : {}) });
    this.delivering = { id: take.meta.id, seconds: 0, quiet: shown !== undefined, seen: false };
    await this.parts.deliveries.load();
    // The journal drops a take that holds no audio at all; the queue never lists it.
    if (this.delivering?.id === take.meta.id && !this.delivering.seen) {
      this.delivering = undefined;
      if (!shown) this.set({ error: 'Nothing was recorded: the microphone sent no sound.' });
    }
  }

  private mappingNow(): number | undefined {
    const now = this.transport.serverNow();
    const ctx = this.transport.audio.contextTimeFor(now);
    return ctx === undefined ? undefined : now - ctx * 1000;
  }

  /** Mirrors the last take's delivery into the dock's state: progress, a wait, a refusal, or saved. */
  private followDelivery(): void {
    const d = this.delivering;
    if (!d) return;
    const p = this.parts.deliveries.getSnapshot().find((t) => t.id === d.id);
    const busy = this.take !== undefined;
    if (!p) {
      if (!d.seen) return; // not picked up yet
      // It left the queue: the take is in the document.
      this.delivering = undefined;
      return this.set({
        ...(busy ? {} : { phase: 'idle' }),
        progress: undefined,
        ...(d.quiet ? {} : { notice: `Take saved (${d.seconds.toFixed(1)} s). Everyone in the room can hear it now.` }),
      });
    }
    this.delivering = { ...d, seen: true, seconds: p.seconds };
    const { status } = p;
    switch (status.kind) {
      case 'queued':
      case 'delivering': {
        const progress: DeliveryProgress =
          status.kind === 'delivering'
            ? { id: d.id, stage: status.stage, fraction: status.fraction }
            : { id: d.id, stage: 'encoding', fraction: 0 };
        return this.set({ ...(busy ? {} : { phase: 'saving' }), progress, notice: undefined });
      }
      case 'waiting':
        return this.set({ ...(busy ? {} : { phase: 'idle' }), progress: undefined, notice: status.message });
      case 'refused':
        return this.set({
          ...(busy ? {} : { phase: 'idle' }),
          progress: undefined,
          refusedId: d.id,
          error: `The server refused this take: ${status.message} It is still kept on this device.`,
        });
    }
  }

  private async ensureMic(): Promise<MicInput | undefined> {
    if (this.mic) return this.mic;
    this.set({ phase: 'opening' });
    try {
      const mic = await MicInput.open(this.transport.engine, {
        voiceProcessing: this.state.prefs.voiceProcessing,
        ...(this.state.prefs.deviceId ? { deviceId: this.state.prefs.deviceId } : {}),
      });
      this.mic = mic;
      mic.onLevel((peak) => {
        // Falls back slowly (about 20 dB a second), so a short hit stays readable on the meter.
        this.level = Math.max(peak, this.level * 0.9);
        for (const l of this.levelListeners) l();
      });
      mic.onEnded((e) => {
        if (!this.take) {
          this.closeMic();
          this.set({ error: e.message });
        }
      });
      const inputs = await listInputs().catch(() => []);
      this.set({ phase: 'idle', inputLabel: mic.label, inputs, calibration: this.state.prefs.calibrations[mic.deviceId] });
      return mic;
    } catch (e) {
      this.set({ phase: 'idle', error: e instanceof MicError ? e.message : 'The microphone couldn’t be opened.' });
      return undefined;
    }
  }

  private closeMic(): void {
    this.mic?.close();
    this.mic = undefined;
    this.level = 0;
    for (const l of this.levelListeners) l();
    this.set({ inputLabel: undefined, calibration: undefined });
  }

  private savePrefs(prefs: RecordingPrefs): void {
    writeRecordingPrefs(prefs);
    const id = this.mic?.deviceId;
    this.set({ prefs, calibration: id ? prefs.calibrations[id] : undefined });
  }

  private set(patch: Partial<RecorderState>): void {
    const next = { ...this.state, ...patch } as Record<string, unknown>;
    for (const k of Object.keys(patch)) if ((patch as Record<string, unknown>)[k] === undefined) delete next[k];
    this.state = next as unknown as RecorderState;
    for (const l of this.listeners) l();
  }
}

/** The room's recorder: this browser's IndexedDB journal (K1) and the room's delivery queue (K4). */
export const roomRecorder = perRoom(
  (room) => new RoomRecorder(room, { journal: recordingJournal(), deliveries: roomPendingTakes(room).queue }),
  (r) => r.dispose(),
);
