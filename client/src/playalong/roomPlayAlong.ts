/**
 * The room's play along: references placed on the timeline (`anchor` on the reference) playing
 * with the shared transport's click, through this person's mix. Lives as long as the room, like the
 * metronome. It reads the transport's view and its click mapping, the references' placements and
 * their decoded audio (downloaded once per room by the reference audio service).
 */
import { mixGains, observeTempoMap, observeTransport, references, type Reference } from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { PlayAlongAudio, type PlacedReference } from '../audio/PlayAlongAudio.ts';
import { roomTransport } from '../transport/roomTransport.ts';
import { loadStoredAudio } from '../references/referenceAudio.ts';
import { roomMix } from '../mix/roomMix.ts';

const placedOf = (refs: readonly Reference[]): PlacedReference[] =>
  refs.flatMap((r) => (r.kind === 'audio' && r.anchor && r.assetUrl ? [{ id: r.id, anchor: r.anchor }] : []));

function create(room: RoomConnection): { readonly audio: PlayAlongAudio; readonly off: () => void } {
  const transport = roomTransport(room);
  const refs = references(room.doc);
  const decoded = new Map<string, AudioBuffer>();
  const failed = new Set<string>();
  const loading = new Set<string>();
  let placed = placedOf(refs.list());
  const audio = new PlayAlongAudio(transport.engine, {
    read: () => transport.getView(),
    placed: () => placed,
    subscribe: (fn) => {
      // Placement changes only: a title edit or a comment must not cut what is playing.
      const sig = (): string => JSON.stringify(placed);
      const offs = [
        observeTempoMap(room.doc, fn),
        observeTransport(room.doc, fn),
        refs.observe(() => {
          const before = sig();
          placed = placedOf(refs.list());
          if (sig() !== before) fn();
        }),
      ];
      return () => offs.forEach((o) => o());
    },
    serverNow: () => transport.serverNow(),
    contextTimeFor: (ms) => transport.audio.contextTimeFor(ms),
    buffer: (id, onLoaded) => {
      const url = refs.get(id)?.assetUrl;
      if (url === undefined || failed.has(url)) return undefined;
      const buf = decoded.get(url);
      if (buf) return buf;
      if (!loading.has(url)) {
        loading.add(url);
        void loadStoredAudio(room, url)
          .then(
            (b) => {
              decoded.set(url, b);
              onLoaded();
            },
            () => failed.add(url), // undecodable or gone: the reference panel says so when played
          )
          .finally(() => loading.delete(url));
      }
      return undefined;
    },
    gainOf: (id) => mixGains(roomMix(room).get()).reference(id),
  });
  const off = roomMix(room).subscribe(() => audio.mixChanged());
  return { audio, off };
}

export const roomPlayAlong = perRoom(create, (p) => {
  p.off();
  p.audio.dispose();
});
