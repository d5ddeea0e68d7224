/**
 * Roles a capability link grants in a room, from least to most power.
 *
 * - viewer: sees and hears everything, shows presence, changes nothing.
 * - editor: edits the room's content.
 * - facilitator: edits, and runs the room (title, link rotation; later timers, votes, lock).
 *
 * The server enforces these; the client only mirrors them so people aren't offered controls
 * that would be refused.
 */
export const ROLES = ['viewer', 'editor', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

/** Links that can be replaced (rotated); the facilitator link stays with the room's owner. */
export const ROTATABLE_ROLES = ['editor', 'viewer'] as const satisfies readonly Role[];
export type RotatableRole = (typeof ROTATABLE_ROLES)[number];

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Whether `role` has at least the power of `needed`. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return roleRank(role) >= roleRank(needed);
}

export function canEdit(role: Role): boolean {
  return roleAtLeast(role, 'editor');
}

export const ROLE_LABEL: Readonly<Record<Role, string>> = { viewer: 'Viewer', editor: 'Editor', facilitator: 'Facilitator' };
