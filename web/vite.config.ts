import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web reads the shared contract's TypeScript source directly, as the tests do.
export const alias = {
  '@footprint/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias },
  server: {
    // `npm run dev` (server) listens on 7077; the dev UI borrows its API.
    proxy: { '/api': 'http://127.0.0.1:7077' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
