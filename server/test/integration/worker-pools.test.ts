import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DiskUsage, engineEnabledPath } from '@footprint/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cookieName } from '../../src/security/session-token.js';
import { WorkerPools } from '../../src/workers/worker-pools.js';
import { du } from '../helpers/du.js';
import { fixtureSpecs } from '../helpers/fixtures.js';
import type { PrivateEngine } from '../helpers/private-engine.js';
import { appOnPrivateEngine, expectDataRootAsDu, injectHost } from './context.js';
import { sourceFor, twoEngines } from './engine-scoped.js';

/*
 * The worker threads are the app's (issue 19), shared by its engines: turning one engine off
 * while another's scan runs ends only the first one's jobs, and the other's scan still comes
 * out as du counts its data root; the app's close ends every thread, once. The pools are made
 * and started before the app, as server.ts does, and handed to it.
 */

let first: PrivateEngine;
let second: PrivateEngine;
let stateDir: string;
const pools = new WorkerPools();
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
const secondSource = () => sourceFor('second', second.dockerHost);

beforeAll(async () => {
  [first, second] = await twoEngines();
  stateDir = await mkdtemp(join(tmpdir(), 'fp-pools-state-'));
  pools.prestart();
  app = await appOnPrivateEngine(first, {
    stateDir,
    watchEngine: false,
    engines: [secondSource()],
    pools,
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([first?.destroy(), second?.destroy()]);
  if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
});

it('uses the worker threads it was handed, started before it', () => {
  expect(app.pools).toBe(pools);
  // prestart(): the scan workers and the bulk reader wait for the first scan.
  expect(pools.scan.idleWorkers()).toBeGreaterThan(0);
  expect(pools.bulkRead.running()).toBe(true);
});

it('turning one engine off while both scan leaves the other’s scan whole and exact', async () => {
  const secondId = secondSource().id;
  const other = await app.engines.get(secondId);
  // Both engines scan at once, in the same pools.
  other.diskTruth.requestScan({ full: true });
  app.engines.default.diskTruth.requestScan({ full: true });
  const off = await app.inject({
    method: 'POST',
    url: engineEnabledPath(secondId),
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost',
      cookie: `${cookieName(injectHost)}=${app.sessionToken}`,
    },
    payload: JSON.stringify({ enabled: false }),
  });
  expect(off.statusCode, off.body).toBe(200);
  expect(off.json()).toMatchObject({ id: secondId, enabled: false, status: 'off' });

  await app.engines.default.diskTruth.whenIdle();
  expect(app.engines.default.diskTruth.lastScanReport()).not.toBeNull();
  const response = await app.inject({ method: 'GET', url: '/api/disk' });
  expect(response.statusCode, response.body).toBe(200);
  await expectDataRootAsDu(response.json<DiskUsage>(), first.dataRoot);

  // The pools are still the app's: a later scan of the default engine runs in them.
  app.engines.default.diskTruth.requestScan({ full: true });
  await app.engines.default.diskTruth.whenIdle();
  const again = (await app.inject({ method: 'GET', url: '/api/disk' })).json<DiskUsage>();
  expect(again.measurement).toMatchObject({ measured: true, partial: false, warnings: [] });
  expect(again.dataRoot?.diskBytes).toBe(await du(['-x', '-B1', '-s'], first.dataRoot));
}, 120_000);

it('ends every worker thread when the app closes', async () => {
  // A layer index built in the app's pool (the explorer), so that pool has a thread too.
  const image = await app.inject({
    method: 'GET',
    url: `/api/images/${encodeURIComponent(fixtureSpecs.appOne.tags[0] ?? '')}/tree?path=/`,
  });
  expect(image.statusCode, image.body).toBe(200);
  expect(pools.running()).toBeGreaterThan(0);
  await app.close();
  expect(pools.running()).toBe(0);
  expect(pools.scan.running()).toBe(0);
  expect(pools.bulkRead.running()).toBe(false);
  expect(pools.layerIndex.running()).toBe(0);
  expect(pools.duplicates.running()).toBe(0);
}, 60_000);
