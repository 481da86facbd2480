import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';

/*
 * On-disk figures: the data root measured as `du` measures it, beside the engine's figures.
 * `diskBytes` is allocated space (st_blocks × 512, `du -B1 -s`); `apparentBytes` is the sum of
 * sizes (`du -b -s`); both count a hard-linked file once.
 */

const Bytes = (description: string) => Type.Integer({ minimum: 0, description });
const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const StorageBackendSchema = StringEnum(
  [
    'overlay2',
    'containers-storage',
    'containerd-snapshotter',
    'vfs',
    'btrfs',
    'zfs',
    'fuse-overlayfs',
    'unknown',
  ],
  {
    description:
      'How the engine stores layers. Measured on disk: overlay2 (Docker) and containers-storage ' +
      '(Podman, overlay driver).',
  },
);
export type StorageBackend = Type.Static<typeof StorageBackendSchema>;

export const ScanWarningSchema = Type.Object({
  path: Type.String({
    description:
      'Path under the data root. Bytes that are not UTF-8 are shown as \\xNN, control ' +
      'characters as \\n, \\t or \\xNN, a backslash as \\\\.',
  }),
  code: Type.String({ description: 'The system error, e.g. EACCES or ENAMETOOLONG.' }),
  message: Type.String(),
});
export type ScanWarning = Type.Static<typeof ScanWarningSchema>;

export const ScanStateSchema = StringEnum({
  never: 'No scan has started (nothing asked for disk figures).',
  running: '',
  done: '',
  failed: '',
  unavailable: 'Nothing to scan: see measurement.reason.',
});
export type ScanState = Type.Static<typeof ScanStateSchema>;

export const ScanStatusSchema = Type.Object({
  state: ScanStateSchema,
  scanId: Nullable(Type.String()),
  full: Type.Boolean({ description: 'The scan ignores cached layer results.' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  partsDone: Count('Directories measured so far (layer directories, data-root parts).'),
  partsTotal: Count('Directories this scan measures; partsDone / partsTotal is its progress.'),
  partsCached: Count('Image layer directories taken from the cache instead of being read.'),
  directoriesRead: Count('Directories whose entries this scan read.'),
  message: Nullable(Type.String({ description: 'Why the scan failed.' })),
});
export type ScanStatus = Type.Static<typeof ScanStatusSchema>;

export const DiskMeasurementSchema = Type.Object({
  backend: StorageBackendSchema,
  driver: Nullable(Type.String({ description: 'The engine’s storage driver name.' })),
  dataRoot: Nullable(Type.String({ description: 'The data root as this server reads it.' })),
  rootless: Type.Boolean(),
  measured: Type.Boolean({ description: 'On-disk figures below come from a complete scan.' }),
  reason: Nullable(
    Type.String({
      description:
        'Why there are no on-disk figures (backend, permissions) and what to change to get them.',
    }),
  ),
  measuredAt: Nullable(
    Type.String({ format: 'date-time', description: 'When the figures were taken.' }),
  ),
  kept: Type.Boolean({
    description:
      'The figures are the measurement kept from before the server started (taken at ' +
      'measuredAt), answered with until the first scan since the start is done.',
  }),
  scan: ScanStatusSchema,
  partial: Type.Boolean({
    description: 'Some entries could not be read: the figures are lower bounds (see warnings).',
  }),
  warnings: Type.Array(ScanWarningSchema, { description: 'At most 100.' }),
  vanishedEntries: Count('Entries removed while they were being walked (skipped).'),
  mountsSkipped: Count('Mount points not entered (a running container’s merged/, shm).'),
});
export type DiskMeasurement = Type.Static<typeof DiskMeasurementSchema>;

export const DataRootPartKindSchema = StringEnum({
  'image-layers': 'overlay2/ dirs of image layers (layerdb cache-id).',
  'container-layers': 'overlay2/ writable layers of containers.',
  'container-init-layers': 'overlay2/<id>-init of containers.',
  'build-cache-layers': 'overlay2/ dirs that BuildKit’s snapshot database references.',
  'orphan-layers': 'overlay2/ dirs nothing references.',
  'overlay2-metadata': 'overlay2/ itself and l/ (short links).',
  'image-metadata': 'image/: layer and image metadata.',
  containers: 'containers/: configs and log files.',
  volumes: '',
  buildkit: '',
  network: '',
  plugins: '',
  tmp: '',
  swarm: '',
  other: 'Anything else at the top of the data root, by name.',
});
export type DataRootPartKind = Type.Static<typeof DataRootPartKindSchema>;

export const DataRootPartSchema = Type.Object({
  kind: DataRootPartKindSchema,
  label: Type.String({ description: 'e.g. "overlay2/ image layers", "volumes/", "containerd/".' }),
  path: Type.String({ description: 'Relative to the data root, e.g. "overlay2/" or "volumes/".' }),
  diskBytes: Bytes('Allocated bytes.'),
  apparentBytes: Bytes('Sum of sizes.'),
  files: Count('Files (not directories), hard links once.'),
  entries: Count('How many directories this part groups (layer dirs); 1 for a plain one.'),
  description: Type.String({ description: 'What this part is, in a sentence.' }),
});
export type DataRootPart = Type.Static<typeof DataRootPartSchema>;

export const DataRootBreakdownSchema = Type.Object({
  path: Type.String(),
  diskBytes: Bytes('The data root’s total, equal to `du -x -B1 -s <data-root>`.'),
  apparentBytes: Bytes('Equal to `du -x -b -s <data-root>`.'),
  files: Count('Files in the data root, hard links once.'),
  parts: Type.Array(DataRootPartSchema, {
    description: 'Largest first. parts + unexplained add up to diskBytes exactly.',
  }),
  unexplained: Type.Object({
    diskBytes: Bytes('Bytes no part claims: the data root directory’s own entry.'),
    apparentBytes: Bytes(''),
    description: Type.String(),
  }),
});
export type DataRootBreakdown = Type.Static<typeof DataRootBreakdownSchema>;

export const OrphanDirSchema = Type.Object({
  name: Type.String({ description: 'Directory name under overlay2/.' }),
  path: Type.String({ description: 'Absolute path as this server sees it.' }),
  diskBytes: Bytes(
    'This directory alone, as `du -B1 -s <path>`: a file hard-linked into another orphan ' +
      'directory counts here and in that one’s row, once in the total.',
  ),
  apparentBytes: Bytes('This directory alone, as `du -b -s <path>`.'),
  files: Count('Files in this directory, hard links once.'),
  modifiedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type OrphanDir = Type.Static<typeof OrphanDirSchema>;

export const OrphansSchema = Type.Object({
  dirs: Type.Array(OrphanDirSchema, { description: 'Largest first.' }),
  diskBytes: Bytes(
    'All orphan dirs together, as one `du -x -B1 -s <dir> <dir> …`: a hard-linked file once, ' +
      'so the rows can add up to more. Equal to the breakdown’s orphans part unless an orphan ' +
      'shares a file with a directory of another part (the breakdown counts it in the first).',
  ),
  apparentBytes: Bytes('All orphan dirs together, as one `du -x -b -s <dir> <dir> …`.'),
  files: Count('Files in all orphan dirs together, hard links once.'),
  advice: Type.String({ description: 'What a user can safely do about them.' }),
});
export type Orphans = Type.Static<typeof OrphansSchema>;

/** The on-disk half of GET /api/disk. */
export const DiskTruthFields = {
  measurement: DiskMeasurementSchema,
  dataRoot: Nullable(DataRootBreakdownSchema),
  orphans: Nullable(OrphansSchema),
};

/** Disk figures of one image layer, added to each layer of GET /api/images/:id. */
export const LayerDiskFields = {
  directory: Nullable(
    Type.String({
      description: 'The layer’s directory (overlay2/<cache-id>) as this server sees it.',
    }),
  ),
  diskBytes: Nullable(Bytes('Equal to `du -B1 -s <directory>`; null when not measured.')),
  apparentBytes: Nullable(Bytes('Equal to `du -b -s <directory>`; null when not measured.')),
  files: Nullable(Count('Files in the directory, hard links once; null when not measured.')),
  notMeasuredReason: Nullable(Type.String({ description: 'Why the three figures are null.' })),
};

export const LayerDiskSchema = Type.Object(LayerDiskFields);
export type LayerDisk = Type.Static<typeof LayerDiskSchema>;

export const LogFileSchema = Type.Object({
  name: Type.String(),
  diskBytes: Bytes(''),
  apparentBytes: Bytes('The file’s size.'),
});
export type LogFile = Type.Static<typeof LogFileSchema>;

export const ContainerDiskSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  names: Type.Array(Type.String(), { description: 'Without the leading "/".' }),
  image: Type.String({ description: 'As the container was created from it (name or ID).' }),
  imageId: Type.String(),
  state: Type.String({ description: 'created, running, paused, restarting, exited, dead…' }),
  sizeRw: Nullable(Bytes('Writable layer as the engine reports it (SizeRw).')),
  writableLayer: Nullable(
    Type.Object({
      directory: Type.String(),
      diskBytes: Bytes('overlay2/<mount-id>, as `du -B1 -s`.'),
      apparentBytes: Bytes(''),
      initDiskBytes: Bytes('overlay2/<mount-id>-init: the files the engine adds (hosts, …).'),
    }),
  ),
  logs: Nullable(
    Type.Object({
      diskBytes: Bytes(''),
      apparentBytes: Bytes('Sum of the log files’ sizes.'),
      files: Type.Array(LogFileSchema),
    }),
  ),
  containerDirDiskBytes: Nullable(Bytes('containers/<id>/ as a whole, logs included.')),
  notMeasuredReason: Nullable(Type.String()),
});
export type ContainerDisk = Type.Static<typeof ContainerDiskSchema>;

export const ContainerListSchema = Type.Object({
  containers: Type.Array(ContainerDiskSchema),
  measurement: DiskMeasurementSchema,
  engineKeptAt: Type.Optional(
    Type.String({
      format: 'date-time',
      description:
        'Present while the engine’s container list (sizes included) is the one kept from ' +
        'before the server started, asked at this time; the engine is being asked again, and ' +
        'an inventory-changed event says when its answer is in.',
    }),
  ),
});
export type ContainerList = Type.Static<typeof ContainerListSchema>;

export const DiskScanRequestSchema = Type.Object({
  full: Type.Optional(
    Type.Boolean({ description: 'Ignore cached layer results and read every directory again.' }),
  ),
});
export type DiskScanRequest = Type.Static<typeof DiskScanRequestSchema>;

export const DiskScanAcceptedSchema = Type.Object({ measurement: DiskMeasurementSchema });
export type DiskScanAccepted = Type.Static<typeof DiskScanAcceptedSchema>;
