/**
 * The tempo lane's edits: add, move, re-shape and delete tempo points (SPEC T6.6), and which point
 * is selected. Every write is a shared tempo edit with origin 'local', so it reaches everybody at
 * once and per-user undo (tempoUndoManager) takes back only this person's edits; the moves of one
 * drag fall within the undo manager's capture time and undo as one step.
 */
import { useState } from 'react';
import { addTempoPoint, deleteTempoPoint, updateTempoPoint, type TempoPointFields, type TempoShape } from '@riffboard/shared';
import type { RoomConnection } from '../../room/RoomConnection.ts';
import { editErrorMessage } from './tempoMessages.ts';

export interface TempoPointCommands {
  readonly selectedPointId: string | undefined;
  selectPoint(id: string | undefined): void;
  /** Each returns the refusal in words, or undefined when written. */
  add(fields: TempoPointFields): string | undefined;
  move(id: string, to: Pick<TempoPointFields, 'bar' | 'beat' | 'tick' | 'bpm'>): string | undefined;
  setShape(id: string, shape: TempoShape): string | undefined;
  remove(id: string): string | undefined;
}

export function useTempoPoints(room: RoomConnection): TempoPointCommands {
  const [selectedPointId, selectPoint] = useState<string | undefined>();
  const say = (r: { ok: true } | { ok: false; error: Parameters<typeof editErrorMessage>[0] }): string | undefined =>
    r.ok ? undefined : editErrorMessage(r.error);
  return {
    selectedPointId,
    selectPoint,
    add: (fields) => {
      const r = addTempoPoint(room.doc, fields, 'local');
      if (r.ok) selectPoint(r.value);
      return say(r);
    },
    move: (id, to) => say(updateTempoPoint(room.doc, id, to, 'local')),
    setShape: (id, shape) => say(updateTempoPoint(room.doc, id, { shape }, 'local')),
    remove: (id) => {
      const r = deleteTempoPoint(room.doc, id, 'local');
      if (r.ok) selectPoint(undefined);
      return say(r);
    },
  };
}
