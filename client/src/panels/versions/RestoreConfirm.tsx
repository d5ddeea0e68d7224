/** "Restore this version?" — what it does, for everybody, and how to undo it (RV6). */
import { useState } from 'react';
import type { VersionSummary } from '@riffboard/shared';
import { useRoom } from '../../room/roomHooks.ts';
import { versionApi } from '../../versions/versionApi.ts';
import { announceVersionsChanged } from '../../versions/versionHooks.ts';
import { Modal } from '../../ui/Modal.tsx';

export function RestoreConfirm({ version, onDone }: { version: VersionSummary; onDone: (restored: boolean) => void }) {
  const room = useRoom();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const restore = async (): Promise<void> => {
    setBusy(true);
    const r = await versionApi.restore(room, version.id);
    setBusy(false);
    if (!r.ok) return setError(r.message);
    announceVersionsChanged();
    onDone(true);
  };
  return (
    <Modal labelledBy="rb-restore-title" describedBy="rb-restore-what" onClose={() => onDone(false)} testId="restore-confirm">
      <h2 id="rb-restore-title">Restore “{version.name}”?</h2>
      <p id="rb-restore-what">
        The board, tempo map, references and backlog go back to how they were in this version, for everybody in the room. The agenda, timer
        and votes stay as they are. Riffboard saves the room as it is now first, so you can undo this by restoring that version.
      </p>
      {error && (
        <p className="rb-versions-error" role="alert">
          {error}
        </p>
      )}
      <div className="rb-versions-confirm-actions">
        <button type="button" className="rb-button" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="button" className="rb-button rb-button-primary" data-autofocus disabled={busy} onClick={() => void restore()}>
          {busy ? 'Restoring…' : 'Restore for everybody'}
        </button>
      </div>
    </Modal>
  );
}
