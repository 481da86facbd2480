import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

const alias = {
  '@footprint/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
};

export default defineProject({
  // The root config lists this file as a project; the paths below are relative to web/.
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias },
  test: {
    name: 'web',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    // Above findBy*'s wait (setup.ts): a test's first lazy page transforms its modules.
    testTimeout: 20_000,
  },
});
