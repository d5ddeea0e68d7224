/**
 * The References side panel: the room's references (audio, image, link) with who added them and
 * how long they are; add by upload (button or drop onto the panel) or by URL; open one to review it.
 * When the open reference is deleted by someone else, the panel goes back to the list and says so.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { acceptAttribute, ASSET_KINDS, referenceComments, type Reference } from '@riffboard/shared';
import { personId, readIdentity } from '../../identity/identity.ts';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { UploadOverlay } from '../../ui/UploadOverlay.tsx';
import { addFileReference, addLinkReference } from '../../references/referenceActions.ts';
import { ReferenceDetail } from './ReferenceDetail.tsx';
import { PersonalMixer } from './PersonalMixer.tsx';
import { selectReference, useSelectedReference } from '../../references/referenceSelection.ts';
import { formatTime, useReferences } from '../../references/referencesHooks.ts';
import '../../styles/references.css';
import { ChangedDot } from '../../ui/ChangedDot.tsx';

const KIND_ICON: Record<Reference['kind'], string> = { audio: '♪', image: '▣', link: '↗' };

export function ReferencesPanel() {
  const room = useRoom();
  const canEdit = useCanEdit();
  const refs = useReferences(room);
  const selectedId = useSelectedReference();
  const selected = refs.find((r) => r.id === selectedId);
  const me = { id: personId(), name: readIdentity()?.name ?? 'someone' };
  const fileRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [link, setLink] = useState('');
  const [linkError, setLinkError] = useState<string | undefined>();
  // Title of the reference that was deleted while it was open here (by someone else: deleting it
  // ourselves closes the detail view first, see removeReference).
  const [deletedTitle, setDeletedTitle] = useState<string | undefined>();
  const lastOpen = useRef<Reference | undefined>(undefined);
  useEffect(() => {
    if (selected) {
      lastOpen.current = selected;
      setDeletedTitle(undefined);
      return;
    }
    if (selectedId === undefined) return;
    if (lastOpen.current?.id === selectedId) setDeletedTitle(lastOpen.current.title);
    selectReference(undefined);
  }, [selected, selectedId]);

  const addFiles = (files: readonly File[]): void => {
    for (const f of files) void addFileReference(room, f, me.name).then((id) => id && selectReference(id));
  };
  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    if (canEdit) addFiles(Array.from(e.dataTransfer.files));
  };

  return (
    <div
      className={`rb-refs${dragging ? ' is-dragging' : ''}`}
      data-testid="references-panel"
      onDragOver={(e) => {
        if (!canEdit) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <UploadOverlay />
      {selected ? (
        <ReferenceDetail room={room} reference={selected} canEdit={canEdit} me={me} onBack={() => selectReference(undefined)} />
      ) : (
        <>
          <header className="rb-refs-head">
            <h2>References</h2>
            {canEdit && (
              <button type="button" className="rb-primary" onClick={() => fileRef.current?.click()}>
                Upload
              </button>
            )}
            <input
              ref={fileRef}
              type="file"
              hidden
              multiple
              accept={acceptAttribute(ASSET_KINDS)}
              data-testid="reference-file-input"
              onChange={(e) => {
                addFiles(Array.from(e.target.files ?? []));
                e.target.value = '';
              }}
            />
          </header>
          {canEdit ? (
            <form
              className="rb-link-form"
              onSubmit={(e) => {
                e.preventDefault();
                const r = addLinkReference(room, link, '', me.name);
                if ('error' in r) setLinkError(r.error);
                else {
                  setLink('');
                  setLinkError(undefined);
                }
              }}
            >
              <input
                value={link}
                onChange={(e) => setLink(e.target.value)}
                placeholder="Paste a link (YouTube, Spotify, …)"
                aria-label="Link"
              />
              <button type="submit" disabled={!link.trim()}>
                Add
              </button>
              {linkError && (
                <p className="rb-ref-error" role="alert">
                  {linkError}
                </p>
              )}
            </form>
          ) : (
            <p className="rb-viewer-note">You’re viewing this room: you can listen and read, but not add references.</p>
          )}
          {deletedTitle !== undefined && (
            <p className="rb-ref-gone" role="status" data-testid="reference-deleted-note">
              <span>“{deletedTitle}” was deleted by someone else.</span>
              <button type="button" aria-label="Dismiss" onClick={() => setDeletedTitle(undefined)}>
                ×
              </button>
            </p>
          )}
          {refs.length === 0 ? (
            <p className="rb-muted rb-refs-empty">{canEdit ? 'Drop tracks, rough mixes or images here.' : 'No references yet.'}</p>
          ) : (
            <ul className="rb-ref-list">
              {refs.map((r) => (
                <li key={r.id}>
                  <button type="button" className="rb-ref-row" onClick={() => selectReference(r.id)} data-testid="reference-row">
                    <span className={`rb-ref-icon rb-ref-${r.kind}`} aria-hidden="true">
                      {KIND_ICON[r.kind]}
                    </span>
                    <span className="rb-ref-main">
                      <span className="rb-ref-title">
                        {r.title}
                        <ChangedDot area="references" id={r.id} />
                      </span>
                      <span className="rb-ref-meta">
                        {r.addedBy}
                        {r.durationSeconds !== undefined ? ` · ${formatTime(r.durationSeconds)}` : ''}
                      </span>
                    </span>
                    <CommentCount roomDoc={room.doc} id={r.id} />
                  </button>
                </li>
              ))}
            </ul>
          )}
          <PersonalMixer room={room} references={refs} />
        </>
      )}
    </div>
  );
}

function CommentCount({ roomDoc, id }: { roomDoc: import('yjs').Doc; id: string }) {
  const n = referenceComments(roomDoc, id)
    .list()
    .filter((c) => c.parentId === undefined && !c.resolved).length;
  return n > 0 ? (
    <span className="rb-ref-count" title={`${n} open comments`}>
      {n}
    </span>
  ) : null;
}
