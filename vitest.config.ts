import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time even on two cores (vitest's default there is one): most of the long files
    // wait on child processes, PostgreSQL or the browser rather than on this process's CPU.
    maxWorkers: 2,
  },
});
