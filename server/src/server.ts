#!/usr/bin/env node
import { WorkerPools } from './workers/worker-pools.js';

// The first scan's threads start before the rest of the server loads (fastify, dockerode, the
// routes' schemas: a quarter of a second on one core), on the core that leaves free; they end
// by themselves if no scan comes. They are the app's worker pools, handed to it by main.ts. The
// server itself is main.ts. Not awaited at the top level: the bundle is a CommonJS script
// (code-cache-start.ts), where there is no top-level await.
const pools = new WorkerPools();
pools.prestart();

/** Resolves once the server listens; code-cache.ts waits for it (the bundle's only export). */
export const listening: Promise<void> = import('./main.js').then(
  (main) => main.start(pools),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
