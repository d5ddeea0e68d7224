/**
 * The takes of an idea: list (newest first, best one starred) with who played, tempo, key,
 * section, length, place on the song and waveform; audition a take alone (its own player), or on
 * the shared transport with the click and the idea's other placed takes (backlog SPEC B10: each
 * person chooses which takes they hear); who is recording a take for this idea now (B11); add a
 * take with who played, tempo and key (prefilled from the linked section), rating, notes and
 * optional audio uploaded to the asset store, placed on a bar if it was played to the song; or
 * record one (Record take: the recorder in `recording/`).
 */
import { useState } from 'react';
import {
  acceptAttribute,
  addTake,
  isPlaceable,
  markBestTake,
  readBestTakeId,
  readTakes,
  takeDefaults,
  takePlaceFacts,
  updateTake,
  type IdeaCard,
  type Take,
  type TakeError,
} from '@riffboard/shared';
import { useCanEdit, usePeers, useRoom } from '../../room/roomHooks.ts';
import { usePerson, useRoomPeople } from './backlogHooks.ts';
import { onTransactions, useObserved } from '../../room/useObserved.ts';
import { AssetUploadError, takeAudioSrc, uploadTakeAudio } from './takeAudio.ts';
import { useHeardTakes, useSoundingTakes, useTakeAudioState } from '../../playalong/playAlongHooks.ts';
import { useRoomTransport } from '../../transport/transportHooks.ts';
import { playFromBar } from '../../transport/transportActions.ts';
import { takeFileFacts, type TakeFileFacts } from '../../recording/takeLevels.ts';
import { DecodeError } from '../../audio/audioDecode.ts';
import { TakeWaveform } from './TakeWaveform.tsx';
import { TakeMix } from './TakeMix.tsx';
import { PendingTakeRows } from './PendingTakeRows.tsx';
import { usePendingTakes } from '../../recording/roomPendingTakes.ts';
import { useRecorder, useRecorderState } from '../../recording/recordingHooks.ts';

/** A take's length as m:ss (tenths under ten seconds, where they matter). */
function lengthText(seconds: number): string {
  if (seconds < 10) return `0:0${seconds.toFixed(1)}`;
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Where a take sits on the song, in the words of the references' placement. */
function placementText(p: NonNullable<Take['placement']>): string {
  const at = `bar ${p.bar}, beat ${p.beat}`;
  if (p.fileSeconds === 0) return `Starts on ${at}`;
  const sign = p.fileSeconds < 0 ? '−' : '';
  return `${sign}${lengthText(Math.abs(p.fileSeconds))} in is ${at}`;
}

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
  const { heard, store } = useHeardTakes(room);
  const sounding = useSoundingTakes(room);
  const recording = usePeers(room).filter((p) => !p.isSelf && p.recording?.ideaId === card.id);
  const [adding, setAdding] = useState(false);
  const placeable = takes.filter(isPlaceable).map((t) => t.id);
  const allHeard = placeable.length > 0 && placeable.every((id) => heard.includes(id));
  const pendingHere = usePendingTakes(room).some((t) => t.ideaId === card.id);
  return (
    <section className="rb-takes" aria-label="Takes" data-testid="takes">
      <div className="rb-takes-head">
        <h4>
          Takes <span className="rb-muted">{takes.length}</span>
        </h4>
        {placeable.length > 1 && (
          <button
            type="button"
            className="rb-button rb-take-hear-all"
            aria-pressed={allHeard}
            title="Hear every placed take of this idea with the click when the transport plays (only you)"
            onClick={() => store.set(placeable, !allHeard)}
          >
            {allHeard ? 'Hearing all on the bar' : 'Hear all on the bar'}
          </button>
        )}
        {canEdit && !adding && (
          <span className="rb-takes-actions">
            <RecordTakeButton ideaId={card.id} />
            <button type="button" className="rb-button" onClick={() => setAdding(true)}>
              + Add take
            </button>
          </span>
        )}
      </div>
      {recording.map((p) => (
        <p key={p.clientId} className="rb-take-recording" role="status" data-testid="take-recording">
          <span className="rb-rec-dot" aria-hidden="true" style={{ background: p.user.color }} /> {p.user.name} is recording a take…
        </p>
      ))}
      {adding && <AddTakeForm ideaId={card.id} onDone={() => setAdding(false)} />}
      {takes.length === 0 && !pendingHere && !adding && (
        <p className="rb-muted rb-small">No takes yet. After you play it, log the take here so the best one can be found again.</p>
      )}
      <PendingTakeRows ideaId={card.id} />
      <ol className="rb-take-list">
        {takes.map((t) => (
          <TakeRow
            key={t.id}
            take={t}
            ideaId={card.id}
            best={t.id === bestId}
            canEdit={canEdit}
            token={room.token}
            heard={heard.includes(t.id)}
            sounding={sounding.includes(t.id)}
            onHear={(on) => store.set([t.id], on)}
          />
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
  heard,
  sounding,
  onHear,
}: {
  take: Take;
  ideaId: string;
  best: boolean;
  canEdit: boolean;
  token: string | null;
  heard: boolean;
  sounding: boolean;
  onHear(on: boolean): void;
}) {
  const room = useRoom();
  const { doc } = room;
  const transport = useRoomTransport(room);
  const placed = isPlaceable(take) ? take.placement : undefined;
  const audioState = useTakeAudioState(room, heard && placed ? take.audio?.url : undefined);
  return (
    <li
      className={`rb-take${best ? ' rb-take-best' : ''}`}
      data-testid="take"
      data-take-id={take.id}
      data-audio-state={heard && placed ? audioState : 'idle'}
    >
      <div className="rb-take-top">
        <strong>{take.title}</strong>
        {best && <span className="rb-best-badge">★ Best take</span>}
        {sounding && (
          <span className="rb-take-sounding" data-testid="take-sounding">
            ♪ on the bar
          </span>
        )}
        <Stars value={take.rating} disabled={!canEdit} onChange={(v) => updateTake(doc, ideaId, take.id, { rating: v }, 'local')} />
      </div>
      <div className="rb-take-meta rb-muted" data-testid="take-meta">
        {take.players.length > 0 && <span data-testid="take-players">Played by {take.players.join(', ')}</span>}
        {take.bpm !== undefined && <span>{Math.round(take.bpm * 10) / 10} BPM</span>}
        {take.key && <span>{take.key}</span>}
        {take.section && <span data-testid="take-section">{take.section}</span>}
        {take.durationSeconds !== undefined && <span data-testid="take-length">{lengthText(take.durationSeconds)}</span>}
        {take.placement && <span data-testid="take-placement">{placementText(take.placement)}</span>}
        <span>
          {take.createdBy} · {new Date(take.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </span>
      </div>
      <TakeWaveform take={take} sounding={sounding} />
      {placed && heard && audioState === 'failed' && (
        <p className="rb-error rb-small" role="alert">
          This take’s audio couldn’t be downloaded or read, so it can’t play on the bar. Reload the page to try again.
        </p>
      )}
      {take.notes && <p className="rb-take-notes">{take.notes}</p>}
      {take.audio && (
        <audio
          className="rb-take-audio"
          controls
          preload="none"
          src={takeAudioSrc(take.audio, token)}
          aria-label={`Play ${take.title} alone`}
        />
      )}
      <div className="rb-take-actions">
        {placed && (
          <button
            type="button"
            className="rb-button rb-take-hear"
            aria-pressed={heard}
            title="Hear this take with the click whenever the shared transport plays (only you hear it)"
            onClick={() => onHear(!heard)}
          >
            {heard ? '✓ Hearing on the bar' : 'Hear on the bar'}
          </button>
        )}
        {placed && heard && <TakeMix takeId={take.id} title={take.title} />}
        {placed && heard && audioState === 'loading' && (
          <span className="rb-muted rb-small" role="status">
            Loading the take…
          </span>
        )}
        {placed && canEdit && (
          <button
            type="button"
            className="rb-button"
            title="Start the shared transport at the take’s bar, for everyone, and hear the take with the click"
            onClick={() => {
              onHear(true);
              playFromBar(transport, placed.bar);
            }}
          >
            ▶ From bar {placed.bar} for everyone
          </button>
        )}
        {canEdit && (
          <button type="button" className="rb-link-button" onClick={() => markBestTake(doc, ideaId, best ? null : take.id, 'local')}>
            {best ? 'Unmark best' : 'Mark as best'}
          </button>
        )}
      </div>
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
  const [bar, setBar] = useState('');
  const [beat, setBeat] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (): Promise<void> => {
    setError(null);
    const bpmValue = bpm.trim() === '' ? null : Number(bpm);
    if (bpmValue !== null && !Number.isFinite(bpmValue)) return setError('Tempo must be a number of BPM.');
    const placement = bar.trim() === '' ? null : { bar: Number(bar), beat: Number(beat.trim() || '1'), fileSeconds: 0 };
    if (placement && !file) return setError('Add the audio file to place the take on a bar.');
    if (placement && !(Number.isInteger(placement.bar) && Number.isInteger(placement.beat)))
      return setError('The bar and beat the take starts on are whole numbers, like bar 5, beat 1.');
    setBusy(true);
    try {
      // Length and waveform come from the file itself, so everybody sees them before anyone downloads it.
      const facts: TakeFileFacts | null = file ? await takeFileFacts(file) : null;
      const audio = file ? await uploadTakeAudio(room.roomId, room.token, file) : null;
      // Placed on a bar: the song says which section that is, and its tempo and key unless typed (B12).
      const place = placement ? takePlaceFacts(doc, placement) : {};
      const result = addTake(
        doc,
        ideaId,
        {
          players: players.split(','),
          bpm: bpmValue ?? place.bpm ?? null,
          key: key.trim() || place.key || null,
          section: place.section ?? null,
          rating,
          notes,
          audio,
          placement,
          durationSeconds: facts?.durationSeconds ?? null,
          peaks: facts?.peaks ?? null,
        },
        person,
        'local',
      );
      if (!result.ok) return setError(takeErrorText(result.error));
      onDone();
    } catch (e) {
      setError(e instanceof AssetUploadError || e instanceof DecodeError ? e.message : 'Something went wrong while saving the take.');
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
      <div className="rb-detail-row">
        <label className="rb-field">
          <span>Starts on bar</span>
          <input inputMode="numeric" value={bar} onChange={(e) => setBar(e.target.value)} placeholder="not placed" />
        </label>
        <label className="rb-field">
          <span>Beat</span>
          <input inputMode="numeric" value={beat} onChange={(e) => setBeat(e.target.value)} />
        </label>
      </div>
      <p className="rb-muted rb-small">
        Played along to the song? Say the bar its first moment is, and it can play with the click for anyone who wants to hear it.
      </p>
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
