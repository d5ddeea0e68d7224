/**
 * The one registry for objects that live as long as an open room (its transport, reference
 * player, backlog view, undo managers): created on first use, keyed by the `RoomConnection`, and
 * disposed when the room closes, so a component that unmounts never takes a room's audio with it.
 */
import type { RoomConnection } from './RoomConnection.ts';

/** A getter that returns the room's one instance, made by `create` and handed to `dispose` when the room closes. */
export function perRoom<T>(create: (room: RoomConnection) => T, dispose: (value: T) => void): (room: RoomConnection) => T {
  const instances = new WeakMap<RoomConnection, T>();
  return (room) => {
    if (instances.has(room)) return instances.get(room) as T;
    const created = create(room);
    instances.set(room, created);
    room.onDestroy(() => {
      instances.delete(room);
      dispose(created);
    });
    return created;
  };
}
