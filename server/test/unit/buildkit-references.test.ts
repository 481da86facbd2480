import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBuildKitReferences } from '../../src/storage/overlay-references.js';

/*
 * BuildKit's bbolt databases searched for overlay2/ directory names, on real files: what a
 * database mentions is kept while it is the same file, and found again once it changes.
 */

const base = mkdtempSync(join(tmpdir(), 'fp-buildkit-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

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
