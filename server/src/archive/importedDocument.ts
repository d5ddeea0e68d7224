/**
 * The document of an imported room. It is checked like any change a client sends: decodable and
 * whole (S7), then, once brought to the current schema by the same migration a stored room gets
 * on load (S10), held to the write rules (B1, B2) over everything it holds — deleted content
 * holds nothing, so a migrated room's emptied legacy root passes. Its schema version must be the
 * manifest's and every file it points at must be in the archive (or listed as unavailable).
 * Finally its asset addresses are pointed at the new room (AR6).
 */
import * as Y from 'yjs';
import { migrateDoc, readSchemaVersion, readTitle, referencedAssets, rehomeAssetPaths } from '@riffboard/shared';
import { checkUpdate, itemWrites } from '../sync/updateCheck.ts';
import { checkContent } from '../sync/contentRules.ts';
import { ImportError, type StagedArchive } from './importArchive.ts';

/** The new room's first update and its title, or an {@link ImportError} saying why the document is refused. */
export function importedDocument(
  archive: Pick<StagedArchive, 'manifest' | 'document' | 'assets'>,
  roomId: string,
): { readonly update: Uint8Array; readonly title: string } {
  const empty = new Y.Doc();
  const doc = new Y.Doc();
  try {
    if (!checkUpdate(empty, archive.document).ok)
      throw new ImportError('bad_document', 'The room document in that archive can’t be read: it is damaged or incomplete.');
    Y.applyUpdate(doc, archive.document);
    const version = readSchemaVersion(doc);
    if (version !== archive.manifest.schemaVersion)
      throw new ImportError(
        'archive_damaged',
        `The room document is at schema version ${version}, but the archive’s manifest says ${archive.manifest.schemaVersion}.`,
      );
    migrateDoc(doc);
    const writes = itemWrites(empty, Y.decodeUpdate(Y.encodeStateAsUpdate(doc))).filter(
      (w) => !(w.item.content instanceof Y.ContentDeleted),
    );
    const rules = checkContent(empty, writes);
    if (!rules.ok) throw new ImportError('bad_document', `The room in that archive breaks the room rules (${rules.reason}).`);
    const held = new Set([...archive.assets.map((a) => a.hash), ...archive.manifest.unavailableAssets]);
    const missing = [...referencedAssets(doc)].filter((h) => !held.has(h));
    if (missing.length > 0)
      throw new ImportError(
        'archive_damaged',
        `The room points at ${missing.length === 1 ? 'a file' : `${missing.length} files`} missing from the archive (${missing[0]!.slice(0, 12)}…).`,
      );
    rehomeAssetPaths(doc, roomId, 'server');
    return { update: Y.encodeStateAsUpdate(doc), title: readTitle(doc) };
  } finally {
    doc.destroy();
    empty.destroy();
  }
}
