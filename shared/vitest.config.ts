import { defineConfig } from 'vitest/config';

// The timeout only catches a hang. Property tests run hundreds of seeded cases: ~1 s on an idle
// machine, past vitest's default 5 s on a loaded 2-core one, which says nothing about the rules
// they check (speed is the benchmarks' business).
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 } });
