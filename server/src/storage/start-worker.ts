import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from its module. From source (tests, `npm run dev`) the module is
 * TypeScript: it is loaded through tsx, which the parent process may not have registered
 * (vitest runs its own transform).
 */
export function startWorker(workerFile: URL, resourceLimits: ResourceLimits): Worker {
  if (!workerFile.pathname.endsWith('.ts')) return new Worker(workerFile, { resourceLimits });
  // The ESM entry of tsx's API; require.resolve would name its CommonJS twin.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => ` +
    `tsImport(${JSON.stringify(workerFile.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
