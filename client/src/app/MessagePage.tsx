/** A full-page message (no such room, server unreachable) with a way forward. */
import type { ReactNode } from 'react';
import { Logo } from '../ui/Logo.tsx';

export function MessagePage({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="rb-message-page">
      <Logo size="large" />
      <div className="rb-card rb-message-card" role="alert">
        <h1>{title}</h1>
        <div className="rb-muted">{children}</div>
        <div className="rb-actions">
          {actions}
          <a className="rb-button" href="/">
            Go to the home page
          </a>
        </div>
      </div>
    </div>
  );
}
