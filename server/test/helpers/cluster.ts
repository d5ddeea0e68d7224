/** Several real server processes sharing one PostgreSQL database and one Redis (see services.ts). */
import { spawnServer, type ChildServer } from './childServer.ts';
import { tempDir } from './testServer.ts';
import type { TestServices } from './services.ts';

export const CLUSTER_SECRET = 'cluster-test-secret-0123456789abcdef';

export interface Cluster {
  readonly env: Record<string, string>;
  readonly nodes: ChildServer[];
  /** Starts one more instance on the same database and Redis. */
  add(): Promise<ChildServer>;
  stop(): void;
}

export async function startCluster(services: TestServices, n: number, extraEnv: Record<string, string> = {}): Promise<Cluster> {
  const env = {
    DATABASE_URL: await services.freshDatabase(),
    REDIS_URL: services.services.redis.url,
    TOKEN_SECRET: CLUSTER_SECRET,
    // Uploaded files: one directory all instances share, as a network mount would be.
    ASSETS_DIR: tempDir('riffboard-assets-'),
    ...extraEnv,
  };
  const nodes: ChildServer[] = [];
  const add = async (): Promise<ChildServer> => {
    const node = await spawnServer(tempDir(), env);
    nodes.push(node);
    return node;
  };
  await Promise.all(Array.from({ length: n }, () => add()));
  return {
    env,
    nodes,
    add,
    stop: () => {
      for (const node of nodes) node.child.kill('SIGKILL');
    },
  };
}
