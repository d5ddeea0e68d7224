/**
 * A small line icon per side panel, drawn on a 16-unit grid in the tab's text colour, so six tabs
 * read at a glance in the width one long name used to take.
 */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

/** A metronome. */
export const TempoIcon = (
  <Icon>
    <path d="M6 2h4l3 12H3z" />
    <path d="M8 11l3.5-6.5" />
  </Icon>
);

/** Two beamed notes: the room's recordings and mixes. */
export const ReferencesIcon = (
  <Icon>
    <path d="M6 12V3.5l7-1.5v8.5" />
    <circle cx="4.3" cy="12" r="1.8" />
    <circle cx="11.3" cy="10.5" r="1.8" />
  </Icon>
);

/** A list of ideas. */
export const BacklogIcon = (
  <Icon>
    <path d="M6 4h8M6 8h8M6 12h8" />
    <path d="M2.5 4h.01M2.5 8h.01M2.5 12h.01" strokeWidth="2" />
  </Icon>
);

/** A clock: the session's timed plan. */
export const AgendaIcon = (
  <Icon>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 4.5V8l2.5 1.5" />
  </Icon>
);

/** A stack of saved copies. */
export const VersionsIcon = (
  <Icon>
    <rect x="2" y="5" width="9" height="9" rx="1.5" />
    <path d="M5 2.5h7A1.5 1.5 0 0 1 13.5 4v7" />
  </Icon>
);

/** A pulse line: what has been happening. */
export const ActivityIcon = (
  <Icon>
    <path d="M1.5 8.5h3l2-5 3 9 2-4h3" />
  </Icon>
);
