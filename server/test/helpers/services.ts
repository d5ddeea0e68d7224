/**
 * A private PostgreSQL and Redis for one test file (see scripts/services.ts), plus a fresh
 * database per call of {@link TestServices.freshDatabase} so that tests never share state.
 */
import { afterAll, beforeAll } from 'vitest';
import { startServices, type Services } from '../../scripts/services.ts';

export interface TestServices {
  readonly services: Services;
  /** Creates an empty database and returns its connection string. */
  freshDatabase(): Promise<string>;
}

/** Starts the services before the file's tests and stops them after; read `current()` inside tests. */
export function useServices(): { current(): TestServices } {
  let state: TestServices | null = null;
  let n = 0;
  beforeAll(async () => {
    const services = await startServices();
    state = {
      services,
      async freshDatabase() {
        const name = `test_${process.pid}_${++n}`;
        await services.createDatabase(name);
        return services.postgres.urlFor(name);
      },
    };
  }, 120_000);
  afterAll(async () => {
    await state?.services.stop();
  });
  return {
    current() {
      if (!state) throw new Error('services are not started yet');
      return state;
    },
  };
}
