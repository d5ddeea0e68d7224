import { defineConfig } from 'vitest/config';

// Property tests run hundreds of random cases; what they check is the result, never the time, so the
// timeout is only a hang guard (vitest's 5 s default was crossed by a busy two-core machine).
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
