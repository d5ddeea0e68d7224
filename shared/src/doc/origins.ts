/**
 * Every write to a room's Y.Doc names where it came from, as the transaction origin.
 *
 * That is how echo loops are prevented: the server does not persist what it just loaded
 * (`persistence`) nor rebroadcast what fan-out delivered (`fanout`), and the client does not feed
 * a remote change (`remote`) back into the tldraw store it came from.
 */
export type TransactionOrigin =
  /** A user's edit in this process (the client's own UI). */
  | 'local'
  /** An update received from a peer over the sync connection. */
  | 'remote'
  /** State read back from storage (server database or browser IndexedDB). */
  | 'persistence'
  /** An update relayed from another server instance (scale-out). */
  | 'fanout'
  /** A schema migration run on load. */
  | 'migration'
  /** A write the server makes itself (e.g. the vote tally and results). */
  | 'server';

export const ORIGINS = ['local', 'remote', 'persistence', 'fanout', 'migration', 'server'] as const satisfies readonly TransactionOrigin[];

export function isTransactionOrigin(x: unknown): x is TransactionOrigin {
  return typeof x === 'string' && (ORIGINS as readonly string[]).includes(x);
}
