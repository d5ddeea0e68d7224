/**
 * The shared transport of one open room, as the UI and the audio see it: the tempo map's timeline,
 * the transport state from the doc, the server clock, and this device's metronome playing along.
 *
 * The metronome lives as long as the room (not the panel): switching to another panel must not
 * silence the click. Until the server clock is estimated, "server now" falls back to this
 * machine's wall clock, and the readout says it is not in sync.
 */
import {
  createLocalUndoManager,
  buildTimeline,
  observeTempoMap,
  observeTransport,
  readTempoMap,
  readTransport,
  tempoRootTypes,
  type MeterChange,
  type Section,
  type TempoPoint,
  type TempoTimeline,
  type TransportState,
} from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { AudioEngine } from '../audio/audioEngine.ts';
import { TransportAudio, type TransportFeed } from '../audio/TransportAudio.ts';
import { readPrefs, writePrefs, type MetronomePrefs } from '../audio/metronomePrefs.ts';
import { mixGains } from '@riffboard/shared';
import { roomMix, type RoomMix } from '../mix/roomMix.ts';
import { MidiClockOut } from './midiClockOut.ts';

export interface TransportView {
  /** The form, in song order. */
  readonly sections: readonly Section[];
  /** The tempo track and meter changes as stored (the timeline is built from them). */
  readonly points: readonly TempoPoint[];
  readonly meters: readonly MeterChange[];
  readonly timeline: TempoTimeline;
  readonly state: TransportState;
}

/** One room's transport: a snapshot store for React plus the metronome. */
export class RoomTransport {
  private view: TransportView;
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  readonly audio: TransportAudio;
  readonly engine: AudioEngine;
  /** MIDI clock out to an output this person picks (off until they switch it on). */
  readonly midi: MidiClockOut;
  private prefs: MetronomePrefs = readPrefs();
  /** The click's volume and mute are this person's mix's click channel (per room); count-in stays a device preference. */
  private readonly mix: RoomMix;

  constructor(readonly room: RoomConnection) {
    this.view = this.read();
    this.mix = roomMix(room);
    const refresh = (): void => {
      this.view = this.read();
      for (const l of this.listeners) l();
    };
    this.cleanups.push(observeTempoMap(room.doc, refresh), observeTransport(room.doc, refresh));
    this.engine = AudioEngine.get();
    this.engine.unlockOnFirstGesture();
    this.prefs = this.prefsFromMix();
    this.applyPrefs();
    this.cleanups.push(
      this.mix.subscribe(() => {
        this.prefs = this.prefsFromMix();
        this.applyPrefs();
        for (const l of this.listeners) l();
      }),
    );
    const feed: TransportFeed = {
      read: () => this.view,
      subscribe: (fn) => this.subscribe(fn),
      serverNow: () => this.serverNow(),
      toPerf: (ms) => room.clock.toPerf(ms) ?? ms - performance.timeOrigin,
      settled: () => room.clock.settled(),
      uncertaintyMs: () => room.clock.getEstimate()?.uncertaintyMs,
      acceptedBoundMs: () => room.clock.acceptedBoundMs(),
    };
    this.audio = new TransportAudio(this.engine, feed);
    this.midi = new MidiClockOut(feed);
  }

  /** The server's time now (epoch ms); this machine's clock until the estimate exists. */
  serverNow(): number {
    return this.room.clock.serverNow() ?? performance.timeOrigin + performance.now();
  }

  getView = (): TransportView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getPrefs = (): MetronomePrefs => this.prefs;

  setPrefs(next: MetronomePrefs): void {
    this.prefs = next;
    writePrefs(next);
    const click = this.mix.get().click;
    if (click.volume !== next.volume || click.muted !== next.muted)
      this.mix.update({ kind: 'click' }, { volume: next.volume, muted: next.muted });
    this.applyPrefs();
    for (const l of this.listeners) l();
  }

  dispose(): void {
    for (const c of this.cleanups) c();
    this.audio.dispose();
    this.midi.dispose();
    this.listeners.clear();
  }

  private applyPrefs(): void {
    this.engine.metronome.setGain(mixGains(this.mix.get()).click);
  }

  private prefsFromMix(): MetronomePrefs {
    const { volume, muted } = this.mix.get().click;
    return { ...this.prefs, volume, muted };
  }

  private read(): TransportView {
    const map = readTempoMap(this.room.doc);
    return { ...map, timeline: buildTimeline(map), state: readTransport(this.room.doc) };
  }
}

/** The room's transport, created on first use and disposed with the room. */
export const roomTransport = perRoom(
  (room) => new RoomTransport(room),
  (t) => t.dispose(),
);

/** Per-user undo for the tempo map: only this tab's own edits (origin 'local'), never a peer's. */
export const tempoUndoManager = perRoom(
  (room) => createLocalUndoManager(tempoRootTypes(room.doc), 400),
  (um) => um.destroy(),
);
