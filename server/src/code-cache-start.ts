// What server/dist/server.bundle.js runs: the server (server/dist/server.main.cjs) with V8's code
// cache of the previous start (code-cache.ts says why and where).
import { fileURLToPath } from 'node:url';
import { codeCacheDir, runWithCodeCache } from './code-cache.js';

runWithCodeCache(
  fileURLToPath(new URL('./server.main.cjs', import.meta.url)),
  codeCacheDir(process.env),
);
