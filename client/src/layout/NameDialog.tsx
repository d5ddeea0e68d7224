/** First visit in a room: ask what to call you, so others see a name next to your cursor. */
import { useState, type FormEvent } from 'react';
import { saveIdentity } from '../identity/identity.ts';
import type { PresenceUser } from '../room/presence.ts';

export function NameDialog({ onDone }: { onDone: (user: PresenceUser) => void }) {
  const [name, setName] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (name.trim()) onDone(saveIdentity(name));
  };
  return (
    <div className="rb-modal-backdrop">
      <form className="rb-modal" role="dialog" aria-modal="true" aria-labelledby="rb-name-title" onSubmit={submit}>
        <h2 id="rb-name-title">What should we call you?</h2>
        <p className="rb-muted">Your name appears next to your cursor and in the room’s “who is here” list.</p>
        <label className="rb-field">
          <span>Display name</span>
          <input autoFocus value={name} maxLength={40} placeholder="e.g. Sam on bass" onChange={(e) => setName(e.target.value)} />
        </label>
        <button className="rb-button rb-button-primary" type="submit" disabled={!name.trim()}>
          Join the room
        </button>
      </form>
    </div>
  );
}
