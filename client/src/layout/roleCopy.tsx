/** How the UI names and explains each role, in one place so the share dialog and badges agree. */
import type { Role } from '@riffboard/shared';

export const ROLE_SENTENCE: Readonly<Record<Role, string>> = {
  facilitator: 'Runs the room: edits everything, renames it and replaces links. Share only with co-hosts.',
  editor: 'Adds and changes things on the board, tempo map, references and backlog.',
  viewer: 'Sees and hears everything and shows up in the room, but can’t change anything.',
};

/** A small glyph per role: a star for running the room, a pencil for editing, an eye for watching. */
export function RoleIcon({ role, size = 16 }: { role: Role; size?: number }) {
  const common = {
    width: size,
    height: size,
    viewBox: '0 0 16 16',
    'aria-hidden': true,
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 1.5,
    strokeLinecap: 'round',
    strokeLinejoin: 'round',
  } as const;
  switch (role) {
    case 'facilitator':
      return (
        <svg {...common}>
          <path d="M8 1.8l1.9 3.9 4.3.6-3.1 3 .7 4.3L8 11.6l-3.8 2 .7-4.3-3.1-3 4.3-.6z" />
        </svg>
      );
    case 'editor':
      return (
        <svg {...common}>
          <path d="M10.8 2.2l3 3L5.5 13.5 2 14l.5-3.5z" />
          <path d="M9.3 3.7l3 3" />
        </svg>
      );
    case 'viewer':
      return (
        <svg {...common}>
          <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z" />
          <circle cx="8" cy="8" r="2" />
        </svg>
      );
  }
}
