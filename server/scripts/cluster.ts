/**
 * Runs several Riffboard instances locally, the way a deployment does: a private PostgreSQL and
 * Redis (scripts/services.ts, data in a temp dir, removed on exit), and N server processes on
 * consecutive ports sharing the database, Redis, the link-signing secret and the uploads directory.
 *
 *   pnpm --filter @riffboard/server cluster [N=3] [FIRST_PORT=8081]
 *
 * Point a load balancer (or your browser, at any one of them) at the ports printed. Ctrl-C stops
 * everything. Serves the built client (`pnpm --filter @riffboard/client build` first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServices } from './services.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (line: string): boolean => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 3);
  const firstPort = Number(process.argv[3] ?? 8081);
  const services = await startServices({ fsync: true });
  await services.createDatabase('riffboard');
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'riffboard-cluster-'));
  const env = {
    ...process.env,
    DATABASE_URL: services.postgres.urlFor('riffboard'),
    REDIS_URL: services.redis.url,
    TOKEN_SECRET: crypto.randomBytes(32).toString('hex'),
    ASSETS_DIR: path.join(shared, 'assets'),
  };
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    const port = firstPort + i;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: { ...env, PORT: String(port), DATA_DIR: path.join(shared, `instance-${i}`) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    out(`instance ${i}: http://localhost:${port}`);
  }
  out(`PostgreSQL: ${env.DATABASE_URL}\nRedis: ${env.REDIS_URL}\nCtrl-C stops everything.`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map(
        (c) => new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : (c.once('exit', () => resolve()), c.kill('SIGTERM')))),
      ),
    );
    await services.stop();
    fs.rmSync(shared, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
