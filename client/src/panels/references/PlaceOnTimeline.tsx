/**
 * "Place on the timeline" (play along, shared SPEC P1–P2): an audio reference gets one anchor — file
 * time F is bar B, beat b — and from then on plays with the click whenever the shared transport
 * plays. Ways in: a bar and beat for the file's start, the song's playhead, or "this moment is
 * bar 1" (the file time at the reference's own playhead becomes bar 1 beat 1); then nudge by
 * milliseconds until the two sound together. Viewers see the placement, read-only.
 */
import { useState } from 'react';
import { anchorFor, placeReference, type Reference, type ReferenceAnchor } from '@riffboard/shared';
import type { RoomConnection } from '../../room/RoomConnection.ts';
import { usePlayhead as useTransportPlayhead, useRoomTransport, useTransportView } from '../../transport/transportHooks.ts';

const NUDGES_MS = [-10, -1, 1, 10] as const;

/** "0:01.250" for file times; negative when the file starts after its anchor. */
function fileTime(s: number): string {
  const sign = s < 0 ? '−' : '';
  const a = Math.abs(s);
  const m = Math.floor(a / 60);
  return `${sign}${m}:${(a - m * 60).toFixed(3).padStart(6, '0')}`;
}

export function PlaceOnTimeline({
  room,
  reference,
  canEdit,
  filePosition,
}: {
  readonly room: RoomConnection;
  readonly reference: Reference;
  readonly canEdit: boolean;
  /** The reference's own playhead (seconds into the file). */
  readonly filePosition: number;
}) {
  const transport = useRoomTransport(room);
  const view = useTransportView(transport);
  const songNow = useTransportPlayhead(transport, view);
  const anchor = reference.anchor;
  const [bar, setBar] = useState(String(anchor?.bar ?? 1));
  const [beat, setBeat] = useState(String(anchor?.beat ?? 1));
  const [error, setError] = useState<string | undefined>();
  const place = (a: ReferenceAnchor | undefined): void => {
    setError(undefined);
    placeReference(room.doc, reference.id, a, 'local');
    if (a) {
      setBar(String(a.bar));
      setBeat(String(a.beat));
    }
  };
  const placeAtFields = (): void => {
    const b = Number(bar);
    const bt = Number(beat);
    if (!Number.isInteger(b) || b < 1 || !Number.isInteger(bt) || bt < 1 || bt > 64) {
      setError('Bar and beat are whole numbers from 1 (a beat up to 64).');
      return;
    }
    place({ bar: b, beat: bt, fileSeconds: anchor?.fileSeconds ?? 0 });
  };

  return (
    <section className="rb-place" data-testid="place-on-timeline" aria-label="Place on the timeline">
      <h4>Play along</h4>
      {anchor ? (
        <p className="rb-place-status" data-testid="placement">
          File <b>{fileTime(anchor.fileSeconds)}</b> is bar <b>{anchor.bar}</b>, beat <b>{anchor.beat}</b>: it plays with the click when the
          room’s transport plays.
        </p>
      ) : (
        <p className="rb-muted">Not on the timeline. Place it to hear it with the click, for everybody, from any bar and in loops.</p>
      )}
      {canEdit && (
        <>
          <form
            className="rb-place-row"
            onSubmit={(e) => {
              e.preventDefault();
              placeAtFields();
            }}
          >
            <label>
              Bar <input type="number" min={1} value={bar} onChange={(e) => setBar(e.target.value)} aria-label="Anchor bar" />
            </label>
            <label>
              Beat <input type="number" min={1} max={64} value={beat} onChange={(e) => setBeat(e.target.value)} aria-label="Anchor beat" />
            </label>
            <button type="submit" className="rb-primary">
              {anchor ? 'Move' : 'Place on the timeline'}
            </button>
          </form>
          <div className="rb-place-row">
            <button
              type="button"
              onClick={() => place({ bar: songNow.position.bar, beat: songNow.position.beat, fileSeconds: 0 })}
              title="The file’s start goes where the song’s playhead is"
            >
              Start at the playhead (bar {songNow.position.bar}.{songNow.position.beat})
            </button>
            <button
              type="button"
              onClick={() => place(anchorFor(view.timeline, 1, 1, filePosition, 0))}
              title="The moment at the reference’s playhead becomes bar 1, beat 1"
            >
              This moment ({fileTime(filePosition)}) is bar 1
            </button>
          </div>
          {anchor && (
            <div className="rb-place-row" role="group" aria-label="Nudge">
              <span className="rb-muted">Nudge</span>
              {NUDGES_MS.map((ms) => (
                <button
                  key={ms}
                  type="button"
                  // Later = the file sounds later against the click: an earlier file time at the anchor.
                  onClick={() => place({ ...anchor, fileSeconds: anchor.fileSeconds - ms / 1000 })}
                  aria-label={`Nudge ${Math.abs(ms)} ms ${ms > 0 ? 'later' : 'earlier'}`}
                >
                  {ms > 0 ? `+${ms}` : `−${-ms}`} ms
                </button>
              ))}
              <button type="button" className="rb-place-off" onClick={() => place(undefined)}>
                Take off the timeline
              </button>
            </div>
          )}
          {error && (
            <p className="rb-ref-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </section>
  );
}
