/**
 * The Versions side panel (RV1–RV9): save the room as a named version (editors and the
 * facilitator), the list of named and automatic versions with author and time, a read-only preview
 * of any of them beside the live room, and restore with a confirmation. The list and the preview
 * read through `versions/`; the server does the restore, which reaches every tab as one change.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { VERSION_KIND_LABEL, VERSION_LIMITS, type VersionSummary } from '@riffboard/shared';
import { useCanEdit, useRole, useRoom } from '../../room/roomHooks.ts';
import { versionApi } from '../../versions/versionApi.ts';
import { announceVersionsChanged, useVersionList } from '../../versions/versionHooks.ts';
import { VersionPreview } from './VersionPreview.tsx';
import { RestoreConfirm } from './RestoreConfirm.tsx';
import { FOCUS_SAVE_EVENT } from './versionsShortcut.ts';
import { versionTime } from './versionTime.ts';
import '../../styles/versions.css';

export function VersionsPanel() {
  const room = useRoom();
  const role = useRole();
  const canRestore = useCanEdit();
  const { list } = useVersionList(room);
  const [previewing, setPreviewing] = useState<VersionSummary | null>(null);
  const [confirming, setConfirming] = useState<VersionSummary | null>(null);
  const mayWrite = role !== 'viewer';
  return (
    <div className="rb-versions-panel" data-testid="versions-panel">
      {mayWrite ? (
        <SaveForm />
      ) : (
        <p className="rb-versions-muted">This is a view-only link: you can look at versions, not save or restore them.</p>
      )}
      <section aria-label="Versions">
        <h3 className="rb-versions-heading">Versions</h3>
        {list.kind === 'loading' && <p className="rb-versions-muted">Loading versions…</p>}
        {list.kind === 'error' && <p className="rb-versions-error">{list.message}</p>}
        {list.kind === 'ready' && list.versions.length === 0 && (
          <p className="rb-versions-empty" data-testid="versions-empty">
            No versions yet. Save one to come back to this moment later. Riffboard also keeps automatic versions: before a restore, before a
            big delete, and every ten minutes while people edit.
          </p>
        )}
        {list.kind === 'ready' && list.versions.length > 0 && (
          <ul className="rb-versions-items">
            {list.versions.map((v) => (
              <li
                key={v.id}
                className={`rb-version rb-version-${v.kind}`}
                data-testid="version-row"
                data-version-id={v.id}
                data-kind={v.kind}
              >
                <div className="rb-version-text">
                  <span className="rb-version-name">{v.name}</span>
                  <span className="rb-versions-meta">
                    <span className="rb-version-kind">{VERSION_KIND_LABEL[v.kind]}</span> · {v.author.name} ·{' '}
                    <time dateTime={new Date(v.createdAt).toISOString()} title={new Date(v.createdAt).toLocaleString()}>
                      {versionTime(v.createdAt)}
                    </time>
                  </span>
                </div>
                <div className="rb-version-actions">
                  <button type="button" className="rb-button" aria-pressed={previewing?.id === v.id} onClick={() => setPreviewing(v)}>
                    Preview
                  </button>
                  {canRestore && (
                    <button type="button" className="rb-button" onClick={() => setConfirming(v)}>
                      Restore
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      {previewing && (
        <VersionPreview
          version={previewing}
          canRestore={canRestore}
          onRestore={() => setConfirming(previewing)}
          onClose={() => setPreviewing(null)}
        />
      )}
      {confirming && (
        <RestoreConfirm
          version={confirming}
          onDone={(restored) => {
            setConfirming(null);
            if (restored) setPreviewing(null);
          }}
        />
      )}
    </div>
  );
}

function SaveForm() {
  const room = useRoom();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const focus = (): void => input.current?.focus();
    window.addEventListener(FOCUS_SAVE_EVENT, focus);
    return () => window.removeEventListener(FOCUS_SAVE_EVENT, focus);
  }, []);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    const trimmed = name.trim();
    if (!trimmed) {
      setMessage({ ok: false, text: 'Give the version a name, like “Verse idea before the bridge”.' });
      return;
    }
    setBusy(true);
    const r = await versionApi.save(room, trimmed);
    setBusy(false);
    if (r.ok) {
      setName('');
      setMessage({ ok: true, text: `Saved “${r.value.name}”.` });
      announceVersionsChanged();
    } else setMessage({ ok: false, text: r.message });
  };
  return (
    <form className="rb-versions-save" onSubmit={(e) => void submit(e)} aria-label="Save a version">
      <label htmlFor="rb-version-name" className="rb-versions-label">
        Save this moment as a version <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>S</kbd>
      </label>
      <div className="rb-versions-save-row">
        <input
          id="rb-version-name"
          ref={input}
          value={name}
          maxLength={VERSION_LIMITS.nameLength}
          placeholder="Name, e.g. “Chorus at 128”"
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.stopPropagation()}
        />
        <button type="submit" className="rb-button rb-button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save version'}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'rb-versions-ok' : 'rb-versions-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
