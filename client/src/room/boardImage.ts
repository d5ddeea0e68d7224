/**
 * The board as a picture (PNG or SVG), for controls outside the canvas. The canvas owns the
 * editor, so it provides the drawing here while it is mounted, and the room's chrome asks for it
 * without reaching into the canvas.
 */
import type { RoomConnection } from './RoomConnection.ts';

export type BoardImageFormat = 'png' | 'svg';

/** Draws the board's current page; null when there is nothing on it. */
export type BoardImageMaker = (format: BoardImageFormat) => Promise<Blob | null>;

const makers = new WeakMap<RoomConnection, BoardImageMaker>();

/** Registers the canvas's image maker for `room`; returns the call that withdraws it. */
export function provideBoardImage(room: RoomConnection, make: BoardImageMaker): () => void {
  makers.set(room, make);
  return () => {
    if (makers.get(room) === make) makers.delete(room);
  };
}

export class BoardImageError extends Error {}

/** The board as a file, or a {@link BoardImageError} with the sentence to show. */
export async function boardImage(room: RoomConnection, format: BoardImageFormat): Promise<Blob> {
  const make = makers.get(room);
  if (!make) throw new BoardImageError('The board is still loading; try again in a moment.');
  let blob: Blob | null;
  try {
    blob = await make(format);
  } catch {
    throw new BoardImageError(`The board could not be drawn as ${format.toUpperCase()}.`);
  }
  if (!blob) throw new BoardImageError('The board is empty: there is nothing to export yet.');
  return blob;
}
