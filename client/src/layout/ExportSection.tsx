/**
 * "Take this room with you", in the Share dialog: download the whole room (board, tempo map,
 * references, backlog and every file) as one archive, with the bytes as they arrive. The archive
 * opens as a new room from the home page of any Riffboard server.
 */
import { useEffect, useRef, useState } from 'react';
import { ARCHIVE_EXTENSION } from '@riffboard/shared';
import { ArchiveError, downloadRoomArchive, fileNameBase, saveFile, type ArchiveProgress as Progress } from '../room/roomArchive.ts';
import { ArchiveProgress } from '../ui/ArchiveProgress.tsx';
import { useRoom } from '../room/roomHooks.ts';
import { sessionSummaryFile } from '../room/sessionSummaryFile.ts';
import { activityApi } from '../activity/activityApi.ts';
import { contributionsFromCredits } from '@riffboard/shared';
import { BoardImageError, boardImage, type BoardImageFormat } from '../room/boardImage.ts';
import { readTitle } from '@riffboard/shared';

type ExportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly progress: Progress }
  | { readonly kind: 'done'; readonly fileName: string }
  | { readonly kind: 'error'; readonly message: string };

export function ExportSection({ roomId, token }: { roomId: string; token: string | null }) {
  const room = useRoom();
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

  const picture = async (format: BoardImageFormat): Promise<void> => {
    try {
      const blob = await boardImage(room, format);
      const base = fileNameBase(readTitle(room.doc), 'board');
      const fileName = `${base}-board.${format}`;
      saveFile(blob, fileName);
      setState({ kind: 'done', fileName });
    } catch (err) {
      setState({ kind: 'error', message: err instanceof BoardImageError ? err.message : 'The board could not be exported.' });
    }
  };

  return (
    <section className="rb-export" aria-labelledby="rb-export-title" data-testid="export-room">
      <div className="rb-export-text">
        <h3 id="rb-export-title">Export room</h3>
        <p className="rb-muted">
          Everything in this room — board, tempo map, references, backlog and their files — in one <code>{ARCHIVE_EXTENSION}</code> file
          that opens as a new room from the home page. Or take the session summary as Markdown, or the board as a picture.
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
        <div className="rb-export-actions">
          <button type="button" className="rb-button" onClick={() => void run()}>
            Export room
          </button>
          <button
            type="button"
            className="rb-button"
            title="Tempo map, backlog with votes and best takes, open comments and credits, as Markdown"
            onClick={async () => {
              // The server's attributed credits when it answers; offline, the document's authorship.
              const answer = await activityApi.credits(room);
              const { blob, fileName } = sessionSummaryFile(room, answer.ok ? contributionsFromCredits(answer.value.credits) : undefined);
              saveFile(blob, fileName);
              setState({ kind: 'done', fileName });
            }}
          >
            Session summary (.md)
          </button>
          <button type="button" className="rb-button" onClick={() => void picture('png')}>
            Board as PNG
          </button>
          <button type="button" className="rb-button" onClick={() => void picture('svg')}>
            Board as SVG
          </button>
        </div>
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
