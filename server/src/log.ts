/**
 * Structured logs: one JSON object per line on stdout (pino), each with an `event` name so
 * operators can filter (`jq 'select(.event=="room.loaded")'`). The only module that writes to the console.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'riffboard' }, timestamp: pino.stdTimeFunctions.isoTime });
}
