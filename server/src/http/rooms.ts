/**
 * Creating rooms, reading their public info, and minting their capability links. A new room's
 * document is stamped with the schema version, creation time and title, and stored with the room
 * in one step. Links are app paths (`/r/<roomId>?token=…`); the client prefixes its own origin.
 */
import * as Y from 'yjs';
import { customAlphabet } from 'nanoid';
import {
  DEFAULT_TITLE,
  ROLES,
  ROOM_ID_LENGTH,
  TITLE_MAX_LENGTH,
  initRoomDoc,
  readCreatedAt,
  readTitle,
  roleAtLeast,
  type Role,
} from '@riffboard/shared';
import type { DocStore, RoomRecord } from '../persistence/DocStore.ts';
import type { RoomRegistry } from '../rooms/RoomRegistry.ts';
import type { LinkTokens } from '../auth/linkTokens.ts';

// nanoid's URL-safe alphabet, spelled out so ids always match isRoomId().
export const newRoomId = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-', ROOM_ID_LENGTH);

export interface RoomInfo {
  readonly roomId: string;
  readonly title: string;
  readonly createdAt: number;
}

export type RoomLinks = Partial<Record<Role, string>>;

/** A title as rooms keep it: trimmed, bounded, never empty. */
export function roomTitle(requested: string | undefined): string {
  return requested?.trim().slice(0, TITLE_MAX_LENGTH) || DEFAULT_TITLE;
}

export async function createRoom(store: DocStore, requestedTitle: string | undefined, now = Date.now()): Promise<RoomInfo> {
  const title = roomTitle(requestedTitle);
  const roomId = newRoomId();
  const doc = new Y.Doc();
  initRoomDoc(doc, title, now);
  await store.createRoom({ id: roomId, createdAt: now }, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return { roomId, title, createdAt: now };
}

export function linkPath(roomId: string, token: string): string {
  return `/r/${roomId}?token=${encodeURIComponent(token)}`;
}

/** Links for every role up to `upTo`: people can share their own level of access or less. */
export async function mintLinks(tokens: LinkTokens, room: RoomRecord, upTo: Role): Promise<RoomLinks> {
  const links: RoomLinks = {};
  for (const role of ROLES) {
    if (!roleAtLeast(upTo, role)) continue;
    const gen = role === 'facilitator' ? 1 : room.linkGenerations[role];
    links[role] = linkPath(room.id, await tokens.issue({ room: room.id, role, gen }));
  }
  return links;
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
