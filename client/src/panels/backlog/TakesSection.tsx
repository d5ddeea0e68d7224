/**
 * The takes of an idea: list (newest first, best one starred), play a take's audio, add a take
 * with who played, tempo and key (prefilled from the linked section), rating, notes and optional
 * audio uploaded to the asset store.
 */
import { useState } from 'react';
import {
  acceptAttribute,
  addTake,
  markBestTake,
  readBestTakeId,
  readTakes,
  takeDefaults,
  updateTake,
  type IdeaCard,
  type Take,
  type TakeError,
} from '@riffboard/shared';
import { useCanEdit, useRoom } from '../../room/roomHooks.ts';
import { usePerson, useRoomPeople } from './backlogHooks.ts';
import { onTransactions, useObserved } from '../../room/useObserved.ts';
import { AssetUploadError, takeAudioSrc, uploadTakeAudio } from './takeAudio.ts';
import { PendingTakeRows } from './PendingTakeRows.tsx';
import { usePendingTakes } from '../../recording/roomPendingTakes.ts';
import { useRecorder, useRecorderState } from '../../recording/recordingHooks.ts';

/** Counts in on the shared transport and records a take for this idea (the record dock shows how it goes). */
function RecordTakeButton({ ideaId }: { ideaId: string }) {
  const recorder = useRecorder(useRoom());
  const { phase } = useRecorderState(recorder);
  return (
    <button
      type="button"
      className="rb-button rb-record-take"
      disabled={phase !== 'idle'}
      onClick={() => void recorder.record(ideaId)}
      title="Count in on the shared transport and record a take for this idea"
    >
      <span aria-hidden="true">●</span> Record take
    </button>
  );
}

function takeErrorText(e: TakeError): string {
  switch (e.code) {
    case 'invalid_bpm':
      return `Tempo must be between ${e.min} and ${e.max} BPM.`;
    case 'invalid_key':
      return `“${e.value}” isn’t a key Riffboard knows — try something like Am, F#, Bb or C.`;
    case 'invalid_rating':
      return 'Rating is 1 to 5 stars.';
    case 'unknown_idea':
      return 'This idea was deleted by someone else.';
    case 'unknown_take':
      return 'This take was deleted by someone else.';
    case 'invalid_placement':
      return 'That place on the song is outside bars 1–10,000.';
    case 'invalid_duration':
      return 'A take is between a moment and six hours long.';
  }
}

function Stars({ value, onChange, disabled }: { value: number | undefined; onChange(v: number | null): void; disabled: boolean }) {
  return (
    <span className="rb-stars" role="group" aria-label="Rating">
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          disabled={disabled}
          aria-label={`${n} star${n > 1 ? 's' : ''}`}
          aria-pressed={value === n}
          className={value !== undefined && n <= value ? 'rb-star-on' : ''}
          onClick={() => onChange(value === n ? null : n)}
        >
          ★
        </button>
      ))}
    </span>
  );
}

export function TakesSection({ card }: { card: IdeaCard }) {
  const room = useRoom();
  const { doc } = room;
  const canEdit = useCanEdit();
  const takes = useObserved(onTransactions(doc), () => readTakes(doc, card.id), [doc, card.id]);
  const bestId = useObserved(onTransactions(doc), () => readBestTakeId(doc, card.id) ?? null, [doc, card.id]);
  const [adding, setAdding] = useState(false);
  const pendingHere = usePendingTakes(room).some((t) => t.ideaId === card.id);
  return (
    <section className="rb-takes" aria-label="Takes" data-testid="takes">
      <div className="rb-takes-head">
        <h4>
          Takes <span className="rb-muted">{takes.length}</span>
        </h4>
        {canEdit && !adding && (
          <span className="rb-takes-actions">
            <RecordTakeButton ideaId={card.id} />
            <button type="button" className="rb-button" onClick={() => setAdding(true)}>
              + Add take
            </button>
          </span>
        )}
      </div>
      {adding && <AddTakeForm ideaId={card.id} onDone={() => setAdding(false)} />}
      {takes.length === 0 && !pendingHere && !adding && (
        <p className="rb-muted rb-small">No takes yet. After you play it, log the take here so the best one can be found again.</p>
      )}
      <PendingTakeRows ideaId={card.id} />
      <ol className="rb-take-list">
        {takes.map((t) => (
          <TakeRow key={t.id} take={t} ideaId={card.id} best={t.id === bestId} canEdit={canEdit} token={room.token} />
        ))}
      </ol>
    </section>
  );
}

function TakeRow({
  take,
  ideaId,
  best,
  canEdit,
  token,
}: {
  take: Take;
  ideaId: string;
  best: boolean;
  canEdit: boolean;
  token: string | null;
}) {
  const { doc } = useRoom();
  return (
    <li className={`rb-take${best ? ' rb-take-best' : ''}`} data-testid="take">
      <div className="rb-take-top">
        <strong>{take.title}</strong>
        {best && <span className="rb-best-badge">★ Best take</span>}
        <Stars value={take.rating} disabled={!canEdit} onChange={(v) => updateTake(doc, ideaId, take.id, { rating: v }, 'local')} />
      </div>
      <div className="rb-take-meta rb-muted">
        {take.bpm !== undefined && <span>{Math.round(take.bpm * 10) / 10} BPM</span>}
        {take.key && <span>{take.key}</span>}
        {take.players.length > 0 && <span>{take.players.join(', ')}</span>}
        <span>
          {take.createdBy} · {new Date(take.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </span>
      </div>
      {take.notes && <p className="rb-take-notes">{take.notes}</p>}
      {take.audio && (
        <audio className="rb-take-audio" controls preload="none" src={takeAudioSrc(take.audio, token)} aria-label={`Play ${take.title}`} />
      )}
      {canEdit && (
        <button type="button" className="rb-link-button" onClick={() => markBestTake(doc, ideaId, best ? null : take.id, 'local')}>
          {best ? 'Unmark best' : 'Mark as best'}
        </button>
      )}
    </li>
  );
}

function AddTakeForm({ ideaId, onDone }: { ideaId: string; onDone(): void }) {
  const room = useRoom();
  const { doc } = room;
  const person = usePerson();
  const people = useRoomPeople();
  const [defaults] = useState(() => takeDefaults(doc, ideaId));
  const [players, setPlayers] = useState(() => people.map((p) => p.name).join(', '));
  const [bpm, setBpm] = useState(defaults.bpm !== undefined ? String(defaults.bpm) : '');
  const [key, setKey] = useState(defaults.key ?? '');
  const [rating, setRating] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (): Promise<void> => {
    setError(null);
    const bpmValue = bpm.trim() === '' ? null : Number(bpm);
    if (bpmValue !== null && !Number.isFinite(bpmValue)) return setError('Tempo must be a number of BPM.');
    setBusy(true);
    try {
      const audio = file ? await uploadTakeAudio(room.roomId, room.token, file) : null;
      const result = addTake(
        doc,
        ideaId,
        { players: players.split(','), bpm: bpmValue, key: key.trim() || null, rating, notes, audio },
        person,
        'local',
      );
      if (!result.ok) return setError(takeErrorText(result.error));
      onDone();
    } catch (e) {
      setError(e instanceof AssetUploadError ? e.message : 'Something went wrong while saving the take.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="rb-take-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label="New take"
    >
      <label className="rb-field">
        <span>Who played</span>
        <input value={players} onChange={(e) => setPlayers(e.target.value)} placeholder="Ana, Ben, session drummer" />
      </label>
      <div className="rb-detail-row">
        <label className="rb-field">
          <span>Tempo (BPM)</span>
          <input inputMode="decimal" value={bpm} onChange={(e) => setBpm(e.target.value)} placeholder="—" />
        </label>
        <label className="rb-field">
          <span>Key</span>
          <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="e.g. Am" />
        </label>
        <div className="rb-field">
          <span>Rating</span>
          <Stars value={rating ?? undefined} onChange={setRating} disabled={false} />
        </div>
      </div>
      <label className="rb-field">
        <span>Notes</span>
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} placeholder="What worked, what didn’t" />
      </label>
      <label className="rb-field">
        <span>Audio (optional)</span>
        <input type="file" accept={acceptAttribute(['audio'])} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      {error && (
        <p className="rb-error rb-small" role="alert">
          {error}
        </p>
      )}
      <div className="rb-take-form-actions">
        <button type="button" className="rb-button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="rb-button rb-button-primary" disabled={busy}>
          {busy ? (file ? 'Uploading…' : 'Saving…') : 'Save take'}
        </button>
      </div>
    </form>
  );
}
