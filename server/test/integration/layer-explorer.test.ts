import type {
  ContainerChanges,
  DuplicateDiffsPage,
  DuplicateFilesPage,
  ImageAnalysis,
  TreeEntry,
  TreeListing,
  TreeSearch,
} from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImages } from '../helpers/fixtures.js';
import type { BuiltImage } from '../helpers/image-archive.js';
import { wasteImage } from '../helpers/waste-fixtures.js';
import { appOnPrivateEngine, fixtures, privateEngine } from './context.js';

const engine = privateEngine();
const { images: fx, stoppedContainerId } = fixtures();
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let waste: BuiltImage;

beforeAll(async () => {
  [waste] = (await loadImages(engine, [wasteImage])) as [BuiltImage];
  app = await appOnPrivateEngine(engine);
});
afterAll(async () => {
  await app.close();
  await engine.docker(['rmi', waste.id]);
});

async function getJson<T>(url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

const tree = (query: string) => getJson<TreeListing>(`/api/images/${waste.id}/tree?${query}`);
const byName = (entries: TreeEntry[]) => Object.fromEntries(entries.map((e) => [e.name, e]));

/*
 * The waste image, layer by layer (bytes of files):
 *   0 ADD       etc/conf 1,000, data/big.bin 10,000, data/moved.bin 3,000, cache/a 2,000,
 *               cache/b 500, opq/old 700, del.bin 400                       = 17,600
 *   1 COPY      data/big.bin again, same bytes                               = 10,000
 *   2 chmod     etc/conf again, mode 0600                                    =  1,000
 *   3 mv        whiteout data/moved.bin, data/moved-to.bin                   =  3,000
 *   4 rm        whiteout del.bin                                             =      0
 *   5 rm -rf    whiteout cache (a directory)                                 =      0
 *   6 opaque    opq/ made opaque, opq/new                                    =    100
 *   7 cp        data/big-copy.bin, the same bytes as big.bin                 = 10,000
 * Stored: 41,700. Copies nobody sees: big.bin@0 10,000 + conf@0 1,000 + moved.bin 3,000 +
 * del.bin 400 + cache/a 2,000 + cache/b 500 + opq/old 700 = 17,600. Visible: 24,100.
 */
describe('image analysis of an image with waste built in', () => {
  it('lists every copy a later layer overwrote, deleted or hid, and the reclaimable bytes', async () => {
    const analysis = await getJson<ImageAnalysis>(`/api/images/${waste.id}/analysis`);
    expect(analysis.layers.map((layer) => layer.apparentBytes)).toEqual([
      17_600, 10_000, 1000, 3000, 0, 0, 100, 10_000,
    ]);
    expect(analysis.layers.map((layer) => layer.createdBy)).toEqual(
      wasteImage.layers.map((layer) => layer.createdBy),
    );
    expect(analysis.totalApparentBytes).toBe(41_700);
    expect(analysis.reclaimableBytes).toBe(17_600);
    expect(analysis.visibleApparentBytes).toBe(24_100);
    expect(
      analysis.wastedFiles.map((file) => [
        file.path,
        file.reclaimableBytes,
        file.copies.map((copy) => `${copy.fate}@${copy.layer}`).join(' '),
      ]),
    ).toEqual([
      ['/data/big.bin', 10_000, 'overwritten@0 kept@1'],
      ['/data/moved.bin', 3000, 'deleted@0'],
      ['/cache/a', 2000, 'deleted@0'],
      ['/etc/conf', 1000, 'overwritten@0 kept@2'],
      ['/opq/old', 700, 'hidden@0'],
      ['/cache/b', 500, 'deleted@0'],
      ['/del.bin', 400, 'deleted@0'],
    ]);
    // Which layer lost what: 1 overwrote 10,000; 2 1,000; 3 deleted 3,000; 4 400; 5 2,500;
    // 6 hid 700.
    expect(analysis.layers.map((l) => [l.replacedBytes, l.deletedBytes])).toEqual([
      [0, 0],
      [10_000, 0],
      [1000, 0],
      [0, 3000],
      [0, 400],
      [0, 2500],
      [0, 700],
      [0, 0],
    ]);
  });

  it('gives dive’s efficiency score and wasted bytes exactly as dive computes them', async () => {
    const { dive } = await getJson<ImageAnalysis>(`/api/images/${waste.id}/analysis`);
    // dive, per path (every copy / smallest copy): /etc/conf 2,000/1,000; /data/big.bin
    // 20,000/10,000; /data/moved.bin 3,000/0 and /del.bin 400/0 (a whiteout of a file counts
    // 0); /cache 2,500/2,500 (a whiteout of a directory counts what it held, as its own
    // minimum: no penalty); /cache/a 2,000, /cache/b 500, /opq/old 700 (the opaque marker is
    // ignored: no penalty), /opq/new 100, /data/moved-to.bin 3,000, /data/big-copy.bin 10,000
    // once each. Σ every = 44,200; Σ smallest = 29,800; score = 29,800 / 44,200 = 149/221.
    expect(dive.efficiency).toBeCloseTo(149 / 221, 12);
    expect(dive.efficiency).toBeCloseTo(0.674208, 6);
    // dive's wasted bytes: all copies of paths seen twice, 20,000 + 3,000 + 2,000 + 400.
    expect(dive.wastedBytes).toBe(25_400);
    expect(dive.inefficiencies.map((i) => [i.path, i.count, i.cumulativeBytes])).toEqual([
      ['/data/big.bin', 2, 20_000],
      ['/data/moved.bin', 2, 3000],
      ['/etc/conf', 2, 2000],
      ['/del.bin', 2, 400],
    ]);
    // All layers but the first: 41,700 − 17,600.
    expect(dive.sizeBytes).toBe(41_700);
    expect(dive.userSizeBytes).toBe(24_100);
    expect(dive.userWastedPercent).toBeCloseTo(25_400 / 24_100, 12);
  });

  it('answers 404 for an unknown image and 400 for a malformed one', async () => {
    const unknown = await app.inject({
      method: 'GET',
      url: `/api/images/sha256:${'0'.repeat(64)}/analysis`,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('IMAGE_NOT_FOUND');
    const bad = await app.inject({ method: 'GET', url: '/api/images/UPPER:case/analysis' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('layer trees', () => {
  it('marks a layer’s entries added, modified or deleted against the layers below', async () => {
    const mv = await tree('layer=3&view=layer&path=/data');
    expect(mv.layer).toMatchObject({ index: 3, diffId: waste.diffIds[3] });
    const data = byName(mv.entries);
    expect(data['moved.bin']).toMatchObject({
      change: 'deleted',
      deletedBy: 'whiteout',
      kind: 'file',
      apparentBytes: 0,
      deletedBytes: 3000,
    });
    expect(data['moved-to.bin']).toMatchObject({ change: 'added', apparentBytes: 3000 });
    expect(mv.total).toBe(2);

    const chmod = await tree('layer=2&view=layer&path=/etc');
    expect(byName(chmod.entries).conf).toMatchObject({
      change: 'modified',
      mode: 0o600,
      replacedBytes: 1000,
    });

    const rmDir = await tree('layer=5&view=layer');
    expect(byName(rmDir.entries).cache).toMatchObject({
      change: 'deleted',
      kind: 'dir',
      deletedBytes: 2500,
    });

    const opaque = await tree('layer=6&view=layer&path=/opq');
    expect(opaque.directory).toMatchObject({ opaque: true, change: 'modified', deletedBytes: 700 });
    expect(byName(opaque.entries)).toMatchObject({
      new: { change: 'added', apparentBytes: 100 },
      old: { change: 'deleted', deletedBy: 'opaque', deletedBytes: 700 },
    });
  });

  it('shows the merged view a container gets, with the listed layer’s deletions marked', async () => {
    const top = await tree('path=/data&sort=size');
    expect(top.view).toBe('merged');
    expect(top.layer.index).toBe(7);
    expect(top.entries.map((e) => [e.name, e.apparentBytes, e.layer, e.change])).toEqual([
      ['big-copy.bin', 10_000, 7, 'added'],
      ['big.bin', 10_000, 1, 'unchanged'],
      ['moved-to.bin', 3000, 3, 'unchanged'],
    ]);
    expect(top.directory).toMatchObject({ apparentBytes: 23_000, fileCount: 3 });
    const root = await tree('');
    expect(root.directory).toMatchObject({ apparentBytes: 24_100, fileCount: 5 });
    expect(root.entries.map((e) => e.name)).toEqual(['data', 'etc', 'opq']);

    // Through layer 5, the merged root lists cache/ as deleted by that layer.
    const five = await tree('layer=5');
    expect(byName(five.entries).cache).toMatchObject({ change: 'deleted', deletedBytes: 2500 });
    expect(five.directory.apparentBytes).toBe(
      17_600 + 10_000 + 1000 + 3000 - 10_000 - 1000 - 3000 - 400 - 2500,
    );
  });

  it('shows links without following them and names as inert text', async () => {
    const lib = await getJson<TreeListing>(
      `/api/images/${fx.baseAlpha.id}/tree?path=${encodeURIComponent('/usr/lib')}`,
    );
    const entries = byName(lib.entries);
    expect(entries['alpha-hardlink.bin']).toMatchObject({
      kind: 'hardlink',
      linkTarget: 'usr/lib/alpha.bin',
    });
    expect(entries.escape).toMatchObject({
      kind: 'symlink',
      linkTarget: '../../../../../../etc/shadow',
      apparentBytes: 0,
    });
    const doc = await getJson<TreeListing>(
      `/api/images/${fx.baseAlpha.id}/tree?path=/usr/share/doc`,
    );
    const names = doc.entries.map((e) => e.name);
    expect(names).toContain('line\\nbreak.txt');
    expect(names).toContain('ünïcødé-名前.txt');
    const newline = doc.entries.find((e) => e.name === 'line\\nbreak.txt');
    // The path is the exact key: it lists the entry's directory again.
    expect(newline?.path).toBe('/usr/share/doc/line\nbreak.txt');
    expect(newline?.nameBytes).toBeNull();
  });

  it('refuses paths that climb out, and answers 404 for what is not there', async () => {
    for (const path of ['../etc', '/data/../../etc', '..']) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/images/${waste.id}/tree?path=${encodeURIComponent(path)}`,
      });
      expect(response.statusCode, path).toBe(400);
      expect(response.json().code).toBe('INVALID_TREE_PATH');
    }
    const missing = await app.inject({
      method: 'GET',
      url: `/api/images/${waste.id}/tree?path=/nope`,
    });
    expect(missing.statusCode).toBe(404);
    const file = await app.inject({
      method: 'GET',
      url: `/api/images/${waste.id}/tree?path=/etc/conf`,
    });
    expect(file.json().code).toBe('NOT_A_DIRECTORY');
    const layer = await app.inject({ method: 'GET', url: `/api/images/${waste.id}/tree?layer=8` });
    expect(layer.statusCode).toBe(404);
    expect(layer.json().code).toBe('LAYER_NOT_FOUND');
  });

  it('searches paths', async () => {
    const found = await getJson<TreeSearch>(`/api/images/${waste.id}/tree/search?q=BIG`);
    expect(found.total).toBe(2);
    expect(found.entries.map((e) => e.path).sort()).toEqual([
      '/data/big-copy.bin',
      '/data/big.bin',
    ]);
  });
});

describe('duplicates across images', () => {
  it('finds identical files in several layers by size, then content hash', async () => {
    const dup = await getJson<DuplicateFilesPage>('/api/duplicates/files?minBytes=1000&limit=500');
    const paths = (sizes: number) =>
      dup.files
        .filter((group) => group.apparentBytes === sizes)
        .flatMap((group) => group.copies.map((copy) => copy.path))
        .sort();
    // big.bin at layers 0 and 1, and its cp at layer 7: three copies, 20,000 savable.
    expect(paths(10_000)).toEqual(['/data/big-copy.bin', '/data/big.bin', '/data/big.bin']);
    expect(dup.files.find((g) => g.apparentBytes === 10_000)?.savableBytes).toBe(20_000);
    expect(paths(3000)).toEqual(['/data/moved-to.bin', '/data/moved.bin']);
    expect(paths(1000)).toContain('/etc/conf');
    // The standard fixtures' app-one layer is stored under two chains.
    const { diffs } = await getJson<DuplicateDiffsPage>('/api/duplicates/diffs');
    const appOne = diffs.find((diff) => diff.diffId === fx.appOne.diffIds[1]);
    expect(appOne?.copies).toHaveLength(2);
    expect(appOne?.extraEngineBytes).toBe(50_000);
    expect(paths(50_000)).toEqual(['/app/one.bin', '/app/one.bin']);
  });
});

describe('what a container wrote', () => {
  it('matches `docker diff` entry for entry, with sizes, biggest first', async () => {
    const written = await getJson<ContainerChanges>(
      `/api/containers/${stoppedContainerId}/changes`,
    );
    const reference = await engine.api<{ Path: string; Kind: number }[]>(
      `/v1.41/containers/${stoppedContainerId}/changes`,
    );
    const kinds = ['changed', 'added', 'deleted'];
    expect(written.changes.map((c) => `${c.change} ${c.path}`).sort()).toEqual(
      reference.map((c) => `${kinds[c.Kind]} ${c.Path}`).sort(),
    );
    // The CLI agrees too: "A /added.txt", "C /etc/motd", "D /etc/deleted-later", ...
    const cli = (await engine.docker(['diff', stoppedContainerId])).trim().split('\n').sort();
    expect(written.changes.map((c) => `${c.change[0]?.toUpperCase()} ${c.path}`).sort()).toEqual(
      cli,
    );

    const sizes = Object.fromEntries(written.changes.map((c) => [c.path, c.apparentBytes]));
    // dd wrote 64 × 1,000 bytes; "added\n"; the image's 21-byte motd plus "changed\n".
    expect(sizes['/tmp/blob']).toBe(64_000);
    expect(sizes['/added.txt']).toBe(6);
    expect(sizes['/etc/motd']).toBe(29);
    // Deleted: what the image had, "the container deletes me\n".
    expect(sizes['/etc/deleted-later']).toBe(25);
    expect(written.writtenBytes).toBe(64_000 + 6 + 29);
    const order = written.changes.map((c) => c.apparentBytes);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it('answers an empty list for a container that was created but never started', async () => {
    // The engine answers `null` there (Engine API 1.41), which docker-modem hands back as the
    // raw body: mapping over it lost the rejections of every entry's promise and ended the
    // process.
    const id = (await engine.docker(['create', fx.appOne.id, '/bin/true'])).trim();
    try {
      const written = await getJson<ContainerChanges>(`/api/containers/${id}/changes`);
      expect(written.containerId).toBe(id);
      expect(written.changes).toEqual([]);
      expect(written.writtenBytes).toBe(0);
    } finally {
      await engine.docker(['rm', id]);
    }
  });

  it('answers 404 for an unknown container', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/containers/nope-nope/changes' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('CONTAINER_NOT_FOUND');
  });
});
