/**
 * Composition root: reads the configuration, opens the embedded SQLite store, starts the server,
 * and shuts down gracefully on SIGINT/SIGTERM (every room flushed and compacted first).
 */
import { ConfigError, readConfig } from './config.ts';
import { createLogger } from './log.ts';
import { SqliteDocStore } from './persistence/SqliteDocStore.ts';
import { createApp } from './app.ts';
import { loadOrCreateSecret } from './auth/secret.ts';
import { DiskAssetStore } from './assets/DiskAssetStore.ts';
import path from 'node:path';

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
  const store = SqliteDocStore.open(config.dataDir);
  const secret = loadOrCreateSecret(config.dataDir, config.tokenSecret);
  const assets = await DiskAssetStore.open(path.join(config.dataDir, 'assets'));
  const app = createApp({ config, store, log, secret, assets });
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
