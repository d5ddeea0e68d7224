import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Several suites spawn servers and measure nothing by wall clock, but two cores are shared.
    fileParallelism: false,
  },
});
