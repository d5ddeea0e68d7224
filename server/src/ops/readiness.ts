/**
 * Readiness (`GET /readyz`): whether this instance can do its job now, for a load balancer.
 *
 * Ready means the database answers: without it no edit can be saved, so new clients are better
 * sent elsewhere. Redis is reported but does not make an instance unready: without it the
 * instance still serves its own clients correctly (and catches up when Redis is back), and
 * taking every instance out of rotation for a Redis outage would turn degraded service into none.
 */
import type { DocStore } from '../persistence/DocStore.ts';
import type { Fanout } from '../fanout/Fanout.ts';

export interface Readiness {
  readonly ready: boolean;
  readonly database: 'ok' | 'unreachable';
  readonly redis: 'ok' | 'unreachable' | 'not configured';
}

/** How long the database gets to answer before it counts as unreachable. */
const PING_TIMEOUT_MS = 2000;

export async function checkReadiness(store: DocStore, fanout: Fanout | null): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS)));
  const database = await Promise.race([store.ping(), timeout]).then(
    () => 'ok' as const,
    () => 'unreachable' as const,
  );
  clearTimeout(timer);
  const redis = fanout ? (fanout.connected ? 'ok' : 'unreachable') : 'not configured';
  return { ready: database === 'ok', database, redis };
}
