/** Edit and import errors in a musician's words. */
import type { MidiImportError, TempoEditError } from '@riffboard/shared';
import { unreachable } from '@riffboard/shared';

const FIELD: Record<'bars' | 'bpm' | 'meterNumerator', string> = { bars: 'Bars', bpm: 'Tempo', meterNumerator: 'Beats per bar' };

export function editErrorMessage(e: TempoEditError): string {
  switch (e.code) {
    case 'unknown_section':
      return 'That section was just deleted by someone else.';
    case 'out_of_range':
      return `${FIELD[e.field]} must be between ${e.min} and ${e.max}.`;
    case 'not_integer':
      return `${FIELD[e.field]} must be a whole number.`;
    case 'invalid_meter_denominator':
      return `The beat note must be one of ${e.allowed.join(', ')}.`;
    case 'invalid_ramp':
      return 'Unknown tempo ramp.';
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
