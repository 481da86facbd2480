#!/usr/bin/env node
import { adoptDeferredExtraCa } from './security/extra-ca.js';
import { enginesDirOf, stateRootOf } from './state/state-root.js';
import { anyKeptMeasurement } from './storage/kept-measurement.js';
import { WorkerPools } from './workers/worker-pools.js';

// On a first start the first scan's threads start before the rest of the server loads
// (fastify, dockerode, the routes' schemas: a quarter of a second on one core), on the core that
// leaves free; they end by themselves if no scan comes. On a warm restart a measurement kept
// from the last run answers at once and the first scan waits a second after the first request
// (disk-truth.ts): there the three threads' start-up took the core the server's own start
// needed, and listening came about 170 ms later on 2 cores (README, Benchmarks). They start
// when the scan comes instead. They are the app's worker pools, handed to it by main.ts. The
// server itself is main.ts. Not awaited at the top level: the bundle is a CommonJS script
// (code-cache-start.ts), where there is no top-level await.
// NODE_EXTRA_CA_CERTS back where the processes the server starts look for it (extra-ca.ts).
adoptDeferredExtraCa(process.env);
const pools = new WorkerPools();
if (!anyKeptMeasurement(enginesDirOf(stateRootOf(process.env)))) pools.prestart();

/** Resolves once the server listens; code-cache.ts waits for it (the bundle's only export). */
export const listening: Promise<void> = import('./main.js').then(
  (main) => main.start(pools),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
