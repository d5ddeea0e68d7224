/**
 * Everything a bench run starts that must not outlive it: server child processes and temp dirs.
 * Registered as they are made, removed on any exit (normal, signal, uncaught error).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function makeTempDir(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `riffboard-bench-${tag}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Synchronous, so it can run from process 'exit'. */
export function cleanupAll(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  liveChildren.clear();
  for (const dir of tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  tempDirs.clear();
}

let handlersInstalled = false;
export function installCleanupHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping servers\n`);
      cleanupAll();
      process.exit(130);
    });
  }
  process.on('uncaughtException', (err) => {
    process.stderr.write(`bench: uncaught ${err.stack ?? String(err)}\n`);
    cleanupAll();
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    process.stderr.write(`bench: unhandled rejection ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    cleanupAll();
    process.exit(1);
  });
}

export function trackChild(child: ChildProcess): void {
  liveChildren.add(child);
}

export function untrackChild(child: ChildProcess): void {
  liveChildren.delete(child);
}
