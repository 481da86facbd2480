import { readFileSync } from 'node:fs';
import {
  type BuiltImage,
  type ImageSpec,
  imageArchive,
  type LayerSpec,
  seededBytes,
  tarOfFiles,
} from './image-archive.js';
import type { PrivateEngine } from './private-engine.js';

/*
 * The standard fixture set every integration and end-to-end test starts from: two bases,
 * images sharing a base, the same diff on both bases, whiteouts, hard links, odd file names,
 * an image tagged in several repositories, a dangling image, and a runnable busybox image in
 * use by a stopped container that wrote to its writable layer.
 */

export const repo = 'footprint-fixture';

const baseAlphaLayer: LayerSpec = {
  createdBy: 'ADD alpha-rootfs.tar /',
  entries: [
    { type: 'file', path: 'etc/os-release', content: 'NAME="Alpha"\nID=alpha\n' },
    { type: 'file', path: 'usr/lib/alpha.bin', content: seededBytes('alpha', 200_000) },
    { type: 'hardlink', path: 'usr/lib/alpha-hardlink.bin', target: 'usr/lib/alpha.bin' },
    { type: 'symlink', path: 'usr/lib/alpha-symlink', target: '/usr/lib/alpha.bin' },
    { type: 'symlink', path: 'usr/lib/escape', target: '../../../../../../etc/shadow' },
    { type: 'file', path: 'usr/share/doc/file with spaces.txt', content: 'spaces\n' },
    { type: 'file', path: 'usr/share/doc/ünïcødé-名前.txt', content: 'unicode\n' },
    { type: 'file', path: 'usr/share/doc/line\nbreak.txt', content: 'newline in name\n' },
    { type: 'file', path: 'usr/share/doc/<script>alert(1)</script>.txt', content: 'markup\n' },
    { type: 'file', path: `usr/share/doc/${'long-'.repeat(40)}name.txt`, content: 'long\n' },
    { type: 'dir', path: 'var/cache/alpha' },
    { type: 'file', path: 'var/cache/alpha/index.db', content: seededBytes('alpha-cache', 30_000) },
  ],
};

const baseBetaLayer: LayerSpec = {
  createdBy: 'ADD beta-rootfs.tar /',
  entries: [
    { type: 'file', path: 'etc/os-release', content: 'NAME="Beta"\nID=beta\n' },
    { type: 'file', path: 'usr/lib/beta.bin', content: seededBytes('beta', 150_000) },
  ],
};

/** The same diff, placed on both bases: stored twice, once per chain. */
const appOneLayer: LayerSpec = {
  createdBy: 'COPY app-one /app',
  entries: [{ type: 'file', path: 'app/one.bin', content: seededBytes('app-one', 50_000) }],
};

const appTwoLayer: LayerSpec = {
  createdBy: 'RUN rm -rf /usr/lib/alpha.bin /var/cache/alpha && install app-two',
  entries: [
    { type: 'file', path: 'app/two.bin', content: seededBytes('app-two', 70_000) },
    { type: 'whiteout', path: 'usr/lib/alpha.bin' },
    { type: 'opaque', path: 'var/cache/alpha' },
    { type: 'file', path: 'var/cache/alpha/fresh.db', content: seededBytes('fresh', 1_000) },
  ],
};

function busyboxLayer(): LayerSpec {
  const applets = ['sh', 'ls', 'cat', 'echo', 'rm', 'mkdir', 'sleep', 'true', 'dd', 'cp', 'touch'];
  return {
    createdBy: 'COPY busybox /bin/busybox',
    entries: [
      { type: 'file', path: 'bin/busybox', content: readFileSync('/bin/busybox'), mode: 0o755 },
      ...applets.map((applet) => ({
        type: 'symlink' as const,
        path: `bin/${applet}`,
        target: 'busybox',
      })),
      { type: 'dir', path: 'tmp', mode: 0o1777 },
      { type: 'file', path: 'etc/motd', content: 'written by the image\n' },
      { type: 'file', path: 'etc/deleted-later', content: 'the container deletes me\n' },
    ],
  };
}

export const fixtureSpecs = {
  baseAlpha: { tags: [`${repo}/base-alpha:1`], layers: [baseAlphaLayer] },
  baseBeta: { tags: [`${repo}/base-beta:1`], layers: [baseBetaLayer] },
  appOne: {
    tags: [`${repo}/app:1`, `${repo}/app:latest`, `registry.example:5000/team/app:1`],
    layers: [baseAlphaLayer, appOneLayer],
    cmd: ['/app/one.bin'],
    metadataSteps: ['ENV MODE=one', 'CMD ["/app/one.bin"]'],
    labels: {
      'org.example.note': '<script>alert("label")</script>',
      'org.example.bidi': 'safe\u202Etxt.exe',
    },
  },
  appTwo: { tags: [`${repo}/app:2`], layers: [baseAlphaLayer, appTwoLayer] },
  appOnBeta: { tags: [`${repo}/app-on-beta:1`], layers: [baseBetaLayer, appOneLayer] },
  busybox: { tags: [`${repo}/busybox:1`], layers: [busyboxLayer()], cmd: ['/bin/sh'] },
  /** Loaded first and then replaced under the same tag: it becomes dangling. */
  replaced: {
    tags: [`${repo}/moving:1`],
    layers: [{ entries: [{ type: 'file', path: 'version', content: 'old\n' }] }],
  },
  replacement: {
    tags: [`${repo}/moving:1`],
    layers: [{ entries: [{ type: 'file', path: 'version', content: 'new\n' }] }],
  },
} satisfies Record<string, ImageSpec>;

export type FixtureName = keyof typeof fixtureSpecs | 'built';

export interface Fixtures {
  images: Record<FixtureName, BuiltImage>;
  /** A stopped container of the busybox image that added, changed and deleted files. */
  stoppedContainerId: string;
}

/** Loads an archive of the given images into the engine with `docker load`. */
/**
 * `docker run` of the busybox fixture writing `bytes` (a multiple of 1,000) of zeros to
 * /written in its writable layer; the container stays, stopped.
 */
export async function runWriter(engine: PrivateEngine, name: string, bytes: number): Promise<void> {
  await engine.docker([
    'run',
    '--network',
    'none',
    '--name',
    name,
    fixtureSpecs.busybox.tags[0] as string,
    'dd',
    'if=/dev/zero',
    'of=/written',
    'bs=1000',
    `count=${bytes / 1000}`,
  ]);
}

export async function loadImages(engine: PrivateEngine, specs: ImageSpec[]): Promise<BuiltImage[]> {
  const { archive, images } = await imageArchive(specs);
  await engine.docker(['load'], { input: archive });
  return images;
}

/**
 * The `run` arguments of the standard stopped container, footprint-stopped: the busybox fixture
 * with no network, running `script` (what it writes lands in its writable layer). The Docker and
 * the Podman fixtures both make it.
 */
export function stoppedContainerRun(script: string): string[] {
  return [
    'run',
    '--name',
    'footprint-stopped',
    '--network',
    'none',
    `${repo}/busybox:1`,
    'sh',
    '-c',
    script,
  ];
}

export async function loadStandardFixtures(engine: PrivateEngine): Promise<Fixtures> {
  const { replaced, replacement, ...rest } = fixtureSpecs;
  const names = Object.keys(rest) as (keyof typeof rest)[];
  const loaded = await loadImages(
    engine,
    names.map((name) => rest[name]),
  );
  const [replacedImage] = await loadImages(engine, [replaced]);
  const [replacementImage] = await loadImages(engine, [replacement]);
  const images = Object.fromEntries(names.map((name, index) => [name, loaded[index]])) as Record<
    FixtureName,
    BuiltImage
  >;
  images.replaced = replacedImage as BuiltImage;
  images.replacement = replacementImage as BuiltImage;

  const stoppedContainerId = (
    await engine.docker(
      stoppedContainerRun(
        'echo added > /added.txt && echo changed >> /etc/motd && rm /etc/deleted-later && dd if=/dev/zero of=/tmp/blob bs=1000 count=64 2>/dev/null',
      ),
    )
  ).trim();
  const id = (await engine.docker(['inspect', '--format', '{{.Id}}', 'footprint-stopped'])).trim();

  // Volumes: a named one in use by a stopped container, an unused named one with data, and an
  // empty one.
  const busybox = `${repo}/busybox:1`;
  const writeVolume = (mount: string, name: string) =>
    engine.docker([
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      mount,
      busybox,
      'sh',
      '-c',
      `dd if=/dev/zero of=/data/${name} bs=1000 count=20 2>/dev/null`,
    ]);
  await engine.docker(['volume', 'create', 'footprint-unused']);
  await writeVolume('footprint-unused:/data', 'unused');
  await engine.docker(['volume', 'create', 'footprint-empty']);
  await engine.docker([
    'create',
    '--name',
    'footprint-volume-user',
    '--network',
    'none',
    '-v',
    'footprint-used:/data',
    busybox,
    'true',
  ]);
  await writeVolume('footprint-used:/data', 'used');

  // A BuildKit build on the busybox image leaves real build cache records.
  const built = await buildWithBuildKit(engine, `${repo}/built:1`, [
    `FROM ${busybox}`,
    'RUN dd if=/dev/zero of=/built.bin bs=1000 count=30 2>/dev/null',
  ]);
  images.built = built;
  return { images, stoppedContainerId: id || stoppedContainerId };
}

/**
 * `docker build` with the legacy builder, untagged, and no network: each step's image stays as
 * an untagged parent of the next, and no image event is sent (only the steps' containers').
 * Returns the built image's ID.
 */
export async function buildUntaggedWithLegacyBuilder(
  engine: PrivateEngine,
  dockerfile: string[],
): Promise<string> {
  const context = await tarOfFiles({ Dockerfile: `${dockerfile.join('\n')}\n` });
  const id = await engine.docker(['build', '--network=none', '-q', '-'], {
    input: context,
    legacyBuilder: true,
  });
  return id.trim();
}

/** `docker build` with BuildKit and no network, from a Dockerfile given as lines. */
export async function buildWithBuildKit(
  engine: PrivateEngine,
  tag: string,
  dockerfile: string[],
): Promise<BuiltImage> {
  const context = await tarOfFiles({ Dockerfile: `${dockerfile.join('\n')}\n` });
  await engine.docker(['build', '--network=none', '-q', '-t', tag, '-'], { input: context });
  const id = (await engine.docker(['image', 'inspect', '--format', '{{.Id}}', tag])).trim();
  const diffIds = JSON.parse(
    await engine.docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', tag]),
  ) as string[];
  return { id, tags: [tag], diffIds };
}
