/**
 * Composition root: reads the configuration, picks the storage adapter (PostgreSQL when
 * DATABASE_URL is set, else the embedded SQLite store), starts the server,
 * and shuts down gracefully on SIGINT/SIGTERM (every room flushed and compacted first).
 */
import { ConfigError, readConfig } from './config.ts';
import { createLogger } from './log.ts';
import { SqliteDocStore } from './persistence/SqliteDocStore.ts';
import { PostgresDocStore } from './persistence/PostgresDocStore.ts';
import type { DocStore } from './persistence/DocStore.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { RedisFanout } from './fanout/RedisFanout.ts';
import type { RegistryFanout } from './rooms/RoomRegistry.ts';
import os from 'node:os';
import { Metrics } from './ops/metrics.ts';
import crypto from 'node:crypto';
import { createApp } from './app.ts';
import { loadOrCreateSecret } from './auth/secret.ts';
import { DiskAssetStore } from './assets/DiskAssetStore.ts';
import type { ActivityStore } from './activity/ActivityStore.ts';
import { SqliteActivityStore } from './activity/SqliteActivityStore.ts';
import { PostgresActivityStore } from './activity/PostgresActivityStore.ts';

/** Activity records and visits live in the same database as the rooms. */
async function openActivityStore(config: Config, log: Logger, metrics: Metrics): Promise<ActivityStore> {
  if (!config.databaseUrl) return SqliteActivityStore.open(config.dataDir);
  return PostgresActivityStore.open(config.databaseUrl, {
    onError: (err) => {
      metrics.databaseError();
      log.warn({ event: 'postgres.idle_error', err: err.message }, 'a pooled PostgreSQL connection failed');
    },
  });
}

async function openStore(config: Config, log: Logger, metrics: Metrics): Promise<DocStore> {
  if (!config.databaseUrl) {
    const store = SqliteDocStore.open(config.dataDir);
    const { records, ignoredBytes } = store.journalRecovery;
    if (records > 0)
      log.info({ event: 'store.journal_recovered', records }, 'moved updates a stopped process had committed into the database');
    if (ignoredBytes > 0)
      log.warn(
        { event: 'store.journal_torn', bytes: ignoredBytes },
        'ignored an incomplete record at the end of the update journal (an OS crash cut a write short)',
      );
    return store;
  }
  return PostgresDocStore.open(config.databaseUrl, {
    onError: (err) => {
      metrics.databaseError();
      log.warn({ event: 'postgres.idle_error', err: err.message }, 'a pooled PostgreSQL connection failed');
    },
  });
}

async function openFanout(config: Config, log: Logger, metrics: Metrics): Promise<RegistryFanout | null> {
  if (!config.redisUrl) return null;
  let lastError = '';
  const port = await RedisFanout.open(config.redisUrl, {
    onError: (err) => {
      metrics.redisError();
      // Logged once per distinct error while Redis is away, not once per reconnect attempt.
      if (err.message === lastError) return;
      lastError = err.message;
      log.warn({ event: 'redis.error', err: err.message }, 'Redis connection error (retrying)');
    },
  });
  port.onResume(() => (lastError = ''));
  return {
    port,
    instance: `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
    checkIntervalMs: config.fanoutCheckIntervalMs,
  };
}

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const metrics = new Metrics();
  const store = await openStore(config, log, metrics);
  const secret = loadOrCreateSecret(config.dataDir, config.tokenSecret);
  const assets = await DiskAssetStore.open(config.assetsDir);
  const fanout = await openFanout(config, log, metrics);
  const activity = await openActivityStore(config, log, metrics);
  const app = createApp({ config, store, log, secret, assets, fanout, metrics, activity });
  const port = await app.listen();
  log.info({ event: 'server.listening', host: config.host, port, dataDir: config.dataDir }, `Riffboard on http://localhost:${port}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'server.stopping', signal }, 'flushing rooms and stopping');
    const timer = setTimeout(() => {
      log.error({ event: 'server.stop_timeout' }, 'shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    app.close().then(
      () => {
        log.info({ event: 'server.stopped' }, 'stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ event: 'server.stop_failed', err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
