/**
 * "Take this room with you", in the Share dialog: download the whole room (board, tempo map,
 * references, backlog and every file) as one archive, with the bytes as they arrive. The archive
 * opens as a new room from the home page of any Riffboard server.
 */
import { useEffect, useRef, useState } from 'react';
import { ARCHIVE_EXTENSION } from '@riffboard/shared';
import { ArchiveError, downloadRoomArchive, saveFile, type ArchiveProgress as Progress } from '../room/roomArchive.ts';
import { ArchiveProgress } from '../ui/ArchiveProgress.tsx';

type ExportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly progress: Progress }
  | { readonly kind: 'done'; readonly fileName: string }
  | { readonly kind: 'error'; readonly message: string };

export function ExportSection({ roomId, token }: { roomId: string; token: string | null }) {
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async (): Promise<void> => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'running', progress: { loaded: 0, total: null } });
    try {
      const { blob, fileName } = await downloadRoomArchive(
        roomId,
        token,
        (progress) => setState({ kind: 'running', progress }),
        controller.signal,
      );
      saveFile(blob, fileName);
      setState({ kind: 'done', fileName });
    } catch (err) {
      if (controller.signal.aborted) return setState({ kind: 'idle' });
      setState({ kind: 'error', message: err instanceof ArchiveError ? err.message : 'The room could not be exported.' });
    }
  };

  return (
    <section className="rb-export" aria-labelledby="rb-export-title" data-testid="export-room">
      <div className="rb-export-text">
        <h3 id="rb-export-title">Export room</h3>
        <p className="rb-muted">
          Everything in this room — board, tempo map, references, backlog and their files — in one <code>{ARCHIVE_EXTENSION}</code> file
          that opens as a new room from the home page.
        </p>
      </div>
      {state.kind === 'running' ? (
        <div className="rb-export-run">
          <ArchiveProgress progress={state.progress} label="Exporting the room" />
          <button type="button" className="rb-button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="rb-button" onClick={() => void run()}>
          Export room
        </button>
      )}
      {state.kind === 'done' && (
        <p className="rb-muted rb-export-note" role="status">
          Saved as “{state.fileName}”.
        </p>
      )}
      {state.kind === 'error' && (
        <p className="rb-error" role="alert">
          {state.message}
        </p>
      )}
    </section>
  );
}
