import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerDisk, DiskUsage, ImageSummary } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EngineClient } from '../../src/engine/engine-client.js';
import { du } from '../helpers/du.js';
import { destroyPodmanAfter, startPodmanWithFixtures } from '../helpers/podman-setup.js';
import type { PodmanFixtures, PrivatePodman } from '../helpers/private-podman.js';
import { appOnPrivateEngine, injectHost, privateEngine } from './context.js';

/*
 * The app on a real Podman (Debian's podman 4.3, rootful, its own storage and socket): the
 * single-engine app follows Podman's Docker-compatible API as its default engine. The raw
 * answers are asserted too, as the evidence for each difference engine/podman-compat.ts handles:
 * a newer Podman that changes them fails here, not on someone's page.
 */

interface PodmanDfImage {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Size: number;
  SharedSize: number;
  Containers: number;
}

interface PodmanDf {
  LayersSize: number;
  Images: PodmanDfImage[];
  Containers: { Id: string; ImageID: string; Mounts: unknown }[];
  BuildCache: unknown[];
}

interface ListedImage {
  Id: string;
  RepoTags: string[] | null;
}

/** A layer directory no record names, planted before the app starts: its first scan finds it. */
const plantedOrphan = 'e'.repeat(64);

let podman: PrivatePodman;
let fixtures: PodmanFixtures;
let stateDir: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let port = 0;

beforeAll(async () => {
  ({ podman, fixtures } = await startPodmanWithFixtures({
    id: plantedOrphan,
    bytes: 30_000,
    fill: 1,
  }));
  stateDir = await mkdtemp(join(tmpdir(), 'fp-podman-state-'));
  app = await appOnPrivateEngine(podman, { dataRoot: podman.graphRoot, stateDir });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});

afterAll(() => destroyPodmanAfter(podman, app, [stateDir]));

async function get<T>(url: string): Promise<T> {
  const response = await app.inject({ url, headers: { host: injectHost } });
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<T>();
}

describe("Podman's Docker-compatible API, as it answers", () => {
  it('names itself "Podman Engine" in /version; the Engine client says podman (docker for dockerd)', async () => {
    const version = await podman.api<{ Components: { Name: string }[] }>('/version');
    expect(version.Components.map((component) => component.Name)).toContain('Podman Engine');
    const onPodman = new Engine(
      new EngineClient({ dockerHost: podman.dockerHost, dockerCertPath: null }),
    );
    expect(await onPodman.kind()).toBe('podman');
    const onDocker = new Engine(
      new EngineClient({ dockerHost: privateEngine().dockerHost, dockerCertPath: null }),
    );
    expect(await onDocker.kind()).toBe('docker');
  });

  it('sends /system/df with a row per tag, tags without repository, bare-hex IDs, no digests, no build cache and LayersSize 0', async () => {
    const df = await podman.api<PodmanDf>('/v1.41/system/df');
    const appOneRows = df.Images.filter((row) => `sha256:${row.Id}` === fixtures.images.appOne.id);
    expect(appOneRows).toHaveLength(3);
    expect(appOneRows.map((row) => row.RepoTags).sort()).toEqual([['1'], ['1'], ['latest']]);
    for (const row of df.Images) {
      expect(row.Id).toMatch(/^[0-9a-f]{64}$/);
      expect(row.RepoDigests).toBeNull();
    }
    expect(df.Containers.find((c) => c.Id === fixtures.stoppedContainerId)?.ImageID).toBe(
      fixtures.images.busybox.id.slice('sha256:'.length),
    );
    expect(df.BuildCache).toEqual([]);
    expect(df.LayersSize).toBe(0);
  });

  it('gives its graphroot as DockerRootDir, driver "overlay", and a new random ID on each /info', async () => {
    const first = await podman.api<{ ID: string; Driver: string; DockerRootDir: string }>('/info');
    const second = await podman.api<{ ID: string }>('/info');
    const libpod = await podman.api<{ store: { graphRoot: string } }>('/v4.3.1/libpod/info');
    expect(first.Driver).toBe('overlay');
    expect(first.DockerRootDir).toBe(podman.graphRoot);
    expect(libpod.store.graphRoot).toBe(podman.graphRoot);
    expect(first.ID).not.toBe(second.ID);
    // Which is why the app names a Podman by its graphroot, not by that ID.
    const engine = new Engine(
      new EngineClient({ dockerHost: podman.dockerHost, dockerCertPath: null }),
    );
    expect(await engine.identity()).toEqual(await engine.identity());
    expect((await engine.storageInfo()).engineKind).toBe('podman');
  });
});

describe('the app on Podman', () => {
  it('measures the graphroot with the containers-storage backend: the breakdown is du, the planted orphan found', async () => {
    await expect
      .poll(async () => (await get<DiskUsage>('/api/disk')).measurement.measured, {
        timeout: 60_000,
        interval: 200,
      })
      .toBe(true);
    const disk = await get<DiskUsage>('/api/disk');
    expect(disk.measurement.backend).toBe('containers-storage');
    expect(disk.measurement.dataRoot).toBe(podman.graphRoot);
    expect(disk.dataRoot?.diskBytes).toBe(await du(['-x', '-B1', '-s'], podman.graphRoot));
    expect(disk.dataRoot?.apparentBytes).toBe(await du(['-x', '-b', '-s'], podman.graphRoot));
    const orphanDir = join(podman.graphRoot, 'overlay', plantedOrphan);
    expect(disk.orphans?.dirs.map((dir) => dir.name)).toEqual([plantedOrphan]);
    expect(disk.orphans?.diskBytes).toBe(await du(['-x', '-B1', '-s'], orphanDir));
    // Podman gives no images total (LayersSize 0): the one its CLI shows, the rows' sum.
    const df = await podman.api<PodmanDf>('/v1.41/system/df');
    expect(disk.images.totalBytes).toBe(df.Images.reduce((sum, row) => sum + row.Size, 0));
    expect(disk.images.reclaimableBytes).toBeGreaterThanOrEqual(0);
    const parts = new Map(disk.dataRoot?.parts.map((part) => [part.kind, part]));
    expect(parts.get('container-layers')?.entries).toBe(1);
    expect(parts.get('image-layers')?.entries).toBe(6);
  });

  it('reads an image layer from its tar-split file in the explorer', async () => {
    const tree = await get<{ entries: { path: string; change: string; apparentBytes: number }[] }>(
      `/api/images/${fixtures.images.appOne.id}/tree?path=/app`,
    );
    expect(tree.entries).toContainEqual(
      expect.objectContaining({ path: '/app/one.bin', change: 'added', apparentBytes: 50_000 }),
    );
  });

  it("lists every image once with Podman's own /system/df figures and /images/json's names", async () => {
    const [df, listed, answer] = await Promise.all([
      podman.api<PodmanDf>('/v1.41/system/df'),
      podman.api<ListedImage[]>('/v1.41/images/json'),
      get<{ images: ImageSummary[] }>('/api/images'),
    ]);
    const ids = new Set(df.Images.map((row) => `sha256:${row.Id}`));
    expect(answer.images.map((image) => image.id).sort()).toEqual([...ids].sort());
    for (const row of df.Images) {
      const image = answer.images.find((candidate) => candidate.id === `sha256:${row.Id}`);
      expect(image?.size, row.Id).toBe(row.Size);
      expect(image?.sharedSize, row.Id).toBe(row.SharedSize);
      expect(image?.uniqueSize, row.Id).toBe(row.Size - row.SharedSize);
      expect(image?.containers, row.Id).toBe(row.Containers);
      const names = listed.find((entry) => entry.Id === image?.id)?.RepoTags ?? [];
      expect([...(image?.repoTags ?? [])].sort(), row.Id).toEqual([...names].sort());
    }
    const appOne = answer.images.find((image) => image.id === fixtures.images.appOne.id);
    expect(appOne?.repoTags).toHaveLength(3);
    expect(appOne?.repoTags).toContain('localhost/footprint-fixture/app:latest');
    const busybox = answer.images.find((image) => image.id === fixtures.images.busybox.id);
    expect(busybox?.containers).toBe(1);
  });

  it('lists the stopped container with its image ID and its writable layer as Podman sizes it', async () => {
    const df = await podman.api<{ Containers: { Id: string; SizeRw: number }[] }>(
      '/v1.41/system/df',
    );
    const answer = await get<{ containers: ContainerDisk[] }>('/api/containers');
    const stopped = answer.containers.find(
      (container) => container.id === fixtures.stoppedContainerId,
    );
    expect(stopped?.imageId).toBe(fixtures.images.busybox.id);
    expect(stopped?.sizeRw).toBe(
      df.Containers.find((container) => container.Id === fixtures.stoppedContainerId)?.SizeRw,
    );
  });

  it('hears a `podman rm` (Podman says "remove", Docker "destroy") and tells the page', async () => {
    await podman.podman([
      'create',
      '--name',
      'footprint-removed',
      '--network',
      'none',
      'footprint-fixture/busybox:1',
      'true',
    ]);
    const id = (
      await podman.podman(['inspect', '--format', '{{.Id}}', 'footprint-removed'])
    ).trim();
    await expect
      .poll(
        async () =>
          (await get<{ containers: ContainerDisk[] }>('/api/containers')).containers.some(
            (container) => container.id === id,
          ),
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);

    const raw = followRaw(podman.socketPath, '/v1.41/events');
    const page = followPage(port);
    await page.opened;
    await raw.opened;
    await podman.podman(['rm', 'footprint-removed']);
    // The page hears of it: containers and images (the image's container count) changed.
    const heard = await page.until((data) => {
      const event = JSON.parse(data) as { type: string; resources?: string[] };
      return (
        event.type === 'inventory-changed' &&
        (event.resources ?? []).includes('containers') &&
        (event.resources ?? []).includes('images')
      );
    });
    expect(heard).toBe(true);
    // The evidence: Podman's own event for it.
    const removed = await raw.until((line) => {
      const event = JSON.parse(line) as { Type: string; Action: string; Actor: { ID: string } };
      return event.Type === 'container' && event.Actor.ID === id && event.Action === 'remove';
    });
    expect(removed).toBe(true);
    page.close();
    raw.close();
    const after = await get<{ containers: ContainerDisk[] }>('/api/containers');
    expect(after.containers.some((container) => container.id === id)).toBe(false);
  });

  it('hears a `podman untag` (bare-hex image ID in the event) and lists the image without it', async () => {
    await podman.podman(['tag', 'footprint-fixture/app:2', 'footprint-fixture/watched:1']);
    await expect
      .poll(
        async () =>
          (await get<{ images: ImageSummary[] }>('/api/images')).images
            .find((image) => image.id === fixtures.images.appTwo.id)
            ?.repoTags.includes('localhost/footprint-fixture/watched:1'),
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
    await podman.podman(['untag', 'footprint-fixture/app:2', 'footprint-fixture/watched:1']);
    await expect
      .poll(
        async () =>
          (await get<{ images: ImageSummary[] }>('/api/images')).images.find(
            (image) => image.id === fixtures.images.appTwo.id,
          )?.repoTags,
        { timeout: 15_000, interval: 100 },
      )
      .toEqual(['localhost/footprint-fixture/app:2']);
  });

  it("lists an untagged parent image as Podman's df does (its default image list leaves it out)", async () => {
    await podman.podman(['untag', 'footprint-fixture/base-beta:1']);
    await expect
      .poll(
        async () =>
          (await get<{ images: ImageSummary[] }>('/api/images')).images.find(
            (image) => image.id === fixtures.images.baseBeta.id,
          )?.repoTags,
        { timeout: 15_000, interval: 100 },
      )
      .toEqual([]);
    const [df, answer] = await Promise.all([
      podman.api<PodmanDf>('/v1.41/system/df'),
      get<{ images: ImageSummary[] }>('/api/images'),
    ]);
    expect(answer.images.map((image) => image.id).sort()).toEqual(
      [...new Set(df.Images.map((row) => `sha256:${row.Id}`))].sort(),
    );
    const listed = await podman.api<ListedImage[]>('/v1.41/images/json');
    expect(listed.map((image) => image.Id)).not.toContain(fixtures.images.baseBeta.id);
  });
});

interface Follower {
  opened: Promise<void>;
  /** Resolves true once a line (an SSE data field for the page) passes `check`; false on end. */
  until(check: (text: string) => boolean): Promise<boolean>;
  close(): void;
}

/** Follows a stream of lines; `pick` takes the text to check out of each line. */
function follow(
  options: { socketPath?: string; host?: string; port?: number; path: string },
  pick: (line: string) => string | null,
): Follower {
  const seen: string[] = [];
  let waiter: (() => void) | null = null;
  let ended = false;
  let opened: () => void = () => {};
  const openedPromise = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const req = request(
    { ...options, headers: { host: `127.0.0.1:${options.port ?? 80}` } },
    (res) => {
      opened();
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const text = pick(line);
          if (text !== null) seen.push(text);
        }
        waiter?.();
      });
      res.on('close', () => {
        ended = true;
        waiter?.();
      });
    },
  );
  req.on('error', () => {
    ended = true;
    opened();
    waiter?.();
  });
  req.end();
  return {
    opened: openedPromise,
    async until(check) {
      let from = 0;
      for (;;) {
        for (; from < seen.length; from++) if (check(seen[from] as string)) return true;
        if (ended) return false;
        await new Promise<void>((resolve) => {
          waiter = resolve;
        });
        waiter = null;
      }
    },
    close: () => req.destroy(),
  };
}

function followRaw(socketPath: string, path: string): Follower {
  return follow({ socketPath, path }, (line) => (line.trim() === '' ? null : line));
}

function followPage(listening: number): Follower {
  return follow({ host: '127.0.0.1', port: listening, path: '/api/events' }, (line) =>
    line.startsWith('data: ') ? line.slice('data: '.length) : null,
  );
}
