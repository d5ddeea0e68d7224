/**
 * The Tempo panel: the shared transport, the arrangement and the editable tempo lane, the selected
 * tempo point's controls, the section tool bar, the
 * selected section's fields and the .mid export/import. Reads hooks only; every write is a shared
 * tempo edit or transport action with origin 'local', so per-user undo (Y.UndoManager tracking
 * 'local') never undoes a peer's edit.
 *
 * The selection and the edits on it live in `useSectionCommands`, shared by the tool bar
 * (`SectionToolbar`), the keyboard map (`tempoKeyboard.ts`, active while the panel has focus), the
 * lane and the field editor; this module only composes them.
 */
import { useRef } from 'react';
import { loopSpan } from '@riffboard/shared';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { tempoUndoManager } from '../../transport/roomTransport.ts';
import {
  useAudioRunning,
  useClockEstimate,
  useLastStart,
  useMetronomePrefs,
  useMidiClock,
  usePlayhead,
  useRoomTransport,
  useTransportView,
} from '../../transport/transportHooks.ts';
import { seekToBar, togglePlay } from '../../transport/transportActions.ts';
import { TempoTimeline } from './TempoTimeline.tsx';
import { useListeners } from './useListeners.ts';
import { useReferences } from '../../references/referencesHooks.ts';
import { TransportBar } from './TransportBar.tsx';
import { SectionEditor } from './SectionEditor.tsx';
import { SectionToolbar } from './SectionToolbar.tsx';
import { TempoFooter } from './TempoFooter.tsx';
import { MidiClockBar } from './MidiClockBar.tsx';
import { useSectionCommands } from './useSectionCommands.ts';
import { useTempoPoints } from './useTempoPoints.ts';
import { TempoPointBar } from './TempoPointBar.tsx';
import { onTempoKeyDown } from './tempoKeyboard.ts';
import { downloadTempoMidi, importTempoMidiFile } from './tempoMidiFile.ts';
import { useUndoState } from '../../room/useUndoState.ts';
import '../../styles/tempo.css';
import { useFocusRequest } from '../../activity/activityHooks.ts';
import { useRecorder } from '../../recording/recordingHooks.ts';

export function TempoPanel() {
  const room = useRoom();
  const recorder = useRecorder(room);
  const canEdit = useCanEdit();
  const transport = useRoomTransport(room);
  const view = useTransportView(transport);
  const now = usePlayhead(transport, view);
  const clock = useClockEstimate(room);
  const audioRunning = useAudioRunning(transport);
  const lastStart = useLastStart(transport);
  const prefs = useMetronomePrefs(transport);
  const midi = useMidiClock(transport);
  const undo = tempoUndoManager(room);
  const undoState = useUndoState(undo);
  const commands = useSectionCommands(room, transport, view);
  // An activity line about a section selects it here.
  useFocusRequest('tempo', (id) => commands.select(id));
  const points = useTempoPoints(room);
  const fileInput = useRef<HTMLInputElement>(null);
  const listeners = useListeners(room);
  const placed = useReferences(room).filter((r) => r.kind === 'audio' && r.anchor !== undefined);

  const { sections, timeline } = view;
  const { selected, selectedId, message } = commands;
  const loop = loopSpan(timeline, view.state.loop);

  const importMidi = async (file: File): Promise<void> => {
    const r = await importTempoMidiFile(room.doc, file);
    if (r.imported) commands.select(r.firstId);
    commands.setMessage(r.message);
  };
  const pickMidiFile = (): void => fileInput.current?.click();

  return (
    <div
      className="rb-tempo-panel"
      tabIndex={0}
      onKeyDown={(e) =>
        onTempoKeyDown(e, {
          canEdit,
          commands,
          togglePlay: () => togglePlay(transport),
          undo: () => undo.undo(),
          redo: () => undo.redo(),
          seekHome: () => seekToBar(transport, 1),
        })
      }
      aria-label="Tempo map and transport"
    >
      <TransportBar
        view={view}
        now={now}
        clock={clock}
        clockSettled={room.clock.settled()}
        audioRunning={audioRunning}
        lastStart={lastStart}
        prefs={prefs}
        canEdit={canEdit}
        onTogglePlay={() => togglePlay(transport)}
        onRecord={() => void recorder.openDock(undefined)}
        onPrefs={(p) => transport.setPrefs(p)}
        onEnableAudio={() => void transport.engine.resume()}
      />
      <MidiClockBar prefs={midi.prefs} status={midi.status} onPrefs={(p) => transport.midi.setPrefs(p)} />

      {sections.length === 0 ? (
        <div className="rb-tempo-empty">
          <p className="rb-tempo-empty-title">Sketch the song’s form</p>
          <p className="rb-muted">Sections with bars, tempo and meter. Everybody in the room hears the same click.</p>
          <button type="button" className="rb-button rb-button-primary" onClick={commands.add} disabled={!canEdit}>
            Add your first section
          </button>
          <button type="button" className="rb-button" onClick={pickMidiFile} disabled={!canEdit}>
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
            points={points}
            onSelect={commands.select}
            onSeekBar={(bar) => seekToBar(transport, bar)}
            onMove={commands.moveTo}
            listeners={listeners}
            placed={placed}
            onMessage={commands.setMessage}
          />
          <TempoPointBar timeline={timeline} points={points} canEdit={canEdit} onMessage={commands.setMessage} />
          <SectionToolbar
            commands={commands}
            sectionCount={sections.length}
            canEdit={canEdit}
            canUndo={undoState.canUndo}
            canRedo={undoState.canRedo}
            onUndo={() => undo.undo()}
            onRedo={() => undo.redo()}
          />
          {selected && commands.atStart && (
            <SectionEditor
              section={selected}
              canEdit={canEdit}
              atStart={commands.atStart}
              onPatch={commands.patch}
              onTempo={commands.patchTempo}
              onMeter={commands.patchMeter}
              onShape={commands.patchShape}
            />
          )}
          <TempoFooter timeline={timeline} canEdit={canEdit} onExport={() => downloadTempoMidi(view)} onImport={pickMidiFile} />
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
