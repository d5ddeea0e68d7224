/**
 * The first varint of every binary message on a sync connection: y-websocket's message types.
 * The stock provider sends and understands 0–3; types Riffboard adds must be ones the stock
 * provider ignores, so a plain y-websocket client still works in a room.
 */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Riffboard's clock exchange (see clockMessages.ts). The server only ever sends it in answer to
   * a client that asked, so a stock provider, which does not know it, never receives one.
   */
  clock: 100,
  /**
   * A change too large for one message, in parts, and the server's refusal of one no room could
   * accept (see updateParts.ts). Only Riffboard's client sends parts, so only it is ever refused.
   */
  parts: 101,
  /**
   * The server's document schema, sent first to a client that announced its own (see
   * schemaAnnounce.ts). Only Riffboard's client announces, so only it ever receives one.
   */
  schema: 102,
} as const;

export type MessageType = (typeof MESSAGE)[keyof typeof MESSAGE];
