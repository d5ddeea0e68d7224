/**
 * Named and automatic versions of a room: what a version is on the wire, and the rules the server
 * keeps (ids in SPEC.md next to this file).
 *
 * A version is a snapshot of the whole room document that the server stores outside the document
 * (RV1), so it costs the live room nothing and survives compaction and restarts.
 */

/**
 * Why a version exists: saved by a person with a name, or taken by the server before a restore
 * (RV6), before a change that removes many things at once (RV10), or every so often while people
 * edit (RV11).
 */
export const VERSION_KINDS = ['named', 'before-restore', 'before-mass-delete', 'periodic'] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

export function isVersionKind(v: unknown): v is VersionKind {
  return typeof v === 'string' && (VERSION_KINDS as readonly string[]).includes(v);
}

/** How the list labels each kind. */
export const VERSION_KIND_LABEL: Readonly<Record<VersionKind, string>> = {
  named: 'Saved',
  'before-restore': 'Before a restore',
  'before-mass-delete': 'Before a big delete',
  periodic: 'Automatic',
};

/** Who made a version: the name they showed, and the person id when the server knows one. */
export interface VersionAuthor {
  readonly name: string;
  readonly personId: string | null;
}

/** A version as the list shows it (no snapshot bytes). */
export interface VersionSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: VersionKind;
  readonly author: VersionAuthor;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Size of the stored snapshot. */
  readonly bytes: number;
}

export const VERSION_LIMITS = {
  /** Longest version name. */
  nameLength: 120,
  /** Named versions a room keeps; saving one more is refused with a sentence (RV4). */
  namedPerRoom: 200,
  /** Automatic versions a room keeps; the oldest are pruned beyond this (RV4). */
  automaticPerRoom: 50,
  /** Longest author name stored. */
  authorNameLength: 80,
} as const;

/**
 * A change that removes at least this many entries (board records, tempo sections, references,
 * comments, backlog ideas) at once gets an automatic version first (RV10). Ten is well above what
 * a person deletes by accident one at a time, and below a "select all, delete".
 */
export const MASS_DELETE_THRESHOLD = 10;

const BEFORE_RESTORE = /^Before restoring “(.*)”$/s;

/**
 * The name of the version taken before restoring `restored`, so the list says what it undoes.
 * Restoring a "before restore" version undoes that restore, and is named so, not nested.
 */
export function beforeRestoreName(restored: { readonly name: string; readonly kind: VersionKind }): string {
  const undone = restored.kind === 'before-restore' ? BEFORE_RESTORE.exec(restored.name)?.[1] : undefined;
  return undone !== undefined ? `Before undoing the restore of “${undone}”` : `Before restoring “${restored.name}”`;
}

/** What a restore did, as the room's notice says it after the person's name. */
export function restoredWhat(restored: { readonly name: string; readonly kind: VersionKind }): string {
  const undone = restored.kind === 'before-restore' ? BEFORE_RESTORE.exec(restored.name)?.[1] : undefined;
  return undone !== undefined ? `undid the restore of “${undone}”` : `restored “${restored.name}”`;
}

/** The name of the version taken before a change that removed `count` things. */
export function beforeMassDeleteName(count: number): string {
  return `Before ${count} things were removed`;
}

/** Checks a name a person typed; returns it trimmed, or a sentence saying what is wrong. */
export function checkVersionName(raw: unknown): { ok: true; name: string } | { ok: false; message: string } {
  if (typeof raw !== 'string') return { ok: false, message: 'A version needs a name.' };
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length === 0) return { ok: false, message: 'A version needs a name.' };
  if (name.length > VERSION_LIMITS.nameLength)
    return { ok: false, message: `A version name is at most ${VERSION_LIMITS.nameLength} characters.` };
  return { ok: true, name };
}
