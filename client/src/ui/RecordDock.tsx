/**
 * The record dock: what a person needs while recording a take — which idea it is for, the input
 * and its level, voice processing (off by default), the count-in, the latency the take is placed
 * with (and the loopback calibration), Record / Stop, the count-in and recording state, upload
 * progress and every error as a sentence. Shown once somebody asks to record (from an idea's takes
 * or the transport bar); it reads the room's recorder and never touches the microphone itself.
 */
import { backlogIdeas } from '@riffboard/shared';
import { useRoom } from '../room/roomHooks.ts';
import { onTransactions, useObserved } from '../room/useObserved.ts';
import { useInputLevel, useRecorder, useRecorderState } from '../recording/recordingHooks.ts';
import type { RecorderState, RoomRecorder } from '../recording/roomRecorder.ts';
import { TakeFormatChoice } from './TakeFormatChoice.tsx';
import '../styles/recording.css';

function statusText(s: RecorderState): string | undefined {
  switch (s.phase) {
    case 'opening':
      return 'Opening the microphone…';
    case 'countIn':
      return 'Counting in…';
    case 'recording':
      return 'Recording';
    case 'calibrating':
      return 'Calibrating: playing clicks and listening for them…';
    case 'saving': {
      const p = s.progress;
      if (!p) return 'Saving the take…';
      if (p.stage === 'uploading') return `Uploading the take ${Math.round(p.fraction * 100)}%`;
      return p.stage === 'encoding' ? 'Encoding the take…' : 'Saving the take…';
    }
    case 'idle':
      return undefined;
  }
}

/** The input's peak level on a −60…0 dB scale; red from −3 dB (close to clipping). */
function LevelMeter({ recorder }: { recorder: RoomRecorder }) {
  const level = useInputLevel(recorder);
  const db = level > 0 ? 20 * Math.log10(level) : -Infinity;
  const fill = Math.max(0, Math.min(1, (db + 60) / 60));
  return (
    <div
      className={`rb-rec-meter${db > -3 ? ' is-hot' : ''}`}
      role="meter"
      aria-label="Input level"
      aria-valuemin={-60}
      aria-valuemax={0}
      aria-valuenow={Math.round(Math.max(-60, db))}
      data-testid="input-level"
      data-level={level.toFixed(3)}
    >
      <div className="rb-rec-meter-fill" style={{ width: `${fill * 100}%` }} />
    </div>
  );
}

export function RecordDock() {
  const room = useRoom();
  const recorder = useRecorder(room);
  const s = useRecorderState(recorder);
  const ideas = useObserved(onTransactions(room.doc), () => backlogIdeas(room.doc).list(), [room.doc]);
  if (!s.open) return null;
  const busy = s.phase !== 'idle';
  const taking = s.phase === 'countIn' || s.phase === 'recording';
  const roundTrip = recorder.roundTripMs();
  const status = statusText(s);
  return (
    <section className="rb-rec-dock" aria-label="Record a take" data-testid="record-dock" data-phase={s.phase}>
      <header className="rb-rec-head">
        <h3>
          <span className={`rb-rec-dot${taking ? ' is-live' : ''}`} aria-hidden="true" /> Record a take
        </h3>
        <button
          type="button"
          className="rb-rec-close"
          aria-label="Close the record dock"
          disabled={busy}
          onClick={() => recorder.closeDock()}
        >
          ×
        </button>
      </header>
      <label className="rb-field">
        <span>For idea</span>
        <select value={s.ideaId ?? ''} disabled={busy} onChange={(e) => recorder.chooseIdea(e.target.value)}>
          {s.ideaId === undefined && <option value="">Pick an idea…</option>}
          {ideas.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
        </select>
      </label>
      <div className="rb-rec-row">
        <label className="rb-field rb-rec-input">
          <span>Input</span>
          <select
            value={s.prefs.deviceId ?? ''}
            disabled={busy}
            onChange={(e) => recorder.setPrefs({ deviceId: e.target.value })}
            aria-label="Microphone"
          >
            <option value="">{s.inputLabel && !s.prefs.deviceId ? `Default (${s.inputLabel})` : 'Default microphone'}</option>
            {s.inputs
              .filter((d) => d.deviceId && d.deviceId !== 'default')
              .map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
          </select>
        </label>
        <LevelMeter recorder={recorder} />
      </div>
      <div className="rb-rec-row">
        <label className="rb-tempo-check" title="Echo cancellation, noise suppression and automatic gain: for talking, not for instruments">
          <input
            type="checkbox"
            checked={s.prefs.voiceProcessing}
            disabled={busy}
            onChange={(e) => recorder.setPrefs({ voiceProcessing: e.target.checked })}
          />{' '}
          Voice processing
        </label>
        <label className="rb-rec-countin">
          Count-in{' '}
          <select value={s.prefs.countInBars} disabled={busy} onChange={(e) => recorder.setPrefs({ countInBars: Number(e.target.value) })}>
            <option value={0}>none</option>
            <option value={1}>1 bar</option>
            <option value={2}>2 bars</option>
          </select>
        </label>
      </div>
      <p className="rb-rec-latency rb-small rb-muted" data-testid="record-latency">
        {roundTrip === undefined
          ? 'Takes are placed where you played them, after the latency is compensated.'
          : s.calibration
            ? `Placed with the measured round trip: ${roundTrip.toFixed(1)} ms.`
            : `Placed with the round trip the browser reports: ${roundTrip.toFixed(1)} ms.`}{' '}
        <button type="button" className="rb-link-button" disabled={busy} onClick={() => void recorder.calibrate()}>
          {s.calibration ? 'Calibrate again' : 'Calibrate'}
        </button>
        {s.calibration && (
          <>
            {' · '}
            <button type="button" className="rb-link-button" disabled={busy} onClick={() => recorder.clearCalibration()}>
              Forget calibration
            </button>
          </>
        )}
      </p>
      <div className="rb-rec-actions">
        {taking ? (
          <button type="button" className="rb-button rb-rec-stop" onClick={() => recorder.stop()}>
            <span aria-hidden="true">■</span> Stop recording
          </button>
        ) : (
          <button
            type="button"
            className="rb-button rb-button-primary rb-rec-record"
            disabled={busy || s.ideaId === undefined}
            onClick={() => void recorder.record()}
          >
            <span aria-hidden="true">●</span> Record take
          </button>
        )}
        {status && (
          <span className="rb-rec-status" role="status" data-testid="record-status">
            {status}
          </span>
        )}
        {s.phase === 'saving' && s.progress?.stage === 'uploading' && (
          <progress max={1} value={s.progress.fraction} aria-label="Upload progress" />
        )}
      </div>
      {s.error && (
        <p className="rb-error rb-small" role="alert" data-testid="record-error">
          {s.error}
        </p>
      )}
      {s.notice && !s.error && (
        <p className="rb-rec-notice rb-small" data-testid="record-notice">
          {s.notice}
        </p>
      )}
      {s.refusedId && !busy && (
        <button type="button" className="rb-button" onClick={() => recorder.retry()}>
          Try the upload again
        </button>
      )}
      <TakeFormatChoice />
    </section>
  );
}
