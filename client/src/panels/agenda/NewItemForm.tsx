/** Adds a timebox to the end of the agenda (Enter in either field adds it). */
import { useState } from 'react';
import { useFacilitationActions } from '../../facilitation/facilitationHooks.ts';

export function NewItemForm() {
  const act = useFacilitationActions();
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState('10');
  const valid = title.trim() !== '' && Number(minutes) >= 0.25 && Number(minutes) <= 480;
  return (
    <form
      className="rb-agenda-new"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        act.addItem(title, Math.round(Number(minutes) * 4) / 4);
        setTitle('');
      }}
    >
      <input
        aria-label="New item title"
        placeholder="Next timebox, e.g. Sketch the chorus"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <input
        aria-label="New item minutes"
        type="number"
        min={0.25}
        step={0.25}
        max={480}
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
      />
      <button type="submit" className="rb-button rb-button-primary" disabled={!valid}>
        Add
      </button>
    </form>
  );
}
