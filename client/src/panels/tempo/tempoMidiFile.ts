/**
 * The tempo map as a file a musician takes to or brings from their DAW (SPEC T7): the download of
 * `exportTempoMidi`, and an import that replaces the whole map in one 'local' transaction (one undo
 * step), answered with a sentence for the panel's status line.
 */
import type * as Y from 'yjs';
import { exportTempoMidi, importTempoMidi, replaceTempoMap, type TempoMapData } from '@riffboard/shared';
import { importErrorMessage } from './tempoMessages.ts';

/** Downloads the tempo map as `riffboard-tempo-map.mid`. */
export function downloadTempoMidi(map: TempoMapData): void {
  const bytes = exportTempoMidi(map, {});
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/midi' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'riffboard-tempo-map.mid';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type TempoMidiImport =
  /** The map was replaced; `firstId` is the first new section's. */
  | { readonly imported: true; readonly firstId: string | undefined; readonly message: string }
  /** Nothing changed: the file is not MIDI, or has no tempo map. */
  | { readonly imported: false; readonly message: string };

/** Replaces the room's tempo map with the one in a MIDI file. */
export async function importTempoMidiFile(doc: Y.Doc, file: File): Promise<TempoMidiImport> {
  const r = importTempoMidi(new Uint8Array(await file.arrayBuffer()));
  if (!r.ok) return { imported: false, message: importErrorMessage(r.error) };
  if (r.value.sections.length === 0) return { imported: false, message: 'That MIDI file has no tempo map in it.' };
  const ids = replaceTempoMap(doc, r.value, 'local');
  const changes = r.value.points.length;
  return {
    imported: true,
    firstId: ids[0],
    message:
      changes > ids.length
        ? `Imported ${ids.length} ${ids.length === 1 ? 'section' : 'sections'} and ${changes} tempo points from ${file.name}.`
        : `Imported ${ids.length} ${ids.length === 1 ? 'section' : 'sections'} from ${file.name}.`,
  };
}
