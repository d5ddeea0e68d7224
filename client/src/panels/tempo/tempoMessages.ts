/** Edit and import errors in a musician's words. */
import type { MidiImportError, TempoEditError } from '@riffboard/shared';
import { unreachable } from '@riffboard/shared';

const FIELD: Record<'bars', string> = { bars: 'Bars' };

export function editErrorMessage(e: TempoEditError): string {
  switch (e.code) {
    case 'unknown_section':
      return 'That section was just deleted by someone else.';
    case 'out_of_range':
      return `${FIELD[e.field]} must be between ${e.min} and ${e.max}.`;
    case 'not_integer':
      return `${FIELD[e.field]} must be a whole number.`;
    case 'unknown_point':
      return 'That tempo point was just deleted by someone else.';
    case 'unknown_meter':
      return 'That meter change was just deleted by someone else.';
    case 'invalid_point':
    case 'invalid_meter':
      return `${e.reason.charAt(0).toUpperCase()}${e.reason.slice(1)}.`;
    case 'invalid_key':
      return `“${e.value}” isn’t a key Riffboard knows (try C, F#m, Bb or “e minor”).`;
    case 'invalid_name':
      return `Names can be up to ${e.maxLength} characters.`;
    case 'invalid_split':
      return `Split after a bar between 1 and ${e.bars - 1}.`;
    default:
      return unreachable(e);
  }
}

export function importErrorMessage(e: MidiImportError): string {
  switch (e.code) {
    case 'not_midi':
      return 'That file isn’t a MIDI file.';
    case 'smpte_timing':
      return 'That MIDI file counts time in video frames, not beats, so it has no bars to import.';
    default:
      return unreachable(e);
  }
}
