/**
 * "MIDI clock out" for this person: on/off, which MIDI output gets the clock, and a latency offset
 * (ms). Says in a sentence when the browser has no Web MIDI or MIDI access was refused.
 */
import { MIDI_OFFSET_LIMIT_MS, type MidiClockPrefs, type MidiClockStatus } from '../../transport/midiClockOut.ts';

export interface MidiClockBarProps {
  readonly prefs: MidiClockPrefs;
  readonly status: MidiClockStatus;
  onPrefs(next: Partial<MidiClockPrefs>): void;
}

export function MidiClockBar({ prefs, status, onPrefs }: MidiClockBarProps) {
  const outputs = status.kind === 'ready' ? status.outputs : [];
  const picked = outputs.some((o) => o.id === prefs.outputId) ? prefs.outputId : '';
  let note: string | undefined;
  if (status.kind === 'unsupported' || status.kind === 'denied') note = status.message;
  else if (status.kind === 'requesting') note = 'Asking the browser for MIDI access…';
  else if (status.kind === 'ready' && outputs.length === 0) note = 'No MIDI outputs found: connect a device or open a virtual MIDI port.';
  else if (status.kind === 'ready' && picked === '') note = 'Choose the output your DAW or drum machine listens to.';
  return (
    <div className="rb-tempo-midi" aria-label="MIDI clock out">
      <label
        className="rb-tempo-check"
        title="Send MIDI clock, Start/Stop/Continue and song position to a MIDI output, following the shared transport"
      >
        <input type="checkbox" checked={prefs.enabled} onChange={(e) => onPrefs({ enabled: e.target.checked })} /> MIDI clock out
      </label>
      {prefs.enabled && status.kind === 'ready' && outputs.length > 0 && (
        <>
          <label className="rb-tempo-midi-field">
            <span className="rb-visually-hidden">MIDI output</span>
            <select value={picked} onChange={(e) => onPrefs({ outputId: e.target.value || undefined })} aria-label="MIDI output">
              <option value="">Choose an output…</option>
              {outputs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <label
            className="rb-tempo-midi-field"
            title="Shift the clock to match your setup: positive sends later, negative earlier (this device only)"
          >
            Offset
            <input
              type="number"
              aria-label="MIDI clock offset in milliseconds"
              min={-MIDI_OFFSET_LIMIT_MS}
              max={MIDI_OFFSET_LIMIT_MS}
              step={1}
              value={prefs.offsetMs}
              onChange={(e) => {
                const v = Number(e.target.value);
                if (e.target.value !== '' && Number.isFinite(v)) onPrefs({ offsetMs: v });
              }}
            />
            ms
          </label>
        </>
      )}
      {prefs.enabled && note && (
        <p className="rb-tempo-midi-note" role="status" data-testid="midi-clock-note">
          {note}
        </p>
      )}
    </div>
  );
}
