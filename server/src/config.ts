/**
 * Server configuration: read once, from environment variables only, into a frozen typed object.
 * No other module reads `process.env`. Every variable here is documented in the README.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_ASSET_BYTES, VERSION_LIMITS } from '@riffboard/shared';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const MiB = 1024 * 1024;
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const schema = z.object({
  PORT: int(8080, 0).pipe(z.number().max(65535)),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  CLIENT_DIST: z
    .string()
    .min(1)
    .default(path.join(repoRoot, 'client', 'dist')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_MESSAGE_BYTES: int(8 * MiB, 1024),
  MAX_UPDATE_BYTES: int(128 * MiB, 1024),
  SEND_BUFFER_LIMIT_BYTES: int(32 * MiB, 64 * 1024),
  AWARENESS_MAX_CLIENTS_PER_CONNECTION: int(4, 1),
  AWARENESS_MAX_STATE_BYTES: int(8 * 1024, 256),
  COMPACT_AFTER_UPDATES: int(500, 1),
  COMPACT_AFTER_BYTES: int(4 * MiB, 1024),
  ROOM_UNLOAD_DELAY_MS: int(2000, 0),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100),
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LINK_TTL_DAYS: int(90, 1),
  MAX_CONNECTIONS_PER_ROOM: int(50, 1),
  ROOM_CREATIONS_PER_IP_PER_MINUTE: int(10, 1),
  MESSAGES_PER_CONNECTION_PER_SECOND: int(300, 1),
  MESSAGE_BURST_PER_CONNECTION: int(1500, 1),
  BYTES_PER_CONNECTION_PER_SECOND: int(4 * MiB, 1024),
  BYTE_BURST_PER_CONNECTION: int(32 * MiB, 1024),
  MAX_ROOM_BYTES: int(128 * MiB, 1024),
  ASSET_MAX_AUDIO_BYTES: int(DEFAULT_MAX_ASSET_BYTES.audio, 1),
  ASSET_MAX_IMAGE_BYTES: int(DEFAULT_MAX_ASSET_BYTES.image, 1),
  HEARTBEAT_INTERVAL_MS: int(30_000, 50),
  DATABASE_URL: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
  ASSETS_DIR: z.string().min(1).optional(),
  FANOUT_CHECK_INTERVAL_MS: int(3000, 100),
  IMPORT_MAX_BYTES: int(1024 * MiB, 4096),
  IMPORT_MAX_ENTRIES: int(5000, 2),
  VERSION_INTERVAL_MS: int(10 * 60_000, 100),
  VERSIONS_KEEP_AUTOMATIC: int(VERSION_LIMITS.automaticPerRoom, 1),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly clientDist: string;
  readonly logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  readonly limits: Readonly<{
    /** Largest WebSocket message accepted; checked from the frame header, before buffering. */
    maxMessageBytes: number;
    /** Largest single change a client may send in parts (SPEC S13); a larger one is refused. */
    maxUpdateBytes: number;
    /** A connection whose unsent data passes this is cut off (it stopped reading). */
    sendBufferLimitBytes: number;
    awarenessMaxClientsPerConnection: number;
    awarenessMaxStateBytes: number;
    maxConnectionsPerRoom: number;
    roomCreationsPerIpPerMinute: number;
    /**
     * Per-connection token buckets (SPEC B4): sustained rates and bursts of messages and bytes. A
     * connection over them stops being read until it is back within them.
     */
    messagesPerConnectionPerSecond: number;
    messageBurstPerConnection: number;
    bytesPerConnectionPerSecond: number;
    byteBurstPerConnection: number;
    /** Largest a room may grow in storage (SPEC B3). */
    maxRoomBytes: number;
    assetMaxAudioBytes: number;
    assetMaxImageBytes: number;
    /** Largest room archive an import reads (SPEC AR4); a larger upload is cut off. */
    importMaxBytes: number;
    /** Most entries (manifest, document, assets) a room archive may hold (SPEC AR4). */
    importMaxEntries: number;
  }>;
  /** Signing secret for link tokens from the environment; absent means "generate into DATA_DIR". */
  readonly tokenSecret: string | undefined;
  readonly linkTtlSeconds: number;
  readonly compaction: Readonly<{ afterUpdates: number; afterBytes: number }>;
  readonly roomUnloadDelayMs: number;
  readonly shutdownTimeoutMs: number;
  /** Each connection is pinged this often; one that missed the previous ping is dropped. */
  readonly heartbeatIntervalMs: number;
  /** PostgreSQL connection string; absent means the embedded SQLite store in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Redis connection string for fan-out between instances; absent means a single instance. */
  readonly redisUrl: string | undefined;
  /**
   * With Redis, how often each instance compares the last seq of every room it holds with the
   * database's, to recover a fan-out message lost just before a room went quiet (SPEC M9).
   */
  readonly fanoutCheckIntervalMs: number;
  /** Where uploaded files live: a directory every instance mounts when there are several. */
  readonly assetsDir: string;
  /** Automatic versions (RV11): at most one periodic version per room this often while it is edited; how many automatic ones a room keeps (RV4). */
  readonly versions: Readonly<{ periodicMs: number; keepAutomatic: number }>;
}

export class ConfigError extends Error {}

/** Parses `env` (normally `process.env`); throws {@link ConfigError} naming every bad variable. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.TOKEN_SECRET)
    throw new ConfigError(
      'Invalid configuration:\n  TOKEN_SECRET: required with DATABASE_URL, so that every instance accepts the links the others signed',
    );
  if (e.REDIS_URL && !e.DATABASE_URL)
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: needs DATABASE_URL, since instances can only share rooms they store in one PostgreSQL database',
    );
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    clientDist: path.resolve(e.CLIENT_DIST),
    logLevel: e.LOG_LEVEL,
    limits: Object.freeze({
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxUpdateBytes: e.MAX_UPDATE_BYTES,
      sendBufferLimitBytes: e.SEND_BUFFER_LIMIT_BYTES,
      awarenessMaxClientsPerConnection: e.AWARENESS_MAX_CLIENTS_PER_CONNECTION,
      awarenessMaxStateBytes: e.AWARENESS_MAX_STATE_BYTES,
      maxConnectionsPerRoom: e.MAX_CONNECTIONS_PER_ROOM,
      roomCreationsPerIpPerMinute: e.ROOM_CREATIONS_PER_IP_PER_MINUTE,
      messagesPerConnectionPerSecond: e.MESSAGES_PER_CONNECTION_PER_SECOND,
      messageBurstPerConnection: e.MESSAGE_BURST_PER_CONNECTION,
      bytesPerConnectionPerSecond: e.BYTES_PER_CONNECTION_PER_SECOND,
      byteBurstPerConnection: e.BYTE_BURST_PER_CONNECTION,
      maxRoomBytes: e.MAX_ROOM_BYTES,
      assetMaxAudioBytes: e.ASSET_MAX_AUDIO_BYTES,
      assetMaxImageBytes: e.ASSET_MAX_IMAGE_BYTES,
      importMaxBytes: e.IMPORT_MAX_BYTES,
      importMaxEntries: e.IMPORT_MAX_ENTRIES,
    }),
    tokenSecret: e.TOKEN_SECRET,
    linkTtlSeconds: e.LINK_TTL_DAYS * 24 * 3600,
    compaction: Object.freeze({ afterUpdates: e.COMPACT_AFTER_UPDATES, afterBytes: e.COMPACT_AFTER_BYTES }),
    roomUnloadDelayMs: e.ROOM_UNLOAD_DELAY_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    heartbeatIntervalMs: e.HEARTBEAT_INTERVAL_MS,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    fanoutCheckIntervalMs: e.FANOUT_CHECK_INTERVAL_MS,
    assetsDir: path.resolve(e.ASSETS_DIR ?? path.join(e.DATA_DIR, 'assets')),
    versions: Object.freeze({ periodicMs: e.VERSION_INTERVAL_MS, keepAutomatic: e.VERSIONS_KEEP_AUTOMATIC }),
  });
}
