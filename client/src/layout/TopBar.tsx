/** The room's top bar: where you are, whether you're live, who's with you, and the link to share. */
import type { ReactNode } from 'react';
import { Logo } from './Logo.tsx';

export function TopBar({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="rb-topbar">
      <Logo />
      <span className="rb-topbar-sep" aria-hidden="true" />
      <h1 className="rb-room-title" title={title}>
        {title}
      </h1>
      <div className="rb-topbar-right">{children}</div>
    </header>
  );
}
