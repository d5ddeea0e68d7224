import { defineConfig } from 'vitest/config';

// Unit tests of the client's pure logic and bindings run in Node: tldraw's store, Yjs and the
// presence parsers need no DOM. Whatever needs a browser is tested in e2e/ against real Chromium.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // A hang guard only: nothing here is timed, and a busy two-core machine crossed vitest's 5 s default.
    testTimeout: 60_000,
  },
});
