import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ContainerList,
  DiskUsage,
  ImageDetail,
  ImageList,
  ScanProgressEvent,
  ServerEvent,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { cookieName } from '../../src/security/session-token.js';
import { du } from '../helpers/du.js';
import { loadImages, repo, runWriter } from '../helpers/fixtures.js';
import { seededBytes } from '../helpers/image-archive.js';
import { expectDataRootAsDu, fixtures, privateEngine } from './context.js';

/*
 * Disk truth on the private engine with the standard fixtures: every figure is compared with
 * GNU du run on the same directory in the same test.
 */

const engine = privateEngine();
const { images: fx, stoppedContainerId } = fixtures();
const stateDir = mkdtempSync(join(tmpdir(), 'fp-state-'));
const overlay = join(engine.dataRoot, 'overlay2');
type App = Awaited<ReturnType<typeof buildApp>>;
const apps: App[] = [];

/** The app as the server builds it, with its own state dir and no engine watcher. */
async function newApp(): Promise<App> {
  const app = await buildApp({
    dockerHost: engine.dockerHost,
    stateDir,
    watchEngine: false,
    allowedHosts: ['localhost:80'],
  });
  apps.push(app);
  return app;
}

let app: App;
const events: ServerEvent[] = [];
let firstAnswer: DiskUsage;
let firstReport: ReturnType<App['engines']['default']['diskTruth']['lastScanReport']>;

beforeAll(async () => {
  app = await newApp();
  app.engines.default.events.subscribe((event) => events.push(event));
  firstAnswer = await getJson<DiskUsage>('/api/disk');
  await app.engines.default.diskTruth.whenIdle();
  firstReport = app.engines.default.diskTruth.lastScanReport();
});
afterAll(async () => {
  for (const each of apps) await each.close();
  rmSync(stateDir, { recursive: true, force: true });
});

async function getJson<T>(url: string, on: App = app): Promise<T> {
  const response = await on.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

async function postScan(body: object, on: App = app) {
  return on.inject({
    method: 'POST',
    url: '/api/disk/scan',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost',
      cookie: `${cookieName('localhost:80')}=${on.sessionToken}`,
    },
    payload: JSON.stringify(body),
  });
}

describe('GET /api/disk', () => {
  it('answers at once while the first scan runs, with the engine’s figures', () => {
    expect(firstAnswer.measurement).toMatchObject({
      backend: 'overlay2',
      dataRoot: engine.dataRoot,
      measured: false,
      scan: { state: 'running' },
    });
    expect(firstAnswer.measurement.reason).toMatch(/first scan/);
    expect(firstAnswer.dataRoot).toBeNull();
    expect(firstAnswer.images.count).toBeGreaterThan(0);
  });

  it('published the scan’s progress on the event bus', () => {
    const progress = events.filter((e): e is ScanProgressEvent => e.type === 'scan-progress');
    expect(progress[0]?.phase).toBe('running');
    const done = progress.at(-1);
    expect(done?.phase).toBe('done');
    expect(done?.partsDone).toBe(done?.partsTotal);
    expect(done?.partsTotal).toBeGreaterThan(10);
  });

  it('adds up to `du -x -s` of the data root, part by part', async () => {
    const disk = await getJson<DiskUsage>('/api/disk');
    const breakdown = await expectDataRootAsDu(disk, engine.dataRoot);

    // Each top-level part equals du of that directory.
    const byPath = (path: string) =>
      breakdown.parts.filter((part) => part.path === path).reduce((t, p) => t + p.diskBytes, 0);
    for (const name of ['image', 'containers', 'volumes', 'buildkit', 'network', 'containerd']) {
      expect(byPath(`${name}/`), name).toBe(await du(['-B1', '-s'], join(engine.dataRoot, name)));
    }
    expect(byPath('overlay2/')).toBe(await du(['-B1', '-s'], overlay));
    const kinds = new Set(breakdown.parts.map((part) => part.kind));
    for (const kind of ['image-layers', 'container-layers', 'container-init-layers'] as const) {
      expect(kinds.has(kind), kind).toBe(true);
    }
    // The BuildKit build of the fixtures keeps its context snapshots in overlay2/: build cache,
    // not orphans.
    expect(kinds.has('build-cache-layers')).toBe(true);
    expect(disk.orphans?.dirs).toEqual([]);
  });
});

describe('GET /api/images/:id layers', () => {
  it('gives every layer directory exactly `du -B1 -s` and `du -b -s`', async () => {
    const { images } = await getJson<ImageList>('/api/images');
    let layers = 0;
    for (const summary of images) {
      const detail = await getJson<ImageDetail>(`/api/images/${summary.id}`);
      for (const layer of detail.layers) {
        const directory = join(overlay, layer.cacheId ?? '');
        expect(layer.directory).toBe(directory);
        expect(layer.notMeasuredReason).toBeNull();
        expect(layer.diskBytes, directory).toBe(await du(['-B1', '-s'], directory));
        expect(layer.apparentBytes, directory).toBe(await du(['-b', '-s'], directory));
        expect(layer.files).toBeGreaterThan(0);
        layers++;
      }
    }
    expect(layers).toBeGreaterThan(8);
  });
});

describe('GET /api/containers', () => {
  it('gives writable layers as du does, log bytes as the log files’ sizes', async () => {
    const name = 'footprint-disk-logger';
    await engine.docker([
      'run',
      '--name',
      name,
      '--network',
      'none',
      `${repo}/busybox:1`,
      'sh',
      '-c',
      'i=0; while [ $i -lt 300 ]; do echo "log line $i"; i=$((i+1)); done',
    ]);
    try {
      app.engines.default.diskTruth.refresh();
      await app.engines.default.diskTruth.whenIdle();
      const { containers, measurement } = await getJson<ContainerList>('/api/containers');
      expect(measurement.measured).toBe(true);
      const logger = containers.find((c) => c.names.includes(name));
      const logDir = join(engine.dataRoot, 'containers', logger?.id ?? '');
      const logFiles = readdirSync(logDir).filter((file) => file.includes('-json.log'));
      expect(logFiles.length).toBeGreaterThan(0);
      const sizes = logFiles.map((file) => statSync(join(logDir, file)));
      expect(logger?.logs?.apparentBytes).toBe(sizes.reduce((t, s) => t + s.size, 0));
      expect(logger?.logs?.apparentBytes).toBeGreaterThan(300 * 40);
      expect(logger?.logs?.diskBytes).toBe(sizes.reduce((t, s) => t + s.blocks * 512, 0));

      for (const container of containers) {
        const layer = container.writableLayer;
        expect(layer, container.id).not.toBeNull();
        expect(layer?.diskBytes).toBe(await du(['-B1', '-s'], layer?.directory ?? ''));
        expect(layer?.apparentBytes).toBe(await du(['-b', '-s'], layer?.directory ?? ''));
        expect(layer?.initDiskBytes).toBe(await du(['-B1', '-s'], `${layer?.directory}-init`));
      }
      const stopped = containers.find((c) => c.id === stoppedContainerId);
      expect(stopped?.sizeRw).toBeGreaterThanOrEqual(64_000);
    } finally {
      await engine.docker(['rm', '-f', name]);
    }
  });
});

describe('orphans', () => {
  it('finds a planted orphan directory with its exact bytes and odd names', async () => {
    const orphan = join(overlay, 'footprintplantedorphan00000');
    const diff = join(orphan, 'diff');
    mkdirSync(diff, { recursive: true });
    try {
      writeFileSync(join(orphan, 'link'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
      writeFileSync(join(diff, 'data.bin'), seededBytes('orphan', 123_456));
      linkSync(join(diff, 'data.bin'), join(diff, 'hardlink.bin'));
      writeFileSync(join(diff, 'line\nbreak'), 'newline\n');
      writeFileSync(Buffer.from([...Buffer.from(`${diff}/`), 0x6c, 0xe9, 0xff]), 'latin-1\n');

      const accepted = await postScan({});
      expect(accepted.statusCode, accepted.body).toBe(202);
      await app.engines.default.diskTruth.whenIdle();
      const disk = await getJson<DiskUsage>('/api/disk');
      expect(disk.measurement.warnings).toEqual([]);
      expect(disk.orphans?.dirs.map((dir) => dir.name)).toEqual(['footprintplantedorphan00000']);
      const found = disk.orphans?.dirs[0];
      // By hand: two directories' own sizes, 26 + 123 456 + 8 + 8 bytes of files, the hard
      // link once.
      const dirsBytes = statSync(orphan).size + statSync(diff).size;
      expect(found?.apparentBytes).toBe(dirsBytes + 26 + 123_456 + 8 + 8);
      expect(found?.apparentBytes).toBe(await du(['-b', '-s'], orphan));
      expect(found?.diskBytes).toBe(await du(['-B1', '-s'], orphan));
      expect(found?.files).toBe(4);
      expect(disk.orphans?.diskBytes).toBe(found?.diskBytes);
      expect(disk.orphans?.advice).toMatch(/stop the engine/);
      // The total still matches du with the orphan in it.
      expect(disk.dataRoot?.diskBytes).toBe(await du(['-x', '-B1', '-s'], engine.dataRoot));
    } finally {
      rmSync(orphan, { recursive: true, force: true });
    }
  });
});

describe('the layer cache', () => {
  it('reads only the new layer directory after an engine event', async () => {
    app.engines.default.diskTruth.refresh();
    await app.engines.default.diskTruth.whenIdle();
    const before = app.engines.default.diskTruth.lastScanReport();
    const knownLayers = new Set(before?.cached);
    expect(knownLayers.size).toBeGreaterThan(8);

    const [added] = await loadImages(engine, [
      {
        tags: [`${repo}/disk-new:1`],
        layers: [{ entries: [{ type: 'file', path: 'new.bin', content: seededBytes('n', 4000) }] }],
      },
    ]);
    try {
      // What the engine watcher passes on when an image is loaded: its event.
      app.engines.default.diskTruth.noteChange({
        type: 'image',
        action: 'load',
        actorId: added?.id ?? null,
      });
      await app.engines.default.diskTruth.whenIdle();
      const after = app.engines.default.diskTruth.lastScanReport();
      const detail = await getJson<ImageDetail>(`/api/images/${added?.id}`);
      const newDir = detail.layers[0]?.cacheId;
      const walkedLayers = after?.walked.filter((w) => w.kind === 'image-layers');
      expect(walkedLayers?.map((w) => w.path)).toEqual([`overlay2/${newDir}`]);
      // Of the layer records, only the new chain's.
      const walkedRecords = after?.walked.filter((w) => w.path.includes('/layerdb/sha256/'));
      expect(walkedRecords?.map((w) => w.path)).toEqual([
        // A one-layer image: its chain ID is its diff ID.
        `image/overlay2/layerdb/sha256/${added?.diffIds[0]?.slice(7)}`,
      ]);
      expect(after?.cached.sort()).toEqual([...knownLayers].sort());
      // An image event reads again the image metadata, buildkit/ and the small parts; the
      // containers' directories and volumes/ come from the previous scan, since no container
      // or volume event came.
      const walked = after?.walked.map((w) => w.path) ?? [];
      expect(walked).toEqual(expect.arrayContaining(['image', 'buildkit', `overlay2/${newDir}`]));
      expect(after?.reused).toEqual(
        expect.arrayContaining(['volumes', `containers/${stoppedContainerId}`]),
      );
      expect(walked.filter((path) => path.startsWith('containers/'))).toEqual([]);
      const reread = new Set([...walked, ...(after?.reused ?? [])]);
      expect([...(before?.walked.map((w) => w.path) ?? [])].every((p) => reread.has(p))).toBe(true);
      expect(after?.directoriesRead).toBe(
        after?.walked.reduce((total, w) => total + w.directoriesRead, 0),
      );
      // The first scan read every image layer: this one reads their directories no more.
      expect(firstReport?.cached).toEqual([]);
      const knownLayerDirs = (firstReport?.walked ?? [])
        .filter((w) => w.kind === 'image-layers')
        .reduce((total, w) => total + w.directoriesRead, 0);
      expect(knownLayerDirs).toBeGreaterThan(20);
      expect(after?.directoriesRead).toBeLessThan(firstReport?.directoriesRead ?? 0);
      expect(detail.layers[0]?.diskBytes).toBe(
        await du(['-B1', '-s'], join(overlay, newDir ?? '')),
      );

      // Removed again: its layer leaves the figures, which are du's again.
      await engine.docker(['rmi', `${repo}/disk-new:1`]);
      for (const action of ['untag', 'delete']) {
        app.engines.default.diskTruth.noteChange({
          type: 'image',
          action,
          actorId: added?.id ?? null,
        });
      }
      await app.engines.default.diskTruth.whenIdle();
      const removed = app.engines.default.diskTruth.lastScanReport();
      expect(removed?.cached).not.toContain(newDir);
      expect(removed?.walked.map((w) => w.path)).not.toContain(`overlay2/${newDir}`);
      const disk = await getJson<DiskUsage>('/api/disk');
      expect(disk.dataRoot?.diskBytes).toBe(await du(['-x', '-B1', '-s'], engine.dataRoot));
    } finally {
      await engine.docker(['rmi', `${repo}/disk-new:1`]).catch(() => {});
    }
  });

  it('after a container event, reads that container again and keeps the others', async () => {
    app.engines.default.diskTruth.refresh();
    await app.engines.default.diskTruth.whenIdle();
    const name = `disk-write-${Date.now().toString(36)}`;
    await runWriter(engine, name, 300_000);
    try {
      const id = (await engine.docker(['inspect', '-f', '{{.Id}}', name])).trim();
      // What the engine watcher says for that container's create, start and die.
      for (const action of ['create', 'start', 'die']) {
        app.engines.default.diskTruth.noteChange({ type: 'container', action, actorId: id });
      }
      await app.engines.default.diskTruth.whenIdle();
      const report = app.engines.default.diskTruth.lastScanReport();
      const walked = report?.walked.map((w) => w.path) ?? [];
      expect(walked.filter((w) => w.startsWith('containers/'))).toEqual([`containers/${id}`]);
      expect(report?.reused).toContain(`containers/${stoppedContainerId}`);
      // Of image/, only the containers' mount records: the layer records stay as they were.
      expect(walked).toContain('image/overlay2/layerdb/mounts');
      expect(walked.filter((w) => w.startsWith('image/overlay2/layerdb/sha256/'))).toEqual([]);
      expect(report?.reused).toContain('image/overlay2/imagedb');
      const upper = report?.walked.filter((w) => w.kind === 'container-layers') ?? [];
      expect(upper).toHaveLength(1);

      // Reused or read, the totals are still du's.
      const disk = await getJson<DiskUsage>('/api/disk');
      expect(disk.dataRoot?.diskBytes).toBe(await du(['-x', '-B1', '-s'], engine.dataRoot));
      const list = await getJson<ContainerList>('/api/containers');
      const written = list.containers.find((c) => c.id === id);
      const layer = written?.writableLayer?.directory ?? '';
      expect(written?.writableLayer?.diskBytes).toBe(await du(['-B1', '-s'], layer));
      expect(written?.writableLayer?.diskBytes).toBeGreaterThanOrEqual(300_000);
    } finally {
      await engine.docker(['rm', '-f', name]);
    }
  });

  it('survives a restart: a new server reads no known layer again', async () => {
    app.engines.default.diskTruth.refresh();
    await app.engines.default.diskTruth.whenIdle();
    const layers = app.engines.default.diskTruth.lastScanReport()?.cached.length ?? 0;
    // A restart: the first server ends (it holds the state directory's lock while it runs),
    // and the rest of this file goes on with the new one.
    await app.close();
    const restarted = await newApp();
    app = restarted;
    await getJson<DiskUsage>('/api/disk', restarted);
    await restarted.engines.default.diskTruth.whenIdle();
    const report = restarted.engines.default.diskTruth.lastScanReport();
    expect(report?.walked.filter((w) => w.kind === 'image-layers')).toEqual([]);
    expect(report?.cached).toHaveLength(layers);
  });

  it('reads every directory again on a full rescan', async () => {
    const accepted = await postScan({ full: true });
    expect(accepted.statusCode, accepted.body).toBe(202);
    await app.engines.default.diskTruth.whenIdle();
    const report = app.engines.default.diskTruth.lastScanReport();
    expect(report?.full).toBe(true);
    expect(report?.cached).toEqual([]);
    expect(report?.walked.filter((w) => w.kind === 'image-layers').length).toBeGreaterThan(8);
  });
});

describe('without disk access', () => {
  it('shows the engine’s figures and says what to change', async () => {
    const away = await buildApp({
      dockerHost: engine.dockerHost,
      dataRoot: '/nonexistent/docker',
      watchEngine: false,
      allowedHosts: ['localhost:80'],
    });
    apps.push(away);
    await getJson<DiskUsage>('/api/disk', away);
    await away.engines.default.diskTruth.whenIdle();
    const disk = await getJson<DiskUsage>('/api/disk', away);
    expect(disk.measurement).toMatchObject({ measured: false, scan: { state: 'unavailable' } });
    expect(disk.measurement.reason).toContain('DOCKER_DATA_ROOT');
    expect(disk.dataRoot).toBeNull();
    expect(disk.images.count).toBeGreaterThan(0);
    // Layers stored twice need the layer records: the answer says where they were looked for
    // and what to set, as the disk's does.
    const diffs = await away.inject({ method: 'GET', url: '/api/duplicates/diffs' });
    expect(diffs.statusCode).toBe(503);
    expect(diffs.json()).toMatchObject({ code: 'LAYER_STORE_UNREADABLE' });
    expect(diffs.json<{ message: string }>().message).toContain('DOCKER_DATA_ROOT');
    const detail = await getJson<ImageDetail>(`/api/images/${fx.appOne.id}`, away);
    expect(detail.layers[0]?.diskBytes).toBeNull();
    expect(detail.layers[0]?.notMeasuredReason).toContain('DOCKER_DATA_ROOT');
  });
});
