import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerChanges, TreeEntry, TreeListing, TreeSearch } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainIds } from '../../src/domain/layers.js';
import { changesImage } from '../helpers/change-fixtures.js';
import { loadImages } from '../helpers/fixtures.js';
import type { BuiltImage } from '../helpers/image-archive.js';
import { appOnPrivateEngine, fixtures, privateEngine } from './context.js';

/*
 * The explorer's change marks as dive shows them: a filter by change type, mode and owner per
 * entry, and in the merged view the layer that last changed each entry, on changesImage
 * (change-fixtures.ts: a file chmod/chowned in layer 2, /tmp written in layer 3, a whiteout in
 * layer 4, the top layer 5 adding /srv).
 */

const engine = privateEngine();
const { stoppedContainerId } = fixtures();
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let image: BuiltImage;

beforeAll(async () => {
  [image] = (await loadImages(engine, [changesImage])) as [BuiltImage];
  app = await appOnPrivateEngine(engine);
});
afterAll(async () => {
  await app.close();
  await engine.docker(['rmi', image.id]);
});

async function get<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

const tree = (query: string) => get<TreeListing>(`/api/images/${image.id}/tree?${query}`);
const names = (listing: TreeListing) => listing.entries.map((entry) => entry.name);
const byName = (listing: TreeListing) =>
  Object.fromEntries(listing.entries.map((entry) => [entry.name, entry])) as Record<
    string,
    TreeEntry
  >;

/** The diff directory of layer `index` (overlay2): what the engine unpacked. */
async function layerDirectory(index: number): Promise<string> {
  const chainId = chainIds(image.diffIds)[index] as string;
  const record = join(engine.dataRoot, 'image/overlay2/layerdb/sha256', chainId.slice(7));
  const cacheId = (await readFile(join(record, 'cache-id'), 'utf8')).trim();
  return join(engine.dataRoot, 'overlay2', cacheId, 'diff');
}

/** Mode bits and owner as lstat gives them for a path inside a layer's directory. */
async function statIn(index: number, path: string) {
  const stats = await lstat(join(await layerDirectory(index), path));
  return { mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid };
}

const ownerOf = (entry: TreeEntry | undefined) => ({
  mode: entry?.mode,
  uid: entry?.uid,
  gid: entry?.gid,
});

describe('mode and owner per entry', () => {
  it('equal lstat of the layer directory, layer by layer', async () => {
    const etc0 = byName(await tree('layer=0&view=layer&path=/etc'));
    expect(ownerOf(etc0['app.conf'])).toEqual(await statIn(0, 'etc/app.conf'));
    expect(ownerOf(etc0['app.conf'])).toEqual({ mode: 0o644, uid: 0, gid: 0 });
    const etc2 = byName(await tree('layer=2&view=layer&path=/etc'));
    expect(ownerOf(etc2['app.conf'])).toEqual(await statIn(2, 'etc/app.conf'));
    expect(ownerOf(etc2['app.conf'])).toEqual({ mode: 0o600, uid: 1000, gid: 2000 });
    const root0 = byName(await tree('layer=0&view=layer'));
    expect(ownerOf(root0.tmp)).toEqual(await statIn(0, 'tmp'));
    expect(root0.tmp?.mode).toBe(0o1777);
    const bin0 = byName(await tree('layer=0&view=layer&path=/bin'));
    expect(ownerOf(bin0.tool)).toEqual(await statIn(0, 'bin/tool'));
  });

  it('are what the last layer to change an entry gave it, in the merged view', async () => {
    const etc = byName(await tree('view=merged&path=/etc'));
    expect(ownerOf(etc['app.conf'])).toEqual(await statIn(2, 'etc/app.conf'));
    const root = byName(await tree('view=merged'));
    expect(ownerOf(root.tmp)).toEqual(await statIn(3, 'tmp'));
  });

  it('are none for a whiteout, which has no mode or owner of its own', async () => {
    const data = byName(await tree('layer=4&view=layer&path=/data'));
    expect(data['drop.txt']).toMatchObject({
      change: 'deleted',
      deletedBy: 'whiteout',
      mode: null,
      uid: null,
      gid: null,
    });
    // In the directory the engine keeps it as a 0/0 character device, not as a file's mode.
    const stats = await lstat(join(await layerDirectory(4), 'data/drop.txt'));
    expect(stats.isCharacterDevice()).toBe(true);
  });
});

describe('the layer that last changed each entry, in the merged view', () => {
  it('marks /tmp with layer 3, not "unchanged" only', async () => {
    const root = byName(await tree('view=merged'));
    expect(root.tmp?.change).toBe('unchanged');
    const marks = Object.fromEntries(
      Object.entries(root).map(([name, entry]) => [name, entry.lastChange]),
    );
    expect(marks).toEqual({
      bin: { layer: 0, change: 'added' },
      data: { layer: 4, change: 'modified' },
      etc: { layer: 2, change: 'modified' },
      opt: { layer: 1, change: 'added' },
      srv: { layer: 5, change: 'added' },
      tmp: { layer: 3, change: 'modified' },
    });
    const data = byName(await tree('view=merged&path=/data'));
    expect(data['keep.txt']?.lastChange).toEqual({ layer: 0, change: 'added' });
    const tmp = byName(await tree('view=merged&path=/tmp'));
    expect(tmp['cache.bin']?.lastChange).toEqual({ layer: 3, change: 'added' });
  });

  it('is the listed layer and its own change in a layer view', async () => {
    const listing = await tree('layer=2&view=layer&path=/etc');
    expect(listing.entries.map((entry) => [entry.name, entry.change, entry.lastChange])).toEqual([
      ['app.conf', 'modified', { layer: 2, change: 'modified' }],
    ]);
  });
});

describe('the change filter', () => {
  it('keeps entries of the chosen types in a layer, and the directories that lead to them', async () => {
    const modified = await tree('layer=2&view=layer&changes=modified');
    expect(modified.changes).toEqual(['modified']);
    expect(names(modified)).toEqual(['etc']);
    expect(names(await tree('layer=2&view=layer&path=/etc&changes=modified'))).toEqual([
      'app.conf',
    ]);
    expect((await tree('layer=2&view=layer&changes=added')).total).toBe(0);
    expect(names(await tree('layer=4&view=layer&changes=deleted'))).toEqual(['data']);
    expect(names(await tree('layer=4&view=layer&path=/data&changes=deleted'))).toEqual([
      'drop.txt',
    ]);
    // The bottom layer adds everything: nothing is modified or deleted there.
    expect((await tree('layer=0&view=layer&changes=modified,deleted')).total).toBe(0);
    expect(names(await tree('layer=0&view=layer&changes=added'))).toEqual([
      'bin',
      'data',
      'etc',
      'tmp',
    ]);
  });

  it('keeps, in the merged view, what lower layers left unchanged and where the top changed', async () => {
    // Through layer 4: it deleted /data/drop.txt; /data still shows keep.txt from layer 0.
    const deleted = await tree('layer=4&view=merged&changes=deleted');
    expect(names(deleted)).toEqual(['data']);
    expect(names(await tree('layer=4&view=merged&path=/data&changes=deleted'))).toEqual([
      'drop.txt',
    ]);
    const unchanged = await tree('layer=4&view=merged&changes=unchanged');
    expect(names(unchanged)).toEqual(['bin', 'data', 'etc', 'opt', 'tmp']);
    expect(byName(unchanged).data?.change).toBe('modified');
    expect(names(await tree('layer=4&view=merged&path=/data&changes=unchanged'))).toEqual([
      'keep.txt',
    ]);
    // Through the top: only /srv is its own, and nothing under it is from below.
    expect(names(await tree('view=merged&changes=added'))).toEqual(['srv']);
    expect(names(await tree('view=merged&changes=unchanged'))).toEqual([
      'bin',
      'data',
      'etc',
      'opt',
      'tmp',
    ]);
    // Sorted by size and paged, the filter holds across pages.
    const first = await tree('view=merged&changes=unchanged&sort=size&limit=2');
    const second = await tree('view=merged&changes=unchanged&sort=size&limit=2&offset=2');
    expect(first.total).toBe(5);
    expect([...names(first), ...names(second)]).toEqual(['tmp', 'bin', 'data', 'etc']);
  });

  it('filters search matches by their own change', async () => {
    const search = await get<TreeSearch>(
      `/api/images/${image.id}/tree/search?q=.t&view=merged&changes=added`,
    );
    expect(search.changes).toEqual(['added']);
    expect(search.entries.map((entry) => entry.path)).toEqual(['/srv/top.txt']);
    const all = await get<TreeSearch>(`/api/images/${image.id}/tree/search?q=.t&view=merged`);
    expect(all.entries.map((entry) => entry.path)).toEqual(['/data/keep.txt', '/srv/top.txt']);
  });

  it('refuses a change type it does not know, saying which it takes', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/images/${image.id}/tree?changes=added,renamed`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('added|modified|deleted|unchanged');
  });
});

describe('container changes', () => {
  it('name the image by its tags, and keep one order: bytes, then path', async () => {
    const changes = await get<ContainerChanges>(`/api/containers/${stoppedContainerId}/changes`);
    const tags = JSON.parse(
      await engine.docker(['image', 'inspect', '--format', '{{json .RepoTags}}', changes.imageId]),
    ) as string[];
    expect(changes.imageTags).toEqual(tags);
    expect(changes.imageTags.length).toBeGreaterThan(0);
    const order = [...changes.changes].sort(
      (a, b) =>
        b.apparentBytes - a.apparentBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    );
    expect(changes.changes.map((c) => c.path)).toEqual(order.map((c) => c.path));
    const again = await get<ContainerChanges>(`/api/containers/${stoppedContainerId}/changes`);
    expect(again.changes.map((c) => c.path)).toEqual(changes.changes.map((c) => c.path));
  });
});
