/** "You": change the name and colour others see, opened from your own avatar. */
import { useState, type FormEvent } from 'react';
import { PALETTE, initials } from '../identity/identity.ts';
import { saveProfile } from '../identity/profile.ts';
import type { PresenceUser } from '../room/presence.ts';
import { CloseButton, Modal } from '../ui/Modal.tsx';

export function ProfileDialog({
  user,
  onSave,
  onClose,
}: {
  user: PresenceUser;
  onSave: (user: PresenceUser) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState(user.name);
  const [color, setColor] = useState(user.color);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) return;
    onSave(saveProfile(name, color));
    onClose();
  };
  return (
    <Modal labelledBy="rb-profile-title" onClose={onClose} className="rb-profile-dialog">
      <form onSubmit={submit} className="rb-profile-form">
        <header className="rb-share-head">
          <h2 id="rb-profile-title">How others see you</h2>
          <CloseButton onClose={onClose} />
        </header>
        <div className="rb-profile-preview" aria-hidden="true">
          <span className="rb-avatar rb-avatar-lg" style={{ background: color }}>
            {initials(name || '?')}
          </span>
          <span className="rb-profile-name">{name.trim() || 'Your name'}</span>
        </div>
        <label className="rb-field">
          <span>Display name</span>
          <input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-autofocus />
        </label>
        <fieldset className="rb-swatches">
          <legend>Colour</legend>
          {PALETTE.map((c) => (
            <label key={c} className="rb-swatch" style={{ background: c }}>
              <input
                type="radio"
                name="rb-colour"
                value={c}
                checked={c === color}
                onChange={() => setColor(c)}
                aria-label={`Colour ${c}`}
              />
            </label>
          ))}
        </fieldset>
        <p className="rb-muted rb-profile-hint">If someone in the room already wears this colour, you get the next free one.</p>
        <div className="rb-share-confirm-actions">
          <button type="button" className="rb-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="rb-button rb-button-primary" disabled={!name.trim()}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
