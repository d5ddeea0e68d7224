/**
 * The Tempo panel: the shared transport, the arrangement/tempo lane, section tools and the
 * selected section's fields. Reads hooks only; every write is a shared tempo edit or transport
 * action with origin 'local', so per-user undo (Y.UndoManager tracking 'local') never undoes a
 * peer's edit.
 *
 * Keyboard (when the panel has focus, outside text fields): Space play/stop for everyone, ←/→
 * select section, Alt+←/→ move it, N add, D duplicate, S split in the middle, L loop it,
 * Delete remove it, Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Home playhead to bar 1.
 *
 * Size (~350 lines): the keyboard map and the section tool bar share the panel's selection state
 * with the lane and the field editor; they are the next things to move into their own modules.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  addSection,
  deleteSection,
  duplicateSection,
  exportTempoMidi,
  importTempoMidi,
  loopSpan,
  moveSection,
  replaceSections,
  splitSection,
  updateSection,
  type SectionPatch,
} from '@riffboard/shared';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { tempoUndoManager } from '../../transport/roomTransport.ts';
import {
  useAudioRunning,
  useClockEstimate,
  useLastStart,
  useMetronomePrefs,
  usePlayhead,
  useRoomTransport,
  useTransportView,
} from '../../transport/transportHooks.ts';
import { seekToBar, setLoop, togglePlay } from '../../transport/transportActions.ts';
import { TempoTimeline } from './TempoTimeline.tsx';
import { TransportBar } from './TransportBar.tsx';
import { SectionEditor } from './SectionEditor.tsx';
import { editErrorMessage, importErrorMessage } from './tempoMessages.ts';
import { useUndoState } from '../../room/useUndoState.ts';
import '../../styles/tempo.css';

export function TempoPanel() {
  const room = useRoom();
  const canEdit = useCanEdit();
  const transport = useRoomTransport(room);
  const view = useTransportView(transport);
  const now = usePlayhead(transport, view);
  const clock = useClockEstimate(room);
  const audioRunning = useAudioRunning(transport);
  const lastStart = useLastStart(transport);
  const prefs = useMetronomePrefs(transport);
  const undo = tempoUndoManager(room);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const undoState = useUndoState(undo);
  const fileInput = useRef<HTMLInputElement>(null);

  const { sections, timeline } = view;
  const selected = sections.find((s) => s.id === selectedId);
  const selectedIndex = selected ? sections.indexOf(selected) : -1;
  const loop = loopSpan(timeline, view.state.loop);
  const loopedId = view.state.loop?.sectionId;

  // Keep a selection while there are sections (the first one by default, or the neighbour of a deleted one).
  useEffect(() => {
    if (!selected && sections.length > 0) setSelectedId(sections[Math.min(Math.max(0, selectedIndex), sections.length - 1)]?.id);
  }, [selected, sections, selectedIndex]);

  const report = (r: { ok: true } | { ok: false; error: Parameters<typeof editErrorMessage>[0] }): boolean => {
    setMessage(r.ok ? undefined : editErrorMessage(r.error));
    return r.ok;
  };

  const add = (): void => {
    const r = addSection(
      room.doc,
      selectedIndex >= 0 ? selectedIndex + 1 : sections.length,
      selected ? { copyFrom: selected.id, fields: { name: nextName(sections.length) } } : { fields: { name: 'Intro' } },
      'local',
    );
    if (report(r) && r.ok) setSelectedId(r.value);
  };
  const duplicate = (): void => {
    if (!selected) return;
    const r = duplicateSection(room.doc, selected.id, 'local');
    if (report(r) && r.ok) setSelectedId(r.value);
  };
  const split = (): void => {
    if (!selected) return;
    if (selected.bars < 2) return setMessage('A one-bar section can’t be split.');
    report(splitSection(room.doc, selected.id, Math.floor(selected.bars / 2), 'local'));
  };
  const remove = (): void => {
    if (selected) report(deleteSection(room.doc, selected.id, 'local'));
  };
  const move = (delta: number): void => {
    if (selected) report(moveSection(room.doc, selected.id, selectedIndex + delta, 'local'));
  };
  const toggleLoop = (): void => {
    if (!selected) return;
    const seg = timeline.segments[selectedIndex];
    if (loopedId === selected.id || !seg) setLoop(transport, undefined);
    else setLoop(transport, { startBar: seg.startBar, endBar: seg.startBar + seg.bars, sectionId: selected.id });
  };
  const patch = (p: SectionPatch): string | undefined => {
    if (!selected) return undefined;
    const r = updateSection(room.doc, selected.id, p, 'local');
    return r.ok ? undefined : editErrorMessage(r.error);
  };

  const exportMidi = (): void => {
    const bytes = exportTempoMidi(sections, {});
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/midi' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'riffboard-tempo-map.mid';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const importMidi = async (file: File): Promise<void> => {
    const r = importTempoMidi(new Uint8Array(await file.arrayBuffer()));
    if (!r.ok) return setMessage(importErrorMessage(r.error));
    if (r.value.sections.length === 0) return setMessage('That MIDI file has no tempo map in it.');
    const ids = replaceSections(room.doc, r.value.sections, 'local');
    setSelectedId(ids[0]);
    setMessage(`Imported ${ids.length} ${ids.length === 1 ? 'section' : 'sections'} from ${file.name}.`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const t = e.target as HTMLElement;
    if (t.closest('input, select, textarea, [contenteditable="true"]')) return;
    const mod = e.ctrlKey || e.metaKey;
    const handled = ((): boolean => {
      if (e.key === ' ') return canEdit && (togglePlay(transport), true);
      if (mod && e.key.toLowerCase() === 'z') return canEdit && (e.shiftKey ? undo.redo() : undo.undo(), true);
      if (mod && e.key.toLowerCase() === 'y') return canEdit && (undo.redo(), true);
      if (mod) return false;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        const d = e.key === 'ArrowLeft' ? -1 : 1;
        if (e.altKey) return canEdit && (move(d), true);
        const next = sections[Math.min(sections.length - 1, Math.max(0, selectedIndex + d))];
        if (next) setSelectedId(next.id);
        return true;
      }
      if (e.key === 'Home') return canEdit && (seekToBar(transport, 1), true);
      if (!canEdit) return false;
      switch (e.key.toLowerCase()) {
        case 'n':
          return (add(), true);
        case 'd':
          return (duplicate(), true);
        case 's':
          return (split(), true);
        case 'l':
          return (toggleLoop(), true);
        case 'delete':
        case 'backspace':
          return (remove(), true);
        default:
          return false;
      }
    })();
    if (handled) e.preventDefault();
  };

  return (
    <div className="rb-tempo-panel" tabIndex={0} onKeyDown={onKeyDown} aria-label="Tempo map and transport">
      <TransportBar
        view={view}
        now={now}
        clock={clock}
        audioRunning={audioRunning}
        lastStart={lastStart}
        prefs={prefs}
        canEdit={canEdit}
        onTogglePlay={() => togglePlay(transport)}
        onPrefs={(p) => transport.setPrefs(p)}
        onEnableAudio={() => void transport.engine.resume()}
      />

      {sections.length === 0 ? (
        <div className="rb-tempo-empty">
          <p className="rb-tempo-empty-title">Sketch the song’s form</p>
          <p className="rb-muted">Sections with bars, tempo and meter. Everybody in the room hears the same click.</p>
          <button type="button" className="rb-button rb-button-primary" onClick={add} disabled={!canEdit}>
            Add your first section
          </button>
          <button type="button" className="rb-button" onClick={() => fileInput.current?.click()} disabled={!canEdit}>
            Import a MIDI tempo map…
          </button>
        </div>
      ) : (
        <>
          <TempoTimeline
            timeline={timeline}
            now={now}
            loop={loop}
            selectedId={selectedId}
            canEdit={canEdit}
            onSelect={setSelectedId}
            onSeekBar={(bar) => seekToBar(transport, bar)}
            onMove={(id, to) => report(moveSection(room.doc, id, to, 'local'))}
          />
          <div className="rb-tempo-toolbar" role="toolbar" aria-label="Section tools">
            <button type="button" className="rb-tempo-tool" onClick={add} disabled={!canEdit} title="Add a section after this one (N)">
              + Add
            </button>
            <button
              type="button"
              className="rb-tempo-tool"
              onClick={split}
              disabled={!canEdit || !selected || selected.bars < 2}
              title="Split in the middle, at a bar line (S)"
            >
              Split
            </button>
            <button type="button" className="rb-tempo-tool" onClick={duplicate} disabled={!canEdit || !selected} title="Duplicate (D)">
              Duplicate
            </button>
            <button
              type="button"
              className="rb-tempo-tool"
              onClick={() => move(-1)}
              disabled={!canEdit || selectedIndex <= 0}
              title="Move earlier (Alt+←)"
              aria-label="Move earlier"
            >
              ◀
            </button>
            <button
              type="button"
              className="rb-tempo-tool"
              onClick={() => move(1)}
              disabled={!canEdit || selectedIndex < 0 || selectedIndex >= sections.length - 1}
              title="Move later (Alt+→)"
              aria-label="Move later"
            >
              ▶
            </button>
            <button
              type="button"
              className={`rb-tempo-tool${loopedId !== undefined && loopedId === selectedId ? ' is-on' : ''}`}
              onClick={toggleLoop}
              disabled={!canEdit || !selected}
              title="Loop this section for everyone (L)"
              aria-pressed={loopedId !== undefined && loopedId === selectedId}
            >
              ⟳ Loop
            </button>
            <button
              type="button"
              className="rb-tempo-tool is-danger"
              onClick={remove}
              disabled={!canEdit || !selected}
              title="Delete (Del)"
            >
              Delete
            </button>
            <span className="rb-tempo-toolbar-gap" />
            <button
              type="button"
              className="rb-tempo-tool"
              onClick={() => undo.undo()}
              disabled={!canEdit || !undoState.canUndo}
              title="Undo your last tempo edit (Ctrl+Z)"
              aria-label="Undo"
            >
              ↶
            </button>
            <button
              type="button"
              className="rb-tempo-tool"
              onClick={() => undo.redo()}
              disabled={!canEdit || !undoState.canRedo}
              title="Redo (Ctrl+Shift+Z)"
              aria-label="Redo"
            >
              ↷
            </button>
          </div>
          {selected && <SectionEditor section={selected} canEdit={canEdit} onPatch={patch} />}
          <div className="rb-tempo-footer">
            <span className="rb-muted">
              {timeline.totalBars} bars · {formatDuration(timeline.totalSeconds)}
            </span>
            <span className="rb-tempo-toolbar-gap" />
            <button type="button" className="rb-tempo-tool" onClick={exportMidi} title="Download the tempo map as a MIDI file for your DAW">
              Export .mid
            </button>
            <button
              type="button"
              className="rb-tempo-tool"
              onClick={() => fileInput.current?.click()}
              disabled={!canEdit}
              title="Replace the tempo map with one from a MIDI file"
            >
              Import .mid
            </button>
          </div>
        </>
      )}
      {message && (
        <p className="rb-tempo-message" role="status">
          {message}
        </p>
      )}
      <input
        ref={fileInput}
        type="file"
        accept=".mid,.midi,audio/midi"
        hidden
        aria-label="MIDI tempo map file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importMidi(f);
        }}
      />
    </div>
  );
}

const NAMES = ['Intro', 'Verse', 'Pre-chorus', 'Chorus', 'Verse 2', 'Chorus 2', 'Bridge', 'Chorus 3', 'Outro'];
function nextName(count: number): string {
  return NAMES[count] ?? `Section ${count + 1}`;
}

function formatDuration(s: number): string {
  const m = Math.floor(s / 60);
  const sec = Math.round(s - m * 60);
  return `${m}:${String(sec).padStart(2, '0')}`;
}
