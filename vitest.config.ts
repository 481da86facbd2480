import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The packages import @footprint/shared by name; tests read its TypeScript source directly.
const alias = {
  '@footprint/shared': fileURLToPath(new URL('./shared/src/index.ts', import.meta.url)),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['shared/test/**/*.test.ts', 'server/test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['server/test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['server/test/integration/global-setup.ts'],
          // One private engine serves every file; files that change it run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      'web/vitest.config.{ts,mts}',
    ],
  },
});
