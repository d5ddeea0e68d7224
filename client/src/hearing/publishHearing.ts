/**
 * Tells the room what this person hears (shared `hearing.ts`): the song when the shared transport
 * plays and this device's audio runs, the references sounding here (the one listened to, those
 * playing along on the timeline) if their mix lets them through,
 * their click mute, and the audio context's output latency. Re-sent whenever one of those changes,
 * and checked once a second for what changes without an event (the song reaching its end, the
 * output device's latency); an unchanged value is not sent again.
 */
import { latencyMsOf, referenceAudible, transportAt, type Hearing } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { setLocalHearing } from '../room/presence.ts';
import { roomTransport } from '../transport/roomTransport.ts';
import { referencePlayer } from '../references/referenceAudio.ts';
import { roomMix } from '../mix/roomMix.ts';
import { roomPlayAlong } from '../playalong/roomPlayAlong.ts';

const RECHECK_MS = 1000;

/** Starts publishing; returns the function that stops it. */
export function publishHearing(room: RoomConnection): () => void {
  const transport = roomTransport(room);
  const player = referencePlayer(room);
  const mix = roomMix(room);
  const playAlong = roomPlayAlong(room);
  const { engine } = transport;
  const read = (): Hearing => {
    const running = engine.getRunning();
    const view = transport.getView();
    const phase = transportAt(view.timeline, view.state, transport.serverNow()).phase;
    const p = player.getState();
    const m = mix.get();
    return {
      song: running && (phase === 'playing' || phase === 'countIn'),
      references: running
        ? [...new Set([...(p.playing && p.referenceId !== undefined ? [p.referenceId] : []), ...playAlong.soundingReferences()])].filter(
            (id) => referenceAudible(m, id),
          )
        : [],
      clickMuted: m.click.muted,
      latencyMs: latencyMsOf(engine.raw.outputLatency, engine.raw.baseLatency),
    };
  };
  const publish = (): void => setLocalHearing(room.provider.awareness, read());
  const offs = [
    transport.subscribe(publish),
    player.subscribe(publish),
    mix.subscribe(publish),
    engine.subscribe(publish),
    playAlong.audio.subscribe(publish),
  ];
  const timer = window.setInterval(publish, RECHECK_MS);
  publish();
  return () => {
    window.clearInterval(timer);
    for (const off of offs) off();
  };
}
