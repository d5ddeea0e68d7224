/**
 * One reference opened in the panel. Audio: waveform with zoom, markers and playhead; play/pause on
 * this device or for everyone (the shared transport); comment composer (M at the playhead, or drag
 * a region); threads. Images show the picture, links open in a new tab. Editors can delete the
 * reference from the header (DeleteReference.tsx).
 */
import { useEffect, useRef, useState } from 'react';
import {
  anchorStart,
  referenceComments,
  startReference,
  stopReference,
  type CommentAnchor,
  type CommentThread,
  type Reference,
  type ReferenceComment,
} from '@riffboard/shared';
import type { RoomConnection } from '../../room/RoomConnection.ts';
import { assetSrc } from '../../assets/assetUpload.ts';
import { anchorLabel, CommentThreads } from './CommentThreads.tsx';
import { DeleteReferenceButton, DeleteReferenceConfirm } from './DeleteReference.tsx';
import { OutputMeter } from './OutputMeter.tsx';
import { PlaceOnTimeline } from './PlaceOnTimeline.tsx';
import { formatTime, usePeaks, usePlayer, usePlayhead, useThreads } from '../../references/referencesHooks.ts';
import { Waveform } from './Waveform.tsx';

const ZOOMS = [1, 2, 4, 8] as const;
/** Shared starts are placed this far ahead so every client can schedule them in time (as the transport does). */
const SHARED_LEAD_MS = 400;

interface Props {
  readonly room: RoomConnection;
  readonly reference: Reference;
  readonly canEdit: boolean;
  readonly me: { readonly id: string; readonly name: string };
  readonly onBack: () => void;
}

export function ReferenceDetail({ room, reference, canEdit, me, onBack }: Props) {
  // Which reference the delete question is open for, so it never carries over to another one.
  const [confirmFor, setConfirmFor] = useState<string | undefined>();
  const confirming = canEdit && confirmFor === reference.id;
  const deleteButton = useRef<HTMLButtonElement>(null);
  const cancelDelete = (): void => {
    setConfirmFor(undefined);
    deleteButton.current?.focus();
  };
  return (
    <div className="rb-ref-detail" data-testid="reference-detail">
      <header className="rb-ref-detail-head">
        <button type="button" className="rb-ref-back" onClick={onBack} aria-label="All references">
          ‹
        </button>
        <div className="rb-ref-detail-title">
          <h3 title={reference.title}>{reference.title}</h3>
          <span className="rb-muted">
            {reference.addedBy}
            {reference.durationSeconds !== undefined ? ` · ${formatTime(reference.durationSeconds)}` : ''}
          </span>
        </div>
        {canEdit && (
          <DeleteReferenceButton
            ref={deleteButton}
            expanded={confirming}
            onClick={() => (confirming ? cancelDelete() : setConfirmFor(reference.id))}
          />
        )}
      </header>
      {confirming && <DeleteReferenceConfirm room={room} reference={reference} onCancel={cancelDelete} />}
      {reference.kind === 'audio' && <AudioReview room={room} reference={reference} canEdit={canEdit} me={me} />}
      {reference.kind === 'image' && reference.assetUrl && (
        <img className="rb-ref-image" src={assetSrc(reference.assetUrl, room.token)} alt={reference.title} />
      )}
      {reference.kind === 'link' && reference.url && (
        <a className="rb-ref-link" href={reference.url} target="_blank" rel="noopener noreferrer">
          {reference.url}
        </a>
      )}
    </div>
  );
}

function AudioReview({ room, reference, canEdit, me }: Omit<Props, 'onBack'>) {
  const peaks = usePeaks(room, reference, canEdit);
  const threads = useThreads(room, reference.id);
  const { player, state } = usePlayer(room);
  const isMine = state.referenceId === reference.id;
  const playhead = usePlayhead(player, state);
  const pos = isMine ? playhead.seconds : 0;
  const [zoom, setZoom] = useState<number>(1);
  const [draft, setDraft] = useState<{ start: number; end: number } | undefined>();
  const [composer, setComposer] = useState<{ anchor: CommentAnchor } | undefined>();
  const [text, setText] = useState('');
  const [activeId, setActiveId] = useState<string | undefined>();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const duration = peaks.kind === 'ready' ? peaks.peaks.durationSeconds : (reference.durationSeconds ?? 0);
  const playing = isMine && state.playing;
  const buffering = isMine && state.loading;

  const seek = (s: number): void => {
    if (isMine && state.shared && state.playing)
      startReference(room.doc, reference.id, s, (room.clock.serverNow() ?? Date.now()) + SHARED_LEAD_MS, 'local');
    else void player.seek(reference.id, s);
  };
  const commentAt = (anchor: CommentAnchor): void => {
    setComposer({ anchor });
    window.setTimeout(() => inputRef.current?.focus(), 0);
  };

  // M adds a comment at the playhead (not while typing somewhere).
  const posRef = useRef(pos);
  posRef.current = pos;
  useEffect(() => {
    if (!canEdit) return;
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (e.key.toLowerCase() !== 'm' || e.metaKey || e.ctrlKey || e.altKey || t?.closest('input, textarea, [contenteditable="true"]'))
        return;
      e.preventDefault();
      setDraft(undefined);
      commentAt({ kind: 'at', at: posRef.current });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canEdit]);

  const post = (): void => {
    const body = text.trim();
    if (!composer || !body) return;
    const id = crypto.randomUUID();
    referenceComments(room.doc, reference.id).add(
      { id, author: me.id, personName: me.name, createdAt: Date.now(), text: body, anchor: composer.anchor },
      'local',
    );
    setText('');
    setComposer(undefined);
    setDraft(undefined);
    setActiveId(id);
  };
  const onSeekTo = (c: ReferenceComment): void => {
    setActiveId(c.parentId ?? c.id);
    seek(anchorStart(c.anchor));
  };
  const onMarker = (t: CommentThread): void => {
    onSeekTo(t.root);
    document.querySelector(`[data-comment-id="${CSS.escape(t.root.id)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  const playLocal = (): void => {
    if (playing || buffering) player.pauseLocal();
    else void player.playLocal(reference.id, isMine && pos < duration - 0.05 ? pos : 0);
  };
  const toggleShared = (): void => {
    if (playing && state.shared) stopReference(room.doc, reference.id, player.position(), 'local');
    else
      startReference(
        room.doc,
        reference.id,
        isMine && pos < duration - 0.05 ? pos : 0,
        (room.clock.serverNow() ?? Date.now()) + SHARED_LEAD_MS,
        'local',
      );
  };

  return (
    <>
      <div className="rb-player">
        <button
          type="button"
          className={`rb-play${buffering ? ' is-buffering' : ''}`}
          onClick={playLocal}
          aria-label={playing || buffering ? 'Pause' : 'Play'}
          aria-busy={buffering}
          data-testid="play"
          disabled={peaks.kind === 'error'}
        >
          {playing || buffering ? '❚❚' : '▶'}
        </button>
        <span className="rb-time" data-testid="time">
          {formatTime(pos)} <span className="rb-muted">/ {formatTime(duration)}</span>
        </span>
        <OutputMeter player={player} state={isMine ? state : { ...state, playing: false, loading: false }} />
        <button
          type="button"
          className={`rb-together${playing && state.shared ? ' is-on' : ''}`}
          onClick={toggleShared}
          disabled={peaks.kind === 'error'}
          data-testid="listen-together"
        >
          {playing && state.shared ? 'Stop for everyone' : 'Play for everyone'}
        </button>
        <span className="rb-zoom" role="group" aria-label="Zoom">
          {ZOOMS.map((z) => (
            <button key={z} type="button" aria-pressed={zoom === z} onClick={() => setZoom(z)}>
              {z}×
            </button>
          ))}
        </span>
      </div>
      {state.error && isMine && (
        <p className="rb-ref-error" role="alert">
          {state.error}
        </p>
      )}
      {peaks.kind === 'loading' && <div className="rb-wave-loading">Drawing the waveform…</div>}
      {peaks.kind === 'error' && (
        <p className="rb-ref-error" role="alert" data-testid="decode-error">
          Couldn’t decode this file. {peaks.message}
        </p>
      )}
      {peaks.kind === 'ready' && (
        <Waveform
          peaks={peaks.peaks}
          duration={duration}
          position={pos}
          positionAtEpochMs={playhead.atEpochMs}
          zoom={zoom}
          threads={threads}
          activeThreadId={activeId}
          draft={draft}
          onSeek={seek}
          onMarker={onMarker}
          onRegion={(r) => {
            if (!canEdit) return;
            setDraft(r);
            commentAt({ kind: 'region', start: r.start, end: r.end });
          }}
        />
      )}
      <PlaceOnTimeline room={room} reference={reference} canEdit={canEdit} filePosition={pos} />
      {canEdit ? (
        composer ? (
          <form
            className="rb-composer"
            onSubmit={(e) => {
              e.preventDefault();
              post();
            }}
          >
            <span className="rb-time-chip">{anchorLabel(composer.anchor)}</span>
            <textarea
              ref={inputRef}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  post();
                }
                if (e.key === 'Escape') setComposer(undefined);
              }}
              placeholder="What do you hear here?"
              aria-label="Comment"
              maxLength={4000}
            />
            <div className="rb-composer-actions">
              <button type="button" onClick={() => (setComposer(undefined), setDraft(undefined))}>
                Cancel
              </button>
              <button type="submit" className="rb-primary" disabled={!text.trim()}>
                Comment
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="rb-add-comment" onClick={() => commentAt({ kind: 'at', at: pos })}>
            + Comment at {formatTime(pos)} <kbd>M</kbd>
          </button>
        )
      ) : (
        <p className="rb-viewer-note" data-testid="viewer-note">
          You’re viewing this room: you can listen and read comments, but not comment.
        </p>
      )}
      <CommentThreads
        room={room}
        referenceId={reference.id}
        threads={threads}
        me={me}
        canEdit={canEdit}
        activeId={activeId}
        onSeekTo={onSeekTo}
      />
    </>
  );
}
