import { defineConfig } from 'vitest/config';

// The browser test: one file, steps in order, against one in-memory local stack.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
