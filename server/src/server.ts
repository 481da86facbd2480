#!/usr/bin/env node
import { prestartBulkReader } from './storage/bulk-read/bulk-read.js';
import { prestartWorkers } from './storage/scan/scan-pool.js';

// The first scan's threads start before the rest of the server loads (fastify, dockerode, the
// routes' schemas: a quarter of a second on one core), on the core that leaves free; they end
// by themselves if no scan comes. The server itself is main.ts.
prestartWorkers();
prestartBulkReader();
await import('./main.js');
