/**
 * "Open a room archive" on the home page: pick or drop a `.riffboard.tar` exported from any
 * Riffboard room; it goes up with its progress and opens as a new room that this person runs
 * (the server hands the importer the facilitator link). Refusals arrive as the server's sentence.
 */
import { useRef, useState, type DragEvent } from 'react';
import { ARCHIVE_EXTENSION } from '@riffboard/shared';
import { ArchiveError, importRoomArchive, type ArchiveProgress as Progress } from '../room/roomArchive.ts';
import { rememberRoom } from '../room/recentRooms.ts';
import { roomPath } from '../app/route.ts';
import { ArchiveProgress } from '../ui/ArchiveProgress.tsx';

type ImportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'uploading'; readonly name: string; readonly progress: Progress }
  | { readonly kind: 'opening'; readonly title: string }
  | { readonly kind: 'error'; readonly name: string; readonly message: string };

export function ImportRoom() {
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const busy = state.kind === 'uploading' || state.kind === 'opening';

  const start = async (file: File): Promise<void> => {
    if (busy) return;
    setState({ kind: 'uploading', name: file.name, progress: { loaded: 0, total: file.size } });
    try {
      const room = await importRoomArchive(file, (progress) => setState({ kind: 'uploading', name: file.name, progress }));
      setState({ kind: 'opening', title: room.title });
      rememberRoom(room.roomId, room.title);
      window.location.assign(room.links.facilitator ?? roomPath(room.roomId));
    } catch (err) {
      setState({
        kind: 'error',
        name: file.name,
        message: err instanceof ArchiveError ? err.message : 'The archive could not be imported.',
      });
    }
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void start(file);
  };

  return (
    <section className="rb-card rb-import" aria-labelledby="rb-import-title" data-testid="import-room">
      <h2 id="rb-import-title">Open a room archive</h2>
      <div
        className={`rb-dropzone${over ? ' rb-dropzone-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        {state.kind === 'uploading' ? (
          <>
            <span className="rb-import-name">Uploading “{state.name}”…</span>
            <ArchiveProgress progress={state.progress} label={`Uploading ${state.name}`} />
          </>
        ) : state.kind === 'opening' ? (
          <span role="status">Opening “{state.title}”…</span>
        ) : (
          <>
            <span className="rb-muted">
              Drop a <code>{ARCHIVE_EXTENSION}</code> file here, or
            </span>
            <button type="button" className="rb-button" onClick={() => input.current?.click()}>
              Choose an archive…
            </button>
          </>
        )}
        <input
          ref={input}
          type="file"
          accept=".tar,application/x-tar"
          aria-label="Room archive file"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void start(file);
          }}
        />
      </div>
      {state.kind === 'error' && (
        <p className="rb-error" role="alert">
          “{state.name}” could not be imported. {state.message}
        </p>
      )}
      <p className="rb-muted rb-import-hint">It opens as a new room that you run; the room it came from is not changed.</p>
    </section>
  );
}
