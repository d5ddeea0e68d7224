/**
 * The Backlog side panel. A five-column board doesn't fit 340 px, so like Trello's board view and
 * FigJam's expanded widgets the panel can open the board full width over the canvas (⤢, remembered
 * per browser); docked, it shows one column at a time. On a phone the panel is already a
 * full-screen sheet, so there is nothing to expand and the board always stays in it.
 */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { BacklogBoard } from './BacklogBoard.tsx';
import { PHONE_QUERY, useMediaQuery } from '../../ui/useMediaQuery.ts';
import '../../styles/backlog.css';

const WIDE_KEY = 'riffboard:backlog-wide';

function readWide(): boolean {
  try {
    return localStorage.getItem(WIDE_KEY) === '1';
  } catch {
    return false;
  }
}

export function BacklogPanel() {
  const [wide, setWide] = useState(readWide);
  useEffect(() => {
    try {
      localStorage.setItem(WIDE_KEY, wide ? '1' : '0');
    } catch {
      // Not remembered; nothing else depends on it.
    }
  }, [wide]);
  const toggle = (): void => setWide((w) => !w);
  const phone = useMediaQuery(PHONE_QUERY);
  if (!wide || phone) return <BacklogBoard wide={false} onToggleWide={toggle} />;
  return (
    <>
      <div className="rb-backlog-docked-note">
        <p className="rb-muted">The backlog is open as a full board.</p>
        <button type="button" className="rb-button" onClick={toggle}>
          Dock it here
        </button>
      </div>
      {createPortal(
        <div className="rb-backlog-overlay" data-testid="backlog-overlay">
          <BacklogBoard wide onToggleWide={toggle} />
        </div>,
        document.body,
      )}
    </>
  );
}
