/** The room's top bar: where you are, whether you're live, who's with you, and sharing. */
import type { ReactNode } from 'react';
import { Logo } from '../ui/Logo.tsx';
import './roomChrome.css';

export function TopBar({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <header className="rb-topbar">
      <Logo />
      <span className="rb-topbar-sep" aria-hidden="true" />
      {title}
      <div className="rb-topbar-right">{children}</div>
    </header>
  );
}
