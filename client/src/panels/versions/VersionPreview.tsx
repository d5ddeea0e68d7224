/**
 * A version shown read-only beside the live room (RV5): the board as a sketch, the tempo map,
 * references and backlog as lists, as they were, loaded into a Y.Doc of their own; on top, what
 * differs from the live room per area (RV9), kept current while people keep editing; and the
 * restore button for those who may restore.
 */
import { createPortal } from 'react-dom';
import type * as Y from 'yjs';
import {
  DIFF_AREAS,
  DIFF_AREA_LABEL,
  IDEA_STATUSES,
  IDEA_STATUS_LABEL,
  VERSION_KIND_LABEL,
  isSameContent,
  readBoard,
  buildTimeline,
  readTempoMap,
  sectionTempoText,
  references,
  type VersionSummary,
} from '@riffboard/shared';
import { useRoom } from '../../room/roomHooks.ts';
import { useVersionDiff, useVersionDoc } from '../../versions/versionHooks.ts';
import { CloseButton } from '../../ui/Modal.tsx';
import { BoardSketch } from './BoardSketch.tsx';
import { versionTime } from './versionTime.ts';

export function VersionPreview({
  version,
  canRestore,
  onRestore,
  onClose,
}: {
  version: VersionSummary;
  canRestore: boolean;
  onRestore: () => void;
  onClose: () => void;
}) {
  const room = useRoom();
  const loaded = useVersionDoc(room, version.id);
  return createPortal(
    <section
      className="rb-versions-preview"
      aria-label={`Preview of ${version.name}`}
      data-testid="version-preview"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header className="rb-versions-preview-head">
        <div>
          <p className="rb-versions-preview-kicker">Preview · read-only</p>
          <h2 className="rb-versions-preview-title">{version.name}</h2>
          <p className="rb-versions-meta">
            {VERSION_KIND_LABEL[version.kind]} · {version.author.name} · {versionTime(version.createdAt)}
          </p>
        </div>
        <div className="rb-versions-preview-actions">
          {canRestore && (
            <button type="button" className="rb-button rb-button-primary" onClick={onRestore}>
              Restore this version
            </button>
          )}
          <CloseButton onClose={onClose} label="Close the preview" />
        </div>
      </header>
      {loaded.kind === 'loading' && <p className="rb-versions-muted">Loading the version…</p>}
      {loaded.kind === 'error' && <p className="rb-versions-error">{loaded.message}</p>}
      {loaded.kind === 'ready' && <PreviewBody doc={loaded.doc} />}
    </section>,
    document.body,
  );
}

function PreviewBody({ doc }: { doc: Y.Doc }) {
  return (
    <div className="rb-versions-preview-body">
      <DiffSummary doc={doc} />
      <h3 className="rb-versions-heading">Board</h3>
      <BoardSketch doc={doc} />
      <div className="rb-versions-columns">
        <TempoList doc={doc} />
        <ReferenceList doc={doc} />
        <BacklogList doc={doc} />
      </div>
    </div>
  );
}

function DiffSummary({ doc }: { doc: Y.Doc }) {
  const room = useRoom();
  const diff = useVersionDiff(room, doc);
  if (isSameContent(diff)) return <p className="rb-versions-same">The room is the same as this version now.</p>;
  return (
    <table className="rb-versions-diff" aria-label="What differs from the room now" data-testid="version-diff">
      <caption>What differs from the room now</caption>
      <thead>
        <tr>
          <th scope="col">Area</th>
          <th scope="col" title="In the room now, not in this version">
            Added since
          </th>
          <th scope="col" title="In this version, gone from the room now">
            Removed since
          </th>
          <th scope="col">Changed</th>
        </tr>
      </thead>
      <tbody>
        {DIFF_AREAS.map((a) => (
          <tr key={a} data-area={a}>
            <th scope="row">{DIFF_AREA_LABEL[a]}</th>
            <td>{diff[a].added || '–'}</td>
            <td>{diff[a].removed || '–'}</td>
            <td>{diff[a].changed || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TempoList({ doc }: { doc: Y.Doc }) {
  const tl = buildTimeline(readTempoMap(doc));
  return (
    <section aria-label="Tempo map as it was">
      <h3 className="rb-versions-heading">Tempo map</h3>
      {tl.sections.length === 0 ? (
        <p className="rb-versions-empty-area">No sections.</p>
      ) : (
        <ol className="rb-versions-list" data-testid="version-tempo">
          {tl.sections.map((s) => {
            const { tempo, meter } = sectionTempoText(tl, s);
            return (
              <li key={s.id ?? s.index}>
                <strong>{s.name}</strong> · {s.bars} bars · {tempo} · {meter}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function ReferenceList({ doc }: { doc: Y.Doc }) {
  const refs = references(doc)
    .list()
    .sort((a, b) => a.addedAt - b.addedAt);
  return (
    <section aria-label="References as they were">
      <h3 className="rb-versions-heading">References</h3>
      {refs.length === 0 ? (
        <p className="rb-versions-empty-area">No references.</p>
      ) : (
        <ul className="rb-versions-list">
          {refs.map((r) => (
            <li key={r.id}>
              <strong>{r.title}</strong> · {r.kind}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function BacklogList({ doc }: { doc: Y.Doc }) {
  const board = readBoard(doc);
  const total = IDEA_STATUSES.reduce((n, s) => n + board[s].length, 0);
  return (
    <section aria-label="Backlog as it was">
      <h3 className="rb-versions-heading">Backlog</h3>
      {total === 0 ? (
        <p className="rb-versions-empty-area">No ideas.</p>
      ) : (
        <ul className="rb-versions-list" data-testid="version-backlog">
          {IDEA_STATUSES.flatMap((s) =>
            board[s].map((c) => (
              <li key={c.id}>
                <strong>{c.title}</strong> · {IDEA_STATUS_LABEL[s]}
              </li>
            )),
          )}
        </ul>
      )}
    </section>
  );
}
