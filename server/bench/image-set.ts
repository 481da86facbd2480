import { createHash } from 'node:crypto';
import { chainIds } from '../src/domain/layers.js';
import { buildWithBuildKit, fixtureSpecs } from '../test/helpers/fixtures.js';
import {
  type ImageSpec,
  imageArchive,
  type LayerEntry,
  type LayerSpec,
} from '../test/helpers/image-archive.js';
import type { PrivateEngine } from '../test/helpers/private-engine.js';

/*
 * A large, realistic local image set, deterministic from a seed, loaded into a (private) engine
 * with `docker load` of generated archives: no registry, no build. A handful of bases, many
 * repositories whose tags share a dependency layer, a long tail of small files and a few big
 * ones, dangling images, stopped containers with writable layers and logs, volumes and build
 * cache.
 */

export interface ImageSetSize {
  /** Tagged images (plus `danglingImages` untagged ones). */
  images: number;
  bases: number;
  /** Distinct layers in all, bases included. */
  layers: number;
  /** Files in all layers together. */
  files: number;
  /** Mean file size in bytes; the spread around it is heavy-tailed. */
  meanFileBytes: number;
  danglingImages: number;
  containers: number;
  volumes: number;
}

export const imageSetSizes = {
  /** The scale the benchmark targets: a busy CI host (latency is measured at 2,000 images). */
  full: {
    images: 2000,
    bases: 5,
    layers: 5000,
    files: 1_000_000,
    meanFileBytes: 3000,
    danglingImages: 50,
    containers: 40,
    volumes: 10,
  },
  /**
   * A tenth of full's images and a twentieth of its files: the second engine of the full run
   * (generated in a few minutes), or a quicker run of its own.
   */
  medium: {
    images: 200,
    bases: 3,
    layers: 500,
    files: 50_000,
    meanFileBytes: 3000,
    danglingImages: 10,
    containers: 6,
    volumes: 3,
  },
  /** Small enough for a test run. */
  small: {
    images: 24,
    bases: 2,
    layers: 80,
    files: 3000,
    meanFileBytes: 2000,
    danglingImages: 3,
    containers: 3,
    volumes: 2,
  },
  /** The second engine of a test run: only enough to show the two-engine run's plumbing. */
  tiny: {
    images: 4,
    bases: 1,
    layers: 8,
    files: 200,
    meanFileBytes: 2000,
    danglingImages: 1,
    containers: 1,
    volumes: 1,
  },
} satisfies Record<string, ImageSetSize>;

export interface GeneratedImageSet {
  images: number;
  layers: number;
  files: number;
  apparentBytes: number;
  containers: number;
}

/** mulberry32: a tiny deterministic PRNG, enough for shaping test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Heavy-tailed sizes: most files small, a few large; the mean is `mean`. */
function fileSize(next: () => number, mean: number): number {
  const roll = next();
  if (roll < 0.7) return Math.floor(next() * mean * 0.4);
  if (roll < 0.97) return Math.floor(mean * (0.5 + next() * 2));
  if (roll < 0.999) return Math.floor(mean * (5 + next() * 30));
  return Math.floor(mean * (100 + next() * 400));
}

/** Content: a unique header then bytes from a shared pool (cheap, yet every file differs). */
function contentMaker(seed: number) {
  const pool = Buffer.alloc(8 << 20);
  for (let offset = 0, block = 0; offset < pool.length; block++) {
    offset += createHash('sha256').update(`${seed}:pool:${block}`).digest().copy(pool, offset);
  }
  return (id: string, size: number): Buffer => {
    const header = Buffer.from(`${id}\n`);
    if (size <= header.length) return header.subarray(0, size);
    const start =
      (header.length * 7919) %
      (pool.length - size + header.length > 0 ? pool.length - size + header.length : 1);
    return Buffer.concat([header, pool.subarray(start, start + size - header.length)]);
  };
}

function makeLayer(
  name: string,
  files: number,
  next: () => number,
  mean: number,
  content: ReturnType<typeof contentMaker>,
): LayerSpec {
  const entries: LayerEntry[] = [];
  const dirs = Math.max(1, Math.round(Math.sqrt(files) / 2));
  for (let index = 0; index < files; index++) {
    const path = `${name}/d${index % dirs}/f${index}.dat`;
    entries.push({
      type: 'file',
      path,
      content: content(`${name}/${index}`, fileSize(next, mean)),
    });
  }
  return { entries, createdBy: `generated ${name}` };
}

/** Splits `total` into `parts` whole numbers that add up to it. */
function spread(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, index) => Math.floor((total * (index + 1)) / parts) - Math.floor((total * index) / parts),
  );
}

export async function generateImageSet(
  engine: PrivateEngine,
  size: ImageSetSize,
  seed: number,
  onProgress: (message: string) => void = () => {},
): Promise<GeneratedImageSet> {
  const next = random(seed);
  const content = contentMaker(seed);
  const present = new Set<string>();
  let apparentBytes = 0;
  const countBytes = (layer: LayerSpec) => {
    for (const entry of layer.entries)
      if (entry.type === 'file') apparentBytes += Buffer.byteLength(entry.content);
    return layer;
  };

  // Bases: three layers each, holding 30% of the files, like distribution images.
  const baseLayerCount = size.bases * 3;
  const [baseFiles = 0, appFiles = 0] = [
    Math.round(size.files * 0.3),
    size.files - Math.round(size.files * 0.3),
  ];
  const baseFilesPerLayer = spread(baseFiles, baseLayerCount);
  const bases: LayerSpec[][] = [];
  for (let base = 0; base < size.bases; base++) {
    bases.push(
      [0, 1, 2].map((layer) =>
        countBytes(
          makeLayer(
            `base${base}/l${layer}`,
            baseFilesPerLayer[base * 3 + layer] ?? 0,
            next,
            size.meanFileBytes,
            content,
          ),
        ),
      ),
    );
  }

  // Repositories of ~5 tags share a dependency layer; each tag adds its own layers on top.
  const repos = Math.max(1, Math.round(size.images / 5));
  const ownLayersTotal = Math.max(size.images, size.layers - baseLayerCount - repos);
  const ownLayers = spread(ownLayersTotal, size.images);
  const appLayerCount = repos + ownLayersTotal;
  const filesPerAppLayer = spread(appFiles, appLayerCount);
  let appLayerIndex = 0;
  const nextAppLayer = (name: string) =>
    countBytes(
      makeLayer(name, filesPerAppLayer[appLayerIndex++] ?? 0, next, size.meanFileBytes, content),
    );

  const tagsPerRepo = spread(size.images, repos);
  const batch: ImageSpec[] = [];
  let loaded = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const { archive, images } = await imageArchive(batch, { presentChains: present });
    await engine.docker(['load', '-q'], { input: archive });
    for (const image of images) for (const chain of chainIds(image.diffIds)) present.add(chain);
    loaded += batch.length;
    onProgress(`loaded ${loaded} images`);
    batch.length = 0;
  };

  let image = 0;
  for (let repo = 0; repo < repos; repo++) {
    const base = bases[repo % size.bases] ?? [];
    const deps = nextAppLayer(`repo${repo}/deps`);
    for (let tag = 0; tag < (tagsPerRepo[repo] ?? 0); tag++, image++) {
      const own = Array.from({ length: ownLayers[image] ?? 1 }, (_, layer) =>
        nextAppLayer(`repo${repo}/t${tag}/l${layer}`),
      );
      batch.push({ tags: [`bench/repo${repo}:v${tag}`], layers: [...base, deps, ...own] });
      if (batch.length >= 40) await flush();
    }
  }
  await flush();

  // Dangling images: loaded without a tag.
  for (let index = 0; index < size.danglingImages; index++) {
    const layer = countBytes(makeLayer(`dangling${index}`, 10, next, size.meanFileBytes, content));
    batch.push({ tags: [], layers: [...(bases[index % size.bases] ?? []), layer] });
  }
  await flush();

  // Stopped containers with writable layers and logs, volumes, and a BuildKit build cache.
  await engine.docker(['load', '-q'], {
    input: (await imageArchive([fixtureSpecs.busybox])).archive,
  });
  const busybox = fixtureSpecs.busybox.tags[0] as string;
  for (let index = 0; index < size.containers; index++) {
    const kilobytes = 1 + Math.floor(next() * 200);
    await engine.docker([
      'run',
      '--network',
      'none',
      '--name',
      `bench-c${index}`,
      ...(index < size.volumes ? ['-v', `bench-v${index}:/data`] : []),
      busybox,
      'sh',
      '-c',
      `i=0; while [ $i -lt 50 ]; do echo "log line $i of container ${index}"; i=$((i+1)); done; dd if=/dev/zero of=/tmp/w bs=1000 count=${kilobytes} 2>/dev/null; [ -d /data ] && cp /tmp/w /data/w || true`,
    ]);
  }
  for (let index = size.containers; index < size.volumes; index++)
    await engine.docker(['volume', 'create', `bench-v${index}`]);
  await buildWithBuildKit(engine, 'bench/built:1', [
    `FROM ${busybox}`,
    'RUN dd if=/dev/zero of=/built bs=1000 count=100 2>/dev/null',
  ]);
  onProgress('containers, volumes and build cache made');

  return {
    images: size.images + size.danglingImages,
    layers: baseLayerCount + appLayerCount + size.danglingImages,
    files: size.files + size.danglingImages * 10,
    apparentBytes,
    containers: size.containers,
  };
}
