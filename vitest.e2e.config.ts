import { defineConfig } from 'vitest/config';

// Browser and Electron end-to-end tests: real servers, real browsers, one file at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts', 'test/electron/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
