/**
 * The room's play along: references placed on the timeline (`anchor` on the reference) and the
 * recorded takes this person chose to hear (backlog SPEC B10, `placement` on the take) playing
 * with the shared transport's click, through this person's mix. Lives as long as the room, like the
 * metronome. It reads the transport's view and its click mapping, the placements and their
 * decoded audio (downloaded once per room by the reference audio service).
 *
 * References and takes share one scheduler; their ids are kept apart by a prefix on takes
 * ({@link TAKE_PREFIX}), so a take's gain and buffer are looked up by what it is.
 */
import {
  heardPlacedTakes,
  mixGains,
  observeBacklog,
  observeTempoMap,
  observeTransport,
  placedTakes,
  references,
  type Reference,
} from '@riffboard/shared';
import type { RoomConnection } from '../room/RoomConnection.ts';
import { perRoom } from '../room/perRoom.ts';
import { PlayAlongAudio, type PlacedSound } from '../audio/PlayAlongAudio.ts';
import { roomTransport } from '../transport/roomTransport.ts';
import { loadStoredAudio } from '../references/referenceAudio.ts';
import { roomMix } from '../mix/roomMix.ts';
import { heardTakes } from './heardTakes.ts';

const TAKE_PREFIX = 'take:';

const placedRefs = (refs: readonly Reference[]): PlacedSound[] =>
  refs.flatMap((r) => (r.kind === 'audio' && r.anchor && r.assetUrl ? [{ id: r.id, anchor: r.anchor }] : []));

export type TakeAudioState = 'ready' | 'loading' | 'failed' | 'idle';

interface RoomPlayAlong {
  readonly audio: PlayAlongAudio;
  /** Ids of the placed references queued or sounding now (for presence). */
  readonly soundingReferences: () => readonly string[];
  /** Ids of the chosen takes queued or sounding now. */
  readonly soundingTakes: () => readonly string[];
  /** Whether a take's audio (by its asset address) is ready to play on the bar here, loading, or could not be read. */
  readonly audioState: (url: string) => TakeAudioState;
  /** Calls back when a file starts or finishes loading. */
  readonly subscribeLoads: (l: () => void) => () => void;
  readonly off: () => void;
}

function create(room: RoomConnection): RoomPlayAlong {
  const transport = roomTransport(room);
  const refs = references(room.doc);
  const heard = heardTakes(room);
  const decoded = new Map<string, AudioBuffer>();
  const failed = new Set<string>();
  const loading = new Set<string>();
  const readTakes = (): { sounds: PlacedSound[]; urls: Map<string, string> } => {
    const chosen = heardPlacedTakes(placedTakes(room.doc), heard.get());
    return {
      sounds: chosen.map((t) => ({ id: TAKE_PREFIX + t.takeId, anchor: t.anchor })),
      urls: new Map(chosen.map((t) => [TAKE_PREFIX + t.takeId, t.audioUrl])),
    };
  };
  const loadListeners = new Set<() => void>();
  const loaded = (): void => loadListeners.forEach((l) => l());
  /** Downloads and decodes a file once; `onLoaded` runs when it is ready. */
  const load = (url: string, onLoaded: () => void = () => undefined): void => {
    if (loading.has(url) || decoded.has(url) || failed.has(url)) return;
    loading.add(url);
    loaded();
    void loadStoredAudio(room, url)
      .then(
        (b) => {
          decoded.set(url, b);
          onLoaded();
        },
        () => failed.add(url), // undecodable or gone: the reference panel or the take's row says so
      )
      .finally(() => {
        loading.delete(url);
        loaded();
      });
  };
  let refSounds = placedRefs(refs.list());
  let takes = readTakes();
  let placed = [...refSounds, ...takes.sounds];
  const urlOf = (id: string): string | undefined => (id.startsWith(TAKE_PREFIX) ? takes.urls.get(id) : refs.get(id)?.assetUrl);
  const audio = new PlayAlongAudio(transport.engine, {
    read: () => transport.getView(),
    placed: () => placed,
    subscribe: (fn) => {
      // Placement changes only: a title edit, a rating or a comment must not cut what is playing.
      const sig = (): string => JSON.stringify([placed, [...takes.urls]]);
      const refresh = (): void => {
        const before = sig();
        refSounds = placedRefs(refs.list());
        takes = readTakes();
        placed = [...refSounds, ...takes.sounds];
        // A chosen take is fetched at once, not at the next start: it is ready when the song plays.
        for (const url of takes.urls.values()) load(url, fn);
        if (sig() !== before) fn();
      };
      const offs = [
        observeTempoMap(room.doc, fn),
        observeTransport(room.doc, fn),
        refs.observe(refresh),
        observeBacklog(room.doc, refresh),
        heard.subscribe(refresh),
      ];
      return () => offs.forEach((o) => o());
    },
    serverNow: () => transport.serverNow(),
    contextTimeFor: (ms) => transport.audio.contextTimeFor(ms),
    buffer: (id, onLoaded) => {
      const url = urlOf(id);
      if (url === undefined || failed.has(url)) return undefined;
      const buf = decoded.get(url);
      if (buf) return buf;
      load(url, onLoaded);
      return undefined;
    },
    gainOf: (id) => mixGains(roomMix(room).get()).reference(id.startsWith(TAKE_PREFIX) ? id.slice(TAKE_PREFIX.length) : id),
  });
  for (const url of takes.urls.values()) load(url); // chosen before this page load: ready by the first start
  const off = roomMix(room).subscribe(() => audio.mixChanged());
  return {
    audio,
    soundingReferences: () => audio.sounding().filter((id) => !id.startsWith(TAKE_PREFIX)),
    soundingTakes: () => audio.sounding().flatMap((id) => (id.startsWith(TAKE_PREFIX) ? [id.slice(TAKE_PREFIX.length)] : [])),
    audioState: (url) => (decoded.has(url) ? 'ready' : failed.has(url) ? 'failed' : loading.has(url) ? 'loading' : 'idle'),
    subscribeLoads: (l) => {
      loadListeners.add(l);
      return () => loadListeners.delete(l);
    },
    off: () => {
      off();
      loadListeners.clear();
    },
  };
}

export const roomPlayAlong = perRoom(create, (p) => {
  p.off();
  p.audio.dispose();
});
