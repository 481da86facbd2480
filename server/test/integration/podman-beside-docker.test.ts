import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ContainerList,
  type DiskUsage,
  engineScopedPath,
  type EngineList,
  type ImageList,
  type PrunePreview,
  type PruneResult,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { du } from '../helpers/du.js';
import { destroyPodmanAfter, startPodmanWithFixtures } from '../helpers/podman-setup.js';
import type { PodmanFixtures, PrivatePodman } from '../helpers/private-podman.js';
import {
  appOnPrivateEngine,
  expectImagesAsDf,
  privateEngine,
  type RawDf,
  testToken,
} from './context.js';
import { enginesWhen, getOk, sourceFor } from './engine-scoped.js';
import { listen, session } from './raw-http.js';

/*
 * One app following the run's Docker (the default engine) and a real Podman beside it, as a
 * person with both would: each engine is named for what it is, each measured by its own storage
 * backend, each engine's images are its own engine's df, and a prune on Podman (preview and
 * confirm on its scoped routes) frees exactly its preview there and leaves Docker as it was.
 */

const docker = privateEngine();
let podman: PrivatePodman;
let fixtures: PodmanFixtures;
let dir: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let browser: Awaited<ReturnType<typeof session>>;
const podmanSource = () => sourceFor('podman-beside', podman.dockerHost, 'podman');

beforeAll(async () => {
  ({ podman, fixtures } = await startPodmanWithFixtures());
  dir = await mkdtemp(join(tmpdir(), 'fp-podman-beside-'));
  app = await appOnPrivateEngine(docker, {
    stateDir: join(dir, 'state'),
    dataRoot: docker.dataRoot,
    engines: [podmanSource()],
  });
  browser = await session(await listen(app), testToken);
}, 180_000);

afterAll(() => destroyPodmanAfter(podman, app, [dir]));

const get = <T>(path: string) => getOk<T>(browser, path);

/** The engines' list once both are up and measured. */
const enginesMeasured = () =>
  enginesWhen(
    browser,
    (list: EngineList) =>
      list.engines.length === 2 &&
      list.engines.every((e) => e.status === 'up' && e.backend !== null),
  );

async function measuredDisk(engineId: string): Promise<DiskUsage> {
  const path = engineScopedPath(engineId, '/api/disk');
  await expect
    .poll(async () => (await get<DiskUsage>(path)).measurement.measured, {
      timeout: 60_000,
      interval: 200,
    })
    .toBe(true);
  return get<DiskUsage>(path);
}

describe('Podman beside Docker in one app', () => {
  it('names each engine for what it is, with its own backend and data root', async () => {
    const list = await enginesMeasured();
    const podmanId = podmanSource().id;
    const byId = new Map(list.engines.map((engine) => [engine.id, engine]));
    expect(byId.get(podmanId)).toMatchObject({
      kind: 'podman',
      transport: 'unix',
      status: 'up',
      backend: 'containers-storage',
      dataRoot: podman.graphRoot,
    });
    expect(byId.get(list.defaultEngineId)).toMatchObject({
      kind: 'docker',
      backend: 'overlay2',
      dataRoot: docker.dataRoot,
    });
  });

  it('answers each engine’s images as that engine’s own df, never the other’s', async () => {
    const list = await enginesMeasured();
    const podmanId = podmanSource().id;
    const dockerImages = await get<ImageList>(
      engineScopedPath(list.defaultEngineId, '/api/images'),
    );
    expectImagesAsDf(dockerImages.images, await docker.api<RawDf>('/v1.41/system/df'));
    const podmanImages = await get<ImageList>(engineScopedPath(podmanId, '/api/images'));
    const df = await podman.api<RawDf>('/v1.41/system/df');
    // Podman's df has a row per tag and bare-hex IDs (engine/podman-compat.ts).
    const rows = new Map(df.Images.map((row) => [`sha256:${row.Id}`, row]));
    expectImagesAsDf(podmanImages.images, {
      ...df,
      Images: [...rows.entries()].map(([Id, row]) => ({ ...row, Id })),
    });
  });

  it('prunes the stopped container on Podman only, freeing exactly its preview', async () => {
    const list = await enginesMeasured();
    const podmanId = podmanSource().id;
    await measuredDisk(podmanId);
    const dockerContainers = async () =>
      (
        await get<ContainerList>(engineScopedPath(list.defaultEngineId, '/api/containers'))
      ).containers
        .map((container) => container.id)
        .sort();
    const dockerBefore = await dockerContainers();
    const dockerDuBefore = await du(['-x', '-B1', '-s'], docker.dataRoot);

    const answer = await browser.send('POST', engineScopedPath(podmanId, '/api/prune/preview'), {
      kinds: ['stopped-containers'],
    });
    expect(answer.status, answer.body).toBe(200);
    const plan = JSON.parse(answer.body) as PrunePreview;
    expect(plan.items.map((item) => item.id)).toEqual([fixtures.stoppedContainerId]);
    expect(plan.disk.complete, plan.disk.note ?? '').toBe(true);
    const podmanDuBefore = await du(['-x', '-B1', '-s'], podman.graphRoot);
    const confirmed = await browser.send('POST', engineScopedPath(podmanId, '/api/prune'), {
      previewId: plan.previewId,
    });
    expect(confirmed.status, confirmed.body).toBe(200);
    const result = JSON.parse(confirmed.body) as PruneResult;
    expect(result.items.map((item) => item.outcome)).toEqual(['removed']);
    // Removing a container rewrites only containers.json, its block count here unchanged.
    expect(plan.disk.totalBytes).toBe(
      podmanDuBefore - (await du(['-x', '-B1', '-s'], podman.graphRoot)),
    );

    expect(await podman.podman(['ps', '-aq'])).toBe('');
    expect(await dockerContainers()).toEqual(dockerBefore);
    expect(await du(['-x', '-B1', '-s'], docker.dataRoot)).toBe(dockerDuBefore);
  });
});
