/**
 * Creating rooms and reading their public info. A new room's document is stamped with the schema
 * version, creation time and title, and stored with the room in one step.
 */
import * as Y from 'yjs';
import { customAlphabet } from 'nanoid';
import { DEFAULT_TITLE, ROOM_ID_LENGTH, TITLE_MAX_LENGTH, initRoomDoc, readCreatedAt, readTitle } from '@riffboard/shared';
import type { DocStore } from '../persistence/DocStore.ts';
import type { RoomRegistry } from '../rooms/RoomRegistry.ts';

// nanoid's URL-safe alphabet, spelled out so ids always match isRoomId().
const newRoomId = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-', ROOM_ID_LENGTH);

export interface RoomInfo {
  readonly roomId: string;
  readonly title: string;
  readonly createdAt: number;
}

export async function createRoom(store: DocStore, requestedTitle: string | undefined, now = Date.now()): Promise<RoomInfo> {
  const title = requestedTitle?.trim().slice(0, TITLE_MAX_LENGTH) || DEFAULT_TITLE;
  const roomId = newRoomId();
  const doc = new Y.Doc();
  initRoomDoc(doc, title, now);
  await store.createRoom({ id: roomId, createdAt: now }, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return { roomId, title, createdAt: now };
}

/** Reads a room's info through the registry (loading it briefly if it is not in memory). */
export async function readRoomInfo(registry: RoomRegistry, roomId: string): Promise<RoomInfo> {
  const room = await registry.acquire(roomId);
  try {
    return { roomId, title: readTitle(room.doc), createdAt: readCreatedAt(room.doc) ?? 0 };
  } finally {
    registry.release(roomId);
  }
}
