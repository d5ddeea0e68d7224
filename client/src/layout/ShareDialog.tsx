/**
 * "Share this room": the links this person may hand out (their role and below, as the server
 * lists them), each with what it lets people do and a Copy button. The facilitator can replace
 * the editor or viewer link, after confirming, because that disconnects everyone using the old one.
 */
import { useEffect, useRef, useState } from 'react';
import { ROLES, ROLE_LABEL, type Role, type RotatableRole } from '@riffboard/shared';
import { fetchLinks, rotateLink, type RoomLinks } from '../room/roomApi.ts';
import { CloseButton, Modal } from '../ui/Modal.tsx';
import { ROLE_SENTENCE, RoleIcon } from './roleCopy.tsx';
import { ExportSection } from './ExportSection.tsx';

type LinksState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly links: RoomLinks }
  | { readonly kind: 'error'; readonly message: string };

/** Most shared first: a viewer link is what people usually want to send. */
const ORDER: readonly Role[] = [...ROLES];

export function ShareDialog({ roomId, token, role, onClose }: { roomId: string; token: string | null; role: Role; onClose: () => void }) {
  const [state, setState] = useState<LinksState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    fetchLinks(roomId, token).then(
      (links) => live && setState({ kind: 'loaded', links }),
      (err: unknown) => live && setState({ kind: 'error', message: err instanceof Error ? err.message : 'The links could not be loaded.' }),
    );
    return () => {
      live = false;
    };
  }, [roomId, token]);

  const replaced = (r: RotatableRole, path: string): void =>
    setState((s) => (s.kind === 'loaded' ? { kind: 'loaded', links: { ...s.links, [r]: path } } : s));

  return (
    <Modal labelledBy="rb-share-title" describedBy="rb-share-desc" onClose={onClose} className="rb-share-dialog" testId="share-dialog">
      <header className="rb-share-head">
        <h2 id="rb-share-title">Share this room</h2>
        <CloseButton onClose={onClose} />
      </header>
      <p id="rb-share-desc" className="rb-muted rb-share-desc">
        Anyone with a link joins without an account and gets the role the link gives.
      </p>
      {state.kind === 'loading' && (
        <div className="rb-share-status" role="status">
          <span className="rb-spinner" aria-hidden="true" /> Loading links…
        </div>
      )}
      {state.kind === 'error' && (
        <p className="rb-error" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'loaded' && (
        <ul className="rb-share-list">
          {ORDER.map((r) => {
            const path = state.links[r];
            return path ? (
              <ShareRow
                key={r}
                linkRole={r}
                url={window.location.origin + path}
                canReplace={role === 'facilitator' && r !== 'facilitator'}
                roomId={roomId}
                token={token}
                onReplaced={replaced}
              />
            ) : null;
          })}
        </ul>
      )}
      <ExportSection roomId={roomId} token={token} />
      <footer className="rb-share-foot rb-muted">
        <RoleIcon role={role} size={14} />
        <span>
          You are here as <strong>{ROLE_LABEL[role].toLowerCase()}</strong>
          {role === 'facilitator' ? '. Replacing a link disconnects people using the old one.' : '.'}
        </span>
      </footer>
    </Modal>
  );
}

type CopyState = 'idle' | 'copied' | 'failed';

function ShareRow({
  linkRole,
  url,
  canReplace,
  roomId,
  token,
  onReplaced,
}: {
  linkRole: Role;
  url: string;
  canReplace: boolean;
  roomId: string;
  token: string | null;
  onReplaced: (role: RotatableRole, path: string) => void;
}) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const [confirming, setConfirming] = useState(false);
  const [replacing, setReplacing] = useState<{ busy: boolean; error?: string; done?: boolean }>({ busy: false });
  const label = ROLE_LABEL[linkRole];
  const replaceButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  // Leaving the confirmation removes the focused button; put focus back where it started.
  useEffect(() => {
    if (wasConfirming.current && !confirming) replaceButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  useEffect(() => {
    if (copy === 'idle') return;
    const t = setTimeout(() => setCopy('idle'), 2000);
    return () => clearTimeout(t);
  }, [copy]);

  const doCopy = (): void => {
    navigator.clipboard.writeText(url).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };

  const doReplace = (): void => {
    if (linkRole === 'facilitator') return;
    setReplacing({ busy: true });
    rotateLink(roomId, token, linkRole).then(
      (path) => {
        onReplaced(linkRole, path);
        setConfirming(false);
        setReplacing({ busy: false, done: true });
      },
      (err: unknown) => setReplacing({ busy: false, error: err instanceof Error ? err.message : 'The link could not be replaced.' }),
    );
  };

  const inputId = `rb-share-${linkRole}`;
  return (
    <li className={`rb-share-row rb-share-row-${linkRole}`} data-role={linkRole}>
      <span className="rb-share-icon" aria-hidden="true">
        <RoleIcon role={linkRole} size={18} />
      </span>
      <div className="rb-share-body">
        <label htmlFor={inputId} className="rb-share-role">
          {label} link
        </label>
        <p className="rb-share-sentence">{ROLE_SENTENCE[linkRole]}</p>
        <div className="rb-share-link">
          <input id={inputId} readOnly value={url} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          <button
            type="button"
            className={`rb-button ${copy === 'copied' ? 'rb-button-done' : ''} rb-share-copy`}
            onClick={doCopy}
            aria-label={`Copy ${label.toLowerCase()} link`}
            {...(linkRole === 'facilitator' ? {} : { 'data-autofocus': true })}
          >
            <CopyIcon done={copy === 'copied'} />
            {copy === 'copied' ? 'Copied' : copy === 'failed' ? 'Copy failed' : 'Copy'}
          </button>
        </div>
        <span className="rb-visually-hidden" aria-live="polite">
          {copy === 'copied' ? `${label} link copied` : copy === 'failed' ? 'Copy failed — select the link and copy it by hand' : ''}
        </span>
        {canReplace && !confirming && (
          <div className="rb-share-replace">
            <button ref={replaceButton} type="button" className="rb-link-button" onClick={() => setConfirming(true)}>
              Replace link
            </button>
            {replacing.done && (
              <span className="rb-share-note" role="status">
                New link ready — the old one no longer works.
              </span>
            )}
          </div>
        )}
        {canReplace && confirming && (
          <div className="rb-share-confirm" role="group" aria-label={`Replace the ${label.toLowerCase()} link`}>
            <p>Everyone using the current {label.toLowerCase()} link will be disconnected and will need the new one.</p>
            <div className="rb-share-confirm-actions">
              {/* Focus starts on Cancel: Enter by reflex must not disconnect people. */}
              <button type="button" className="rb-button" onClick={() => setConfirming(false)} disabled={replacing.busy} autoFocus>
                Cancel
              </button>
              <button type="button" className="rb-button rb-button-danger" onClick={doReplace} disabled={replacing.busy}>
                {replacing.busy ? 'Replacing…' : `Replace ${label.toLowerCase()} link`}
              </button>
            </div>
            {replacing.error && (
              <p className="rb-error" role="alert">
                {replacing.error}
              </p>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

function CopyIcon({ done }: { done: boolean }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {done ? (
        <path d="M3 8.5l3.2 3L13 4.5" />
      ) : (
        <>
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" />
        </>
      )}
    </svg>
  );
}

/** The top bar's Share button, which opens the dialog. */
export function ShareControl({ roomId, token, role }: { roomId: string; token: string | null; role: Role }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="rb-button rb-button-primary rb-share"
        onClick={() => setOpen(true)}
        data-testid="share"
        aria-haspopup="dialog"
      >
        Share
      </button>
      {open && <ShareDialog roomId={roomId} token={token} role={role} onClose={() => setOpen(false)} />}
    </>
  );
}
