/** The line under the section editor: the song's length in bars and time, and the .mid export and import. */
import type { TempoTimeline } from '@riffboard/shared';

export interface TempoFooterProps {
  readonly timeline: TempoTimeline;
  readonly canEdit: boolean;
  onExport(): void;
  /** Asks for a MIDI file to replace the tempo map with. */
  onImport(): void;
}

export function TempoFooter({ timeline, canEdit, onExport, onImport }: TempoFooterProps) {
  return (
    <div className="rb-tempo-footer">
      <span className="rb-muted">
        {timeline.totalBars} bars · {formatDuration(timeline.totalSeconds)}
      </span>
      <span className="rb-tempo-toolbar-gap" />
      <button type="button" className="rb-tempo-tool" onClick={onExport} title="Download the tempo map as a MIDI file for your DAW">
        Export .mid
      </button>
      <button
        type="button"
        className="rb-tempo-tool"
        onClick={onImport}
        disabled={!canEdit}
        title="Replace the tempo map with one from a MIDI file"
      >
        Import .mid
      </button>
    </div>
  );
}

/** m:ss */
function formatDuration(s: number): string {
  const m = Math.floor(s / 60);
  const sec = Math.round(s - m * 60);
  return `${m}:${String(sec).padStart(2, '0')}`;
}
