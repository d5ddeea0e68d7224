/**
 * The tempo panel's selected section and the edits that act on it: add, duplicate, split, move,
 * delete, loop and field patches. The tool bar, the keyboard map, the lane and the field editor all
 * go through one instance, so they always act on the same selection.
 *
 * Every write is a shared tempo edit or transport action with origin 'local', so per-user undo
 * (Y.UndoManager tracking 'local') never undoes a peer's edit. A refused edit leaves its reason, in
 * words, in `message`.
 */
import { useEffect, useState } from 'react';
import {
  addSection,
  deleteSection,
  duplicateSection,
  moveSection,
  meterAtBar,
  setMeterAtBar,
  setTempoAtBar,
  splitSection,
  tempoAtTicks,
  updateSection,
  updateTempoPoint,
  type Section,
  type TempoShape,
  type SectionPatch,
  type TempoEditError,
} from '@riffboard/shared';
import type { RoomConnection } from '../../room/RoomConnection.ts';
import type { RoomTransport, TransportView } from '../../transport/roomTransport.ts';
import { setLoop } from '../../transport/transportActions.ts';
import { editErrorMessage } from './tempoMessages.ts';

export interface SectionCommands {
  readonly selectedId: string | undefined;
  readonly selected: Section | undefined;
  /** Index of the selected section in song order, -1 when none. */
  readonly selectedIndex: number;
  /** The selected section is the one the shared loop is on. */
  readonly selectedLooped: boolean;
  /** The last refusal or import result, in words; undefined after a successful edit. */
  readonly message: string | undefined;
  setMessage(message: string | undefined): void;
  select(id: string | undefined): void;
  /** Selects the previous (-1) or next (+1) section, staying on the first or last. */
  selectBy(delta: number): void;
  /** Adds a section after the selected one (a copy of it with the next name), or an Intro. */
  add(): void;
  duplicate(): void;
  /** Splits the selected section at the bar line nearest its middle. */
  split(): void;
  remove(): void;
  /** Moves the selected section earlier (-1) or later (+1). */
  move(delta: number): void;
  /** Moves any section to an index of the song order (dragging a block in the lane). */
  moveTo(id: string, index: number): void;
  /** Loops the selected section for everyone, or clears the loop if it is already on it. */
  toggleLoop(): void;
  /** Writes fields of the selected section; returns the refusal in words, if any. */
  patch(p: SectionPatch): string | undefined;
  /** The tempo, meter and tempo shape in force where the selected section starts. */
  readonly atStart:
    | { readonly bar: number; readonly bpm: number; readonly numerator: number; readonly denominator: number; readonly shape: TempoShape }
    | undefined;
  /** Sets the tempo at the selected section's first bar (the point there, or a new jump). */
  patchTempo(bpm: number): string | undefined;
  /** Sets the meter from the selected section's first bar on. */
  patchMeter(m: { readonly numerator?: number; readonly denominator?: number }): string | undefined;
  /** Sets how the tempo leaves the selected section's first bar: a jump or a ramp to the next point. */
  patchShape(shape: TempoShape): string | undefined;
}

type Result = { readonly ok: true } | { readonly ok: false; readonly error: TempoEditError };

export function useSectionCommands(room: RoomConnection, transport: RoomTransport, view: TransportView): SectionCommands {
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const { sections, timeline } = view;
  const selected = sections.find((s) => s.id === selectedId);
  const selectedIndex = selected ? sections.indexOf(selected) : -1;
  const loopedId = view.state.loop?.sectionId;
  const placed = timeline.sections.find((s) => s.id !== undefined && s.id === selectedId);
  const startMeter = placed ? meterAtBar(timeline, placed.startBar) : undefined;
  const startPoint = placed ? view.points.find((p) => p.bar === placed.startBar && p.beat === 1 && p.tick === 0) : undefined;
  const atStart =
    placed && startMeter
      ? {
          bar: placed.startBar,
          bpm: Math.round(tempoAtTicks(timeline, placed.startTicks) * 1000) / 1000,
          numerator: startMeter.numerator,
          denominator: startMeter.denominator,
          shape: startPoint?.shape ?? ('jump' as const),
        }
      : undefined;

  // Keep a selection while there are sections (the first one by default, or the neighbour of a deleted one).
  useEffect(() => {
    if (!selected && sections.length > 0) setSelectedId(sections[Math.min(Math.max(0, selectedIndex), sections.length - 1)]?.id);
  }, [selected, sections, selectedIndex]);

  const report = (r: Result): boolean => {
    setMessage(r.ok ? undefined : editErrorMessage(r.error));
    return r.ok;
  };
  const move = (delta: number): void => {
    if (selected) report(moveSection(room.doc, selected.id, selectedIndex + delta, 'local'));
  };

  return {
    selectedId,
    selected,
    selectedIndex,
    selectedLooped: loopedId !== undefined && loopedId === selectedId,
    message,
    setMessage,
    select: setSelectedId,
    selectBy: (delta) => {
      const next = sections[Math.min(sections.length - 1, Math.max(0, selectedIndex + delta))];
      if (next) setSelectedId(next.id);
    },
    add: () => {
      const r = addSection(
        room.doc,
        selectedIndex >= 0 ? selectedIndex + 1 : sections.length,
        selected ? { copyFrom: selected.id, fields: { name: nextName(sections.length) } } : { fields: { name: 'Intro' } },
        'local',
      );
      if (report(r) && r.ok) setSelectedId(r.value);
    },
    duplicate: () => {
      if (!selected) return;
      const r = duplicateSection(room.doc, selected.id, 'local');
      if (report(r) && r.ok) setSelectedId(r.value);
    },
    split: () => {
      if (!selected) return;
      if (selected.bars < 2) return setMessage('A one-bar section can’t be split.');
      report(splitSection(room.doc, selected.id, Math.floor(selected.bars / 2), 'local'));
    },
    remove: () => {
      if (selected) report(deleteSection(room.doc, selected.id, 'local'));
    },
    move,
    moveTo: (id, index) => {
      report(moveSection(room.doc, id, index, 'local'));
    },
    toggleLoop: () => {
      if (!selected) return;
      const seg = placed;
      if (loopedId === selected.id || !seg) setLoop(transport, undefined);
      else setLoop(transport, { startBar: seg.startBar, endBar: seg.startBar + seg.bars, sectionId: selected.id });
    },
    patch: (p) => {
      if (!selected) return undefined;
      const r = updateSection(room.doc, selected.id, p, 'local');
      return r.ok ? undefined : editErrorMessage(r.error);
    },
    atStart,
    patchTempo: (bpm) => {
      if (!atStart) return undefined;
      const r = setTempoAtBar(room.doc, atStart.bar, bpm, 'local');
      return r.ok ? undefined : editErrorMessage(r.error);
    },
    patchMeter: (m) => {
      if (!atStart) return undefined;
      const r = setMeterAtBar(
        room.doc,
        { bar: atStart.bar, numerator: m.numerator ?? atStart.numerator, denominator: m.denominator ?? atStart.denominator },
        'local',
      );
      return r.ok ? undefined : editErrorMessage(r.error);
    },
    patchShape: (shape) => {
      if (!atStart) return undefined;
      // The point at the section start, created (at the tempo already there) when missing.
      const created = startPoint ? undefined : setTempoAtBar(room.doc, atStart.bar, atStart.bpm, 'local');
      if (created && !created.ok) return editErrorMessage(created.error);
      const id = startPoint?.id ?? (created?.ok ? created.value : undefined);
      if (id === undefined) return undefined;
      const r = updateTempoPoint(room.doc, id, { shape }, 'local');
      return r.ok ? undefined : editErrorMessage(r.error);
    },
  };
}

const NAMES = ['Intro', 'Verse', 'Pre-chorus', 'Chorus', 'Verse 2', 'Chorus 2', 'Bridge', 'Chorus 3', 'Outro'];
function nextName(count: number): string {
  return NAMES[count] ?? `Section ${count + 1}`;
}
