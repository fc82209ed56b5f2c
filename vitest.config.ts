import { defineConfig } from 'vitest/config';

// One run for the whole repository (`npm test`). Tests that touch the database share one database
// started by api/test/global-setup.ts (embedded PGlite, or DATABASE_URL when set); the socket of the
// embedded engine serves one connection at a time, so api test files run one after another.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'api',
          root: './api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'web',
          root: './web',
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
