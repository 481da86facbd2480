import type { DiskUsage, Health, ImageList, ImageSummary } from '@footprint/shared';
import type { EngineDiskUsage } from '../features/disk/utils/disk-rows';

/** A full image ID from one repeated hex digit: hexId('a') = "sha256:aaaa…" (64 digits). */
export function hexId(digit: string): string {
  return `sha256:${digit.repeat(64)}`;
}

export function image(fields: Partial<ImageSummary> & { id: string }): ImageSummary {
  const repoTags = fields.repoTags ?? [];
  const size = fields.size ?? 0;
  const sharedSize = fields.sharedSize ?? 0;
  return {
    repoDigests: [],
    created: '2024-01-01T00:00:00Z',
    containers: 0,
    lastUsed: null,
    ...fields,
    repoTags,
    dangling: repoTags.length === 0,
    size,
    sharedSize,
    uniqueSize: fields.uniqueSize ?? size - sharedSize,
  };
}

export const healthUp: Health = {
  status: 'ok',
  engine: {
    reachable: true,
    endpoint: '/var/run/docker.sock',
    message: null,
    version: '27.5.1',
    apiVersion: '1.47',
    storageDriver: 'overlay2',
    dockerRootDir: '/var/lib/docker',
    os: 'Debian GNU/Linux 12 (bookworm)',
  },
};

export const healthDown: Health = {
  status: 'engine-unreachable',
  engine: {
    reachable: false,
    endpoint: '/tmp/nowhere.sock',
    message:
      'The Docker engine at /tmp/nowhere.sock is not reachable (connect ENOENT /tmp/nowhere.sock).',
    version: null,
    apiVersion: null,
    storageDriver: null,
    dockerRootDir: null,
    os: null,
  },
};

export function imageList(images: ImageSummary[]): ImageList {
  return { images, lastUseKnownSince: '2024-01-01T00:00:00Z' };
}

export const engineDiskUsage: EngineDiskUsage = {
  images: { count: 5, active: 2, totalBytes: 1_000_000_000, reclaimableBytes: 250_000_000 },
  containers: { count: 3, active: 1, totalBytes: 30_000, reclaimableBytes: 10_000 },
  volumes: { count: 0, active: 0, totalBytes: 0, reclaimableBytes: 0 },
  buildCache: { count: 10, active: 0, totalBytes: 2_000_000, reclaimableBytes: 2_000_000 },
};

/** GET /api/disk when nothing asked for the on-disk scan yet: only the engine's figures. */
export const diskUsage: DiskUsage = {
  source: 'engine',
  engineMeasuredAt: '2026-11-20T10:00:00.000Z',
  ...engineDiskUsage,
  measurement: {
    backend: 'overlay2',
    driver: 'overlay2',
    dataRoot: '/var/lib/docker',
    rootless: false,
    measured: false,
    reason: null,
    measuredAt: null,
    kept: false,
    scan: {
      state: 'never',
      scanId: null,
      full: false,
      startedAt: null,
      finishedAt: null,
      partsDone: 0,
      partsTotal: 0,
      partsCached: 0,
      directoriesRead: 0,
      message: null,
    },
    partial: false,
    warnings: [],
    vanishedEntries: 0,
    mountsSkipped: 0,
  },
  dataRoot: null,
  orphans: null,
};
