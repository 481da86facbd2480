import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findBuildKitReferences,
  readMountRecords,
} from '../../src/storage/backends/overlay2/overlay-references.js';
import { BulkReader } from '../../src/storage/bulk-read/bulk-read.js';

/*
 * What names overlay2/'s directories, on real files laid out as the engine lays them out: the
 * containers' mount records, taken from the last read while the container is there, and
 * BuildKit's bbolt databases, searched again only once they change.
 */

const base = mkdtempSync(join(tmpdir(), 'fp-buildkit-'));
// The bulk reader, as an app has it (a few records: read on the event loop).
const reader = new BulkReader();
afterAll(async () => {
  await reader.close();
  rmSync(base, { recursive: true, force: true });
});

describe('readMountRecords', () => {
  it('reads new containers, keeps known ones while listed, and drops removed ones', async () => {
    const root = join(base, 'mounts-root');
    const mounts = join(root, 'image', 'overlay2', 'layerdb', 'mounts');
    const container = (id: string, mountId: string, initId: string | null) => {
      mkdirSync(join(mounts, id), { recursive: true });
      writeFileSync(join(mounts, id, 'mount-id'), mountId);
      if (initId !== null) writeFileSync(join(mounts, id, 'init-id'), `${initId}\n`);
    };
    container('c1', 'rw1', 'rw1-init');
    container('c2', 'rw2', null);
    const first = await readMountRecords(reader, root, 'overlay2');
    expect(first).toEqual([
      { containerId: 'c1', mountId: 'rw1', initId: 'rw1-init' },
      { containerId: 'c2', mountId: 'rw2', initId: null },
    ]);
    // c1 is taken as it was (its files are not read again: here they say otherwise), c2 is
    // gone, c3 is new.
    writeFileSync(join(mounts, 'c1', 'mount-id'), 'changed');
    rmSync(join(mounts, 'c2'), { recursive: true });
    container('c3', 'rw3', 'rw3-init');
    expect(await readMountRecords(reader, root, 'overlay2', first)).toEqual([
      { containerId: 'c1', mountId: 'rw1', initId: 'rw1-init' },
      { containerId: 'c3', mountId: 'rw3', initId: 'rw3-init' },
    ]);
    // A container whose mount-id is not written yet is left out, and read next time.
    mkdirSync(join(mounts, 'c4'));
    expect((await readMountRecords(reader, root, 'overlay2')).map((m) => m.containerId)).toEqual([
      'c1',
      'c3',
    ]);
  });
});

describe('findBuildKitReferences', () => {
  it('finds the names any database mentions, and sees a database change', async () => {
    const root = join(base, 'root');
    mkdirSync(join(root, 'buildkit'), { recursive: true });
    const snapshots = join(root, 'buildkit', 'snapshots.db');
    writeFileSync(snapshots, Buffer.concat([Buffer.alloc(4096), Buffer.from('snap-aaa\0')]));
    writeFileSync(join(root, 'buildkit', 'containerdmeta.db'), 'meta\0snap-bbb\0');
    writeFileSync(join(root, 'buildkit', 'notes.txt'), 'snap-ccc');

    const candidates = ['snap-aaa', 'snap-bbb', 'snap-ccc', 'orphan'];
    expect(await findBuildKitReferences(root, candidates)).toEqual(
      new Set(['snap-aaa', 'snap-bbb']),
    );
    // The same files: the same answer (kept), also for a new candidate read for.
    expect(await findBuildKitReferences(root, [...candidates, 'snap-ddd'])).toEqual(
      new Set(['snap-aaa', 'snap-bbb']),
    );
    // A database that grew mentions more.
    appendFileSync(snapshots, 'orphan\0');
    expect(await findBuildKitReferences(root, candidates)).toEqual(
      new Set(['snap-aaa', 'snap-bbb', 'orphan']),
    );
    expect(await findBuildKitReferences(root, [])).toEqual(new Set());
  });
});
