/**
 * Tells everybody in the room, the moment it happens, that someone restored a version (RV8) —
 * "Ben restored “Verse idea”" — with an Undo for those who may restore (it restores the automatic
 * version taken just before). Also owns the room-wide Alt+Shift+S shortcut, since it is always
 * mounted while the Versions panel is not.
 */
import { useEffect, useState } from 'react';
import { restoredWhat } from '@riffboard/shared';
import { useCanEdit, useRole, useRoom } from '../../room/roomHooks.ts';
import { useRestoreNotice, announceVersionsChanged } from '../../versions/versionHooks.ts';
import { versionApi } from '../../versions/versionApi.ts';
import { isSaveVersionShortcut, openSaveVersion } from './versionsShortcut.ts';
import '../../styles/versions.css';

/** How long the notice stays up. */
const SHOW_MS = 15_000;

export function RestoreToast() {
  const room = useRoom();
  const role = useRole();
  const canRestore = useCanEdit();
  const notice = useRestoreNotice(room);
  const [shownAt, setShownAt] = useState<number | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // A notice that was already there when the room opened is history, not news.
  const [firstSeen] = useState(() => notice?.at ?? 0);
  useEffect(() => {
    if (!notice || notice.at === firstSeen) return;
    setShownAt(notice.at);
    setStatus(null);
    const t = setTimeout(() => setShownAt(null), SHOW_MS);
    return () => clearTimeout(t);
  }, [notice, firstSeen]);
  useEffect(() => {
    if (role === 'viewer') return;
    const onKey = (e: KeyboardEvent): void => {
      if (!isSaveVersionShortcut(e)) return;
      e.preventDefault();
      e.stopPropagation();
      openSaveVersion();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [role]);
  if (!notice || shownAt !== notice.at) return null;
  const undo = async (): Promise<void> => {
    setStatus('Undoing…');
    const r = await versionApi.restore(room, notice.undoVersionId);
    setStatus(r.ok ? null : r.message);
    if (r.ok) announceVersionsChanged();
  };
  return (
    <div className="rb-restore-toast" role="status" data-testid="restore-toast">
      <span>
        <strong>{notice.by}</strong> {restoredWhat({ name: notice.versionName, kind: notice.versionKind })}.
      </span>
      {status && <span className="rb-restore-toast-status">{status}</span>}
      {canRestore && (
        <button type="button" className="rb-button" onClick={() => void undo()}>
          Undo
        </button>
      )}
      <button
        type="button"
        className="rb-button"
        onClick={() => window.dispatchEvent(new CustomEvent('rb:open-panel', { detail: 'versions' }))}
      >
        Versions
      </button>
      <button type="button" className="rb-icon-button" aria-label="Dismiss" onClick={() => setShownAt(null)}>
        ×
      </button>
    </div>
  );
}
