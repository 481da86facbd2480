import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineStateDir } from '../../src/state/state-dir.js';
import { enginesDirOf, stateRootOf } from '../../src/state/state-root.js';
import { anyKeptMeasurement, writeKeptMeasurement } from '../../src/storage/kept-measurement.js';

/*
 * How server.ts tells a warm restart (a measurement kept by an earlier run, so the first scan's
 * threads are not started before the server loads) from a first start, on state roots laid out
 * as the server lays them out: an engine's directory by state-dir.ts, its measurement written by
 * kept-measurement.ts.
 */

const base = mkdtempSync(join(tmpdir(), 'fp-warm-detect-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('stateRootOf', () => {
  it('is FOOTPRINT_STATE_DIR, else $XDG_STATE_HOME/docker-footprint, else under HOME', () => {
    expect(stateRootOf({ FOOTPRINT_STATE_DIR: '/srv/fp', XDG_STATE_HOME: '/x', HOME: '/h' })).toBe(
      '/srv/fp',
    );
    expect(stateRootOf({ XDG_STATE_HOME: '/x', HOME: '/h' })).toBe('/x/docker-footprint');
    expect(stateRootOf({ HOME: '/h' })).toBe('/h/.local/state/docker-footprint');
  });
});

describe('anyKeptMeasurement', () => {
  const identity = { engineId: 'ABCD:EFGH', name: 'host', dockerRootDir: '/var/lib/docker' };

  it('is false without a state root, without engines, and for an engine with nothing kept', () => {
    const root = join(base, 'first');
    expect(anyKeptMeasurement(enginesDirOf(root))).toBe(false);
    mkdirSync(enginesDirOf(root), { recursive: true });
    expect(anyKeptMeasurement(enginesDirOf(root))).toBe(false);
    const engineDir = engineStateDir(root, identity);
    mkdirSync(engineDir, { recursive: true });
    writeFileSync(join(engineDir, 'disk-scan-cache.json'), '{}');
    expect(anyKeptMeasurement(enginesDirOf(root))).toBe(false);
  });

  it('is true once an engine’s measurement was kept', async () => {
    const root = join(base, 'warm');
    mkdirSync(join(enginesDirOf(root), 'another-engine'), { recursive: true });
    await writeKeptMeasurement(
      engineStateDir(root, identity),
      '2049',
      {
        measuredAt: '2026-12-07T19:00:00.000Z',
        dataRoot: identity.dockerRootDir,
        breakdown: {
          path: identity.dockerRootDir,
          diskBytes: 4096,
          apparentBytes: 4096,
          files: 0,
          parts: [],
          unexplained: { diskBytes: 4096, apparentBytes: 4096, description: '' },
        },
        orphans: { diskBytes: 0, apparentBytes: 0, files: 0, dirs: [], advice: '' },
        overlayDirs: new Map(),
        containers: new Map(),
        warnings: [],
        vanishedEntries: 0,
        mountsSkipped: 0,
      },
      new Map(),
    );
    expect(anyKeptMeasurement(enginesDirOf(root))).toBe(true);
  });
});
