/**
 * React views of the room's versions: the list (fetched when asked, after this tab saves or
 * restores, and whenever a restore reaches the room), one version loaded into its own Y.Doc for a
 * preview (never the live doc, RV5), what differs from the live room (RV9), and the room's
 * restore notice (RV8).
 */
import { useCallback, useEffect, useState } from 'react';
import * as Y from 'yjs';
import {
  migrateDoc,
  observeRestoreNotice,
  readRestoreNotice,
  versionDiff,
  type RestoreNotice,
  type VersionDiff,
  type VersionSummary,
} from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { useObserved } from '../room/useObserved.ts';
import { versionApi } from './versionApi.ts';

/** Fired on window when this tab saved or restored a version, so every list refreshes. */
export const VERSIONS_CHANGED_EVENT = 'rb:versions-changed';

export function announceVersionsChanged(): void {
  window.dispatchEvent(new Event(VERSIONS_CHANGED_EVENT));
}

export type VersionList =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly versions: readonly VersionSummary[] }
  | { readonly kind: 'error'; readonly message: string };

export function useRestoreNotice(room: RoomConnection): RestoreNotice | null {
  return useObserved(
    (fn) => observeRestoreNotice(room.doc, fn),
    () => readRestoreNotice(room.doc),
    [room],
  );
}

export function useVersionList(room: RoomConnection): { list: VersionList; refresh: () => void } {
  const [list, setList] = useState<VersionList>({ kind: 'loading' });
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const notice = useRestoreNotice(room);
  useEffect(() => {
    let live = true;
    void versionApi.list(room).then((r) => {
      if (live) setList(r.ok ? { kind: 'ready', versions: r.value } : { kind: 'error', message: r.message });
    });
    return () => {
      live = false;
    };
  }, [room, tick, notice?.at]);
  useEffect(() => {
    window.addEventListener(VERSIONS_CHANGED_EVENT, refresh);
    // Others save versions too; a visible list catches up now and then.
    const timer = setInterval(refresh, 20_000);
    return () => {
      window.removeEventListener(VERSIONS_CHANGED_EVENT, refresh);
      clearInterval(timer);
    };
  }, [refresh]);
  return { list, refresh };
}

export type LoadedVersion =
  { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly doc: Y.Doc } | { readonly kind: 'error'; readonly message: string };

/** One version's snapshot in a Y.Doc of its own, destroyed when the preview closes. */
export function useVersionDoc(room: RoomConnection, versionId: string): LoadedVersion {
  const [state, setState] = useState<LoadedVersion>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    let doc: Y.Doc | null = null;
    setState({ kind: 'loading' });
    void versionApi.snapshot(room, versionId).then((r) => {
      if (!live) return;
      if (!r.ok) return setState({ kind: 'error', message: r.message });
      doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, r.value);
        // Read with today's accessors: an older version is migrated in its own doc, as the server
        // does before restoring it.
        if (migrateDoc(doc).kind === 'newer')
          return setState({ kind: 'error', message: 'This version was saved by a newer Riffboard; reload to see it.' });
        setState({ kind: 'ready', doc });
      } catch {
        setState({ kind: 'error', message: 'This version could not be read.' });
      }
    });
    return () => {
      live = false;
      doc?.destroy();
    };
  }, [room, versionId]);
  return state;
}

/** How often, at most, the preview recounts what differs while the room changes. */
const DIFF_EVERY_MS = 500;

/**
 * What differs between a version and the live room, kept up to date as the room changes. A
 * recount reads both rooms whole (tens of ms for a full board), so a busy room — someone dragging
 * shapes — is recounted at most every {@link DIFF_EVERY_MS}, not on every transaction.
 */
export function useVersionDiff(room: RoomConnection, version: Y.Doc): VersionDiff {
  return useObserved(
    (fn) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const onChange = (): void => {
        timer ??= setTimeout(() => {
          timer = null;
          fn();
        }, DIFF_EVERY_MS);
      };
      room.doc.on('afterTransaction', onChange);
      return () => {
        room.doc.off('afterTransaction', onChange);
        if (timer) clearTimeout(timer);
      };
    },
    () => versionDiff(version, room.doc),
    [room, version],
  );
}
