import type { ContainerList, DataRootPartKind, DiskUsage, LayerSummary } from '@footprint/shared';

export type FootprintKey =
  | 'image-unique'
  | 'image-shared'
  | 'container-layers'
  | 'volumes'
  | 'build-cache'
  | 'logs'
  | 'orphans'
  | 'other'
  | 'unexplained';

/** One category of the data root, with the engine's figure and the measured one beside it. */
export interface FootprintRow {
  key: FootprintKey;
  label: string;
  /** The engine's own figure (/system/df, layerdb sizes); null where the engine has none. */
  engineBytes: number | null;
  /** Measured on disk (`du -B1`); null when not measured (yet). */
  diskBytes: number | null;
}

export interface FootprintInput {
  disk: DiskUsage;
  /** GET /api/layers/summary: image layers held by one image, and shared. */
  layers?: LayerSummary | undefined;
  containers?: ContainerList | undefined;
}

const otherKinds: readonly DataRootPartKind[] = [
  'overlay2-metadata',
  'image-metadata',
  'containers',
  'network',
  'plugins',
  'tmp',
  'swarm',
  'other',
];

function sumNullable(values: readonly (number | null | undefined)[]): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null || value === undefined) return null;
    total += value;
  }
  return total;
}

/**
 * The categories of the overview chart. On disk, the parts of the data-root breakdown are
 * grouped so that the rows add up to the data root's total (parts + unexplained = total, as the
 * API guarantees); a part the breakdown does not list holds 0 bytes. Logs are taken out of the
 * containers/ part when every container's logs were measured.
 */
export function footprintRows({ disk, layers, containers }: FootprintInput): FootprintRow[] {
  const root = disk.dataRoot;
  const part = (...kinds: DataRootPartKind[]): number | null =>
    root === null
      ? null
      : root.parts
          .filter((candidate) => kinds.includes(candidate.kind))
          .reduce((sum, candidate) => sum + candidate.diskBytes, 0);

  const splitOnDisk =
    root !== null && layers?.unique.diskBytes != null && layers.shared.diskBytes != null;
  const logs =
    root !== null && containers !== undefined
      ? sumNullable(containers.containers.map((container) => container.logs?.diskBytes))
      : null;
  const other = part(...otherKinds);
  // Image layers that cannot be split on disk stay whole in "other" so the rows still add up.
  const imageLayersWhole = splitOnDisk ? 0 : (part('image-layers') ?? 0);

  return [
    {
      key: 'image-unique',
      label: 'Image layers, unique',
      engineBytes: layers?.unique.engineBytes ?? null,
      diskBytes: splitOnDisk ? (layers?.unique.diskBytes ?? null) : null,
    },
    {
      key: 'image-shared',
      label: 'Image layers, shared',
      engineBytes: layers?.shared.engineBytes ?? null,
      diskBytes: splitOnDisk ? (layers?.shared.diskBytes ?? null) : null,
    },
    {
      key: 'container-layers',
      label: 'Container writable layers',
      engineBytes: disk.containers.totalBytes,
      diskBytes: part('container-layers', 'container-init-layers'),
    },
    {
      key: 'volumes',
      label: 'Volumes',
      engineBytes: disk.volumes.totalBytes,
      diskBytes: part('volumes'),
    },
    {
      key: 'build-cache',
      label: 'Build cache',
      engineBytes: disk.buildCache.totalBytes,
      diskBytes: part('build-cache-layers', 'buildkit'),
    },
    { key: 'logs', label: 'Container logs', engineBytes: null, diskBytes: logs },
    {
      key: 'orphans',
      label: 'Orphaned layers',
      engineBytes: null,
      diskBytes: part('orphan-layers'),
    },
    {
      key: 'other',
      label: splitOnDisk ? 'Metadata and other' : 'Metadata, other, unsplit layers',
      engineBytes: null,
      diskBytes: other === null ? null : other - (logs ?? 0) + imageLayersWhole,
    },
    {
      key: 'unexplained',
      label: 'Unexplained',
      engineBytes: null,
      diskBytes: root?.unexplained.diskBytes ?? null,
    },
  ];
}
