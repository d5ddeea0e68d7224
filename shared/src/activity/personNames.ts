/**
 * How people are named in the feed. A display name is self-chosen, so two people may pick the
 * same one (or one may pick another's on purpose): the feed then tells them apart by a short tag
 * of their person id, which nobody can choose (W4 in SPEC.md). The viewer's own entries read "You".
 */
import type { ActivityEntry } from './activityEntry.ts';

/** A short, stable tag of a person id, for telling apart people with the same name. */
export function personTag(personId: string): string {
  return personId.replace(/^p_/, '').slice(0, 4);
}

/** Person id → how to call them, from each person's latest name in `entries` (newest first). */
export function personNames(entries: readonly Pick<ActivityEntry, 'personId' | 'name'>[], you?: string): Map<string, string> {
  const latest = new Map<string, string>();
  for (const e of entries) if (!latest.has(e.personId)) latest.set(e.personId, e.name.trim() || 'Someone');
  const holders = new Map<string, number>();
  for (const name of latest.values()) holders.set(name.toLowerCase(), (holders.get(name.toLowerCase()) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const [id, name] of latest) {
    if (id === you) out.set(id, 'You');
    else out.set(id, (holders.get(name.toLowerCase()) ?? 0) > 1 ? `${name} (${personTag(id)})` : name);
  }
  return out;
}
