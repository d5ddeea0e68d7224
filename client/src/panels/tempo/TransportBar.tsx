/**
 * The transport row: Play for everyone / Stop, the big bar.beat readout, where we are, the
 * server-clock status, and this person's metronome settings (volume, mute for me, count-in).
 */
import { sectionAt, tempoAt, type ClockEstimate, type TransportNow } from '@riffboard/shared';
import type { TransportView } from '../../transport/roomTransport.ts';
import type { MetronomePrefs } from '../../audio/metronomePrefs.ts';
import type { ScheduledStart } from '../../audio/TransportAudio.ts';

export interface TransportBarProps {
  readonly view: TransportView;
  readonly now: TransportNow;
  readonly clock: ClockEstimate | null;
  /** The estimate is good enough to play on (C8); until then the transport stays silent here. */
  readonly clockSettled: boolean;
  readonly audioRunning: boolean;
  readonly lastStart: ScheduledStart | undefined;
  readonly prefs: MetronomePrefs;
  readonly canEdit: boolean;
  onTogglePlay(): void;
  /** Opens the record dock (a take over the shared transport). */
  onRecord(): void;
  onPrefs(p: MetronomePrefs): void;
  onEnableAudio(): void;
}

function readout(now: TransportNow): { main: string; sub: string } {
  const { bar, beat } = now.position;
  switch (now.phase) {
    case 'countIn':
      return { main: now.beat === 0 ? 'Ready…' : `Count ${now.beat}`, sub: `of ${now.beats}, then bar ${bar}` };
    case 'ended':
      return { main: 'End', sub: 'of the song' };
    case 'playing':
    case 'stopped':
      return { main: `${bar}.${beat}`, sub: now.phase === 'playing' ? 'bar.beat' : 'stopped at' };
  }
}

export function TransportBar({
  view,
  now,
  clock,
  clockSettled,
  audioRunning,
  lastStart,
  prefs,
  canEdit,
  onTogglePlay,
  onRecord,
  onPrefs,
  onEnableAudio,
}: TransportBarProps) {
  const playing = view.state.playback.playing;
  const r = readout(now);
  const section = sectionAt(view.timeline, now.songSeconds);
  const tempo = tempoAt(view.timeline, now.songSeconds);
  const empty = view.sections.length === 0;
  const syncText =
    clock && clockSettled
      ? `in sync ±${Math.max(0.1, clock.uncertaintyMs).toFixed(clock.uncertaintyMs < 10 ? 1 : 0)} ms`
      : 'syncing clock…';
  return (
    <div className="rb-tempo-transport">
      <div className="rb-tempo-buttons">
        <button
          type="button"
          className={`rb-button ${playing ? 'rb-tempo-stop' : 'rb-button-primary'} rb-tempo-play`}
          onClick={onTogglePlay}
          disabled={!canEdit || (empty && !playing)}
          title={playing ? 'Stop for everyone (Space)' : 'Play for everyone (Space)'}
        >
          <span aria-hidden="true">{playing ? '■' : '▶'}</span> {playing ? 'Stop' : 'Play for everyone'}
        </button>
        <button
          type="button"
          className="rb-button rb-tempo-record"
          onClick={onRecord}
          disabled={!canEdit}
          title="Record a take over the shared transport, with a count-in"
        >
          <span aria-hidden="true" className="rb-tempo-record-dot">
            ●
          </span>{' '}
          Record
        </button>
      </div>
      <div className="rb-tempo-readout" aria-live="off">
        <output
          className={`rb-tempo-position is-${now.phase}`}
          data-testid="transport-position"
          data-bar={now.position.bar}
          data-beat={now.position.beat}
          data-phase={now.phase}
        >
          {r.main}
        </output>
        <span className="rb-tempo-readout-sub">
          {r.sub}
          {section ? ` · ${section.name}` : ''} · {Math.round(tempo * 10) / 10} BPM
        </span>
      </div>
      <div className="rb-tempo-sync">
        <span
          className={`rb-tempo-sync-dot${clock && clockSettled ? ' is-ok' : ''}`}
          data-testid="clock-sync"
          data-offset-ms={clock?.offsetMs}
          data-uncertainty-ms={clock?.uncertaintyMs}
          data-first-downbeat-start={lastStart?.startServerMs}
          data-first-downbeat-local-ms={lastStart?.localEpochMs}
          data-first-downbeat-model-ms={lastStart?.modelServerMs}
          data-first-downbeat-uncertainty-ms={lastStart?.uncertaintyMs}
          data-first-downbeat-heard-local-ms={lastStart?.heardLocalEpochMs}
          title={
            clock
              ? `Server clock offset ${clock.offsetMs.toFixed(1)} ms from ${clock.samples} samples; best round trip ${clock.bestDelayMs.toFixed(1)} ms; proven within ±${clock.uncertaintyMs.toFixed(1)} ms`
              : 'Measuring the server clock'
          }
        >
          {syncText}
        </span>
      </div>
      <div className="rb-tempo-metronome">
        {!audioRunning && (
          <button type="button" className="rb-button rb-tempo-enable" onClick={onEnableAudio}>
            Enable sound
          </button>
        )}
        <label className="rb-tempo-check" title="Mute the click on this device only">
          <input type="checkbox" checked={prefs.muted} onChange={(e) => onPrefs({ ...prefs, muted: e.target.checked })} /> Mute for me
        </label>
        <label className="rb-tempo-volume">
          <span className="rb-visually-hidden">Metronome volume</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={prefs.volume}
            onChange={(e) => onPrefs({ ...prefs, volume: Number(e.target.value) })}
            disabled={prefs.muted}
          />
        </label>
        <label className="rb-tempo-check" title="When you press Play, count in one bar">
          <input type="checkbox" checked={prefs.countIn} onChange={(e) => onPrefs({ ...prefs, countIn: e.target.checked })} /> Count-in
        </label>
      </div>
    </div>
  );
}
