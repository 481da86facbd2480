import { describe, expect, it } from 'vitest';
import { isContainerLog } from '../../src/domain/container-logs.js';
import { toContainerDisk } from '../../src/domain/containers.js';
import {
  attributeHardLinks,
  buildBreakdown,
  figuresTogether,
  type MeasuredEntry,
} from '../../src/domain/data-root-breakdown.js';
import { displayPath } from '../../src/domain/display-path.js';
import { duplicatedCopies } from '../../src/domain/duplicated-diffs.js';
import { chainIds } from '../../src/domain/layers.js';
import { classifyOverlayDir } from '../../src/domain/overlay-dirs.js';
import { detectBackend } from '../../src/domain/storage-backend.js';

const sha = (char: string) => `sha256:${char.repeat(64)}`;

describe('detectBackend', () => {
  it('measures overlay2 only', () => {
    expect(
      detectBackend({ driver: 'overlay2', containerdSnapshotter: false, rootless: true }),
    ).toEqual({ backend: 'overlay2', measurable: true, reason: null });
  });

  it('names the containerd image store even though its driver reads "overlayfs"', () => {
    const verdict = detectBackend({
      driver: 'overlayfs',
      containerdSnapshotter: true,
      rootless: false,
    });
    expect(verdict).toMatchObject({ backend: 'containerd-snapshotter', measurable: false });
    expect(verdict.reason).toContain('containerd');
  });

  it.each(['vfs', 'btrfs', 'zfs', 'fuse-overlayfs'] as const)('explains %s', (driver) => {
    const verdict = detectBackend({ driver, containerdSnapshotter: false, rootless: false });
    expect(verdict.backend).toBe(driver);
    expect(verdict.measurable).toBe(false);
    expect(verdict.reason).toMatch(/engine’s figures/);
  });

  it('never guesses for an unknown driver and names it', () => {
    const verdict = detectBackend({
      driver: 'aufs',
      containerdSnapshotter: false,
      rootless: false,
    });
    expect(verdict).toMatchObject({ backend: 'unknown', measurable: false });
    expect(verdict.reason).toContain('"aufs"');
  });
});

function entry(
  kind: MeasuredEntry['kind'],
  partPath: string,
  diskBytes: number,
  apparentBytes: number,
  files: number,
  linkedInodes: MeasuredEntry['linkedInodes'] = [],
  self = false,
): MeasuredEntry {
  return { kind, partPath, self, figures: { diskBytes, apparentBytes, files }, linkedInodes };
}

describe('attributeHardLinks', () => {
  it('counts an inode linked into two entries in the first one only', () => {
    // Entry A: 3 files, 12 288 bytes on disk, one of them (4096 B, 100 B apparent) hard-linked
    // into entry B too. B alone: 2 files, 8192 B. Together, as one du: 12 288 + 8192 − 4096.
    const a = entry('image-layers', 'overlay2/', 12_288, 300, 3, [['1:7', 4096, 100]]);
    const b = entry('volumes', 'volumes/', 8192, 150, 2, [['1:7', 4096, 100]]);
    expect(attributeHardLinks([a, b])).toEqual([
      { diskBytes: 12_288, apparentBytes: 300, files: 3 },
      { diskBytes: 4096, apparentBytes: 50, files: 1 },
    ]);
  });
});

describe('figuresTogether', () => {
  it('counts an inode linked into two orphan directories once, as one du over both', () => {
    // Orphan A: 2 files, 16 384 B on disk, 9000 B apparent; orphan B: 2 files, 12 288 B, 7000
    // B. Both hold the same 8192 B (6000 B apparent) file. Added: 28 672 B, 16 000 B, 4 files;
    // one du over both: 28 672 − 8192 = 20 480 B, 16 000 − 6000 = 10 000 B, 3 files.
    const a = entry('orphan-layers', 'overlay2/', 16_384, 9000, 2, [['1:9', 8192, 6000]]);
    const b = entry('orphan-layers', 'overlay2/', 12_288, 7000, 2, [['1:9', 8192, 6000]]);
    const together = { diskBytes: 20_480, apparentBytes: 10_000, files: 3 };
    expect(figuresTogether([a, b])).toEqual(together);
    expect(figuresTogether([b, a])).toEqual(together);
    expect(figuresTogether([])).toEqual({ diskBytes: 0, apparentBytes: 0, files: 0 });
  });
});

describe('buildBreakdown', () => {
  const root = { diskBytes: 4096, apparentBytes: 4096, files: 0 };
  const entries = [
    entry('overlay2-metadata', 'overlay2/', 4096, 4096, 0, [], true),
    entry('image-layers', 'overlay2/', 20_480, 10_000, 4),
    entry('image-layers', 'overlay2/', 8192, 5000, 1),
    entry('orphan-layers', 'overlay2/', 12_288, 9000, 2),
    entry('other', 'containerd/', 4096, 4096, 0),
    entry('other', 'engine-id', 4096, 36, 1),
  ];
  const breakdown = buildBreakdown('/var/lib/docker', root, entries);

  it('adds every entry and the data root’s own entry to the total', () => {
    // 4096 + 4096 + 20 480 + 8192 + 12 288 + 4096 + 4096 = 57 344
    expect(breakdown.diskBytes).toBe(57_344);
    // 4096 + 4096 + 10 000 + 5000 + 9000 + 4096 + 36 = 36 324
    expect(breakdown.apparentBytes).toBe(36_324);
    expect(breakdown.files).toBe(8);
    const sum = breakdown.parts.reduce((total, part) => total + part.diskBytes, 0);
    expect(sum + breakdown.unexplained.diskBytes).toBe(breakdown.diskBytes);
    expect(breakdown.unexplained.diskBytes).toBe(4096);
  });

  it('groups layers by kind and anything else by name, largest first', () => {
    expect(breakdown.parts.map((part) => [part.label, part.diskBytes, part.entries])).toEqual([
      ['overlay2/ image layers', 28_672, 2],
      ['overlay2/ orphans', 12_288, 1],
      ['containerd/', 4096, 1],
      ['engine-id', 4096, 1],
      ['overlay2/ itself and l/', 4096, 1],
    ]);
  });
});

describe('classifyOverlayDir', () => {
  const refs = {
    imageLayers: new Set(['a']),
    containerLayers: new Set(['c']),
    initLayers: new Set(['c-init']),
    buildCache: new Set(['b']),
  };
  it.each([
    ['a', 'image-layers'],
    ['c', 'container-layers'],
    ['c-init', 'container-init-layers'],
    ['b', 'build-cache-layers'],
    ['x', 'orphan-layers'],
  ])('%s is %s', (name, kind) => {
    expect(classifyOverlayDir(name, refs)).toBe(kind);
  });
});

describe('duplicatedCopies', () => {
  const base1 = sha('1');
  const base2 = sha('2');
  const app = sha('a');
  const images = [
    { id: sha('e'), diffIds: [base1, app] },
    { id: sha('f'), diffIds: [base2, app] },
    { id: sha('d'), diffIds: [base1] },
    { id: sha('c'), diffIds: [base1, app] },
  ];
  const [, onBase1] = chainIds([base1, app]);
  const [, onBase2] = chainIds([base2, app]);

  it('finds the same diff on two bases, with the images holding each copy', () => {
    const copies = duplicatedCopies(images);
    expect([...copies.keys()]).toEqual([app]);
    expect(copies.get(app)).toEqual(
      new Map([
        [onBase1, new Set([sha('e'), sha('c')])],
        [onBase2, new Set([sha('f')])],
      ]),
    );
  });

  it('leaves out a diff stored once however many images share it', () => {
    expect(duplicatedCopies(images.filter((image) => image.id !== sha('f'))).size).toBe(0);
  });
});

describe('displayPath', () => {
  it('keeps UTF-8 and escapes control characters, backslashes and invalid bytes', () => {
    expect(displayPath(Buffer.from('ünïcødé-名前.txt'))).toBe('ünïcødé-名前.txt');
    expect(displayPath(Buffer.from('line\nbreak\\tab\t'))).toBe('line\\nbreak\\\\tab\\t');
    expect(displayPath(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).toBe('a\\xff\\xfeb');
    // An overlong "/" (0xc0 0xaf) and a lone continuation byte are not UTF-8.
    expect(displayPath(Buffer.from([0xc0, 0xaf, 0x80]))).toBe('\\xc0\\xaf\\x80');
    expect(displayPath(Buffer.from('safe\u202Etxt'))).toBe('safe\\u{202e}txt');
  });
});

describe('container logs', () => {
  const id = 'c'.repeat(64);
  it('knows the json-file and local drivers’ files', () => {
    expect(isContainerLog(id, `${id}-json.log`)).toBe(true);
    expect(isContainerLog(id, `${id}-json.log.1.gz`)).toBe(true);
    expect(isContainerLog(id, 'local-logs')).toBe(true);
    expect(isContainerLog(id, 'config.v2.json')).toBe(false);
  });

  it('adds up the log files of a container', () => {
    const disk = toContainerDisk(
      { id, names: ['web'], image: 'nginx', imageId: sha('9'), state: 'exited', sizeRw: 10 },
      {
        writableLayer: {
          directory: '/d/overlay2/m',
          figures: { diskBytes: 8192, apparentBytes: 4200, files: 1 },
        },
        initLayer: { diskBytes: 4096, apparentBytes: 100, files: 3 },
        containerDir: {
          figures: { diskBytes: 20_480, apparentBytes: 9000, files: 4 },
          children: [
            { name: `${id}-json.log`, diskBytes: 4096, apparentBytes: 1500, files: 1 },
            { name: `${id}-json.log.1`, diskBytes: 8192, apparentBytes: 5000, files: 1 },
            { name: 'hostconfig.json', diskBytes: 4096, apparentBytes: 1400, files: 1 },
          ],
        },
      },
      null,
    );
    expect(disk.logs).toMatchObject({ diskBytes: 12_288, apparentBytes: 6500 });
    expect(disk.logs?.files).toHaveLength(2);
    expect(disk.writableLayer).toEqual({
      directory: '/d/overlay2/m',
      diskBytes: 8192,
      apparentBytes: 4200,
      initDiskBytes: 4096,
    });
  });
});
