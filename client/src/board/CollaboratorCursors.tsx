/**
 * Other people's cursors on the canvas, drawn in front of it. Positions travel in page space
 * (see presence.ts) and are mapped to this tab's viewport, so they follow pan and zoom.
 */
import { useEditor, useValue } from 'tldraw';
import { usePeers, useRoom } from '../room/roomHooks.ts';

export function CollaboratorCursors() {
  const editor = useEditor();
  const room = useRoom();
  const peers = usePeers(room);
  // Re-render when the camera or viewport moves; the cursor positions themselves come from peers.
  useValue('camera', () => ({ ...editor.getCamera(), ...editor.getViewportScreenBounds() }), [editor]);
  return (
    <div className="rb-cursors" aria-hidden="true">
      {peers.map((p) => {
        if (p.isSelf || !p.cursor) return null;
        const at = editor.pageToViewport(p.cursor);
        return (
          <div key={p.clientId} className="rb-cursor" style={{ transform: `translate(${at.x}px, ${at.y}px)`, color: p.user.color }}>
            <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
              <path
                d="M2 1.5 L15.5 9 L9.2 10.4 L6.2 16.3 Z"
                fill="currentColor"
                stroke="#0d0c12"
                strokeWidth="1.2"
                strokeLinejoin="round"
              />
            </svg>
            <span className="rb-cursor-label" style={{ background: p.user.color }}>
              {p.user.name}
            </span>
          </div>
        );
      })}
    </div>
  );
}
