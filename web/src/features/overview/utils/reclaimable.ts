import type { DiskUsage, LayerSummary } from '@footprint/shared';
import { dockerImagesReclaimableNote } from '../../disk/utils/disk-rows';

export interface ReclaimableRow {
  key: string;
  label: string;
  /** null: not known (yet). */
  bytes: number | null;
  source: 'engine' | 'disk';
  count: number | null;
  /** The filtered list of what it would remove. */
  link: string;
  description: string;
  /**
   * The same kind as `docker system df` counts it, where its definition differs from this row's
   * (images: the CLI counts every layer no image in use holds alone as reclaimable, so layers that
   * images in use share are counted too). Shown beside the row, labelled, never instead of it.
   */
  dockerCount?: { bytes: number; note: string };
}

/**
 * What could come back, by kind, each with the list of what it would remove. Images: the layers
 * that only those images hold (removing them all together), in engine sizes, as the server sums
 * them from the layer list (GET /api/layers/summary).
 */
export function reclaimableRows(
  disk: DiskUsage,
  layers: LayerSummary | undefined,
): ReclaimableRow[] {
  const imageRow = (
    key: string,
    label: string,
    /** Also the images page's filter that lists them. */
    kind: keyof LayerSummary['onlyIn'],
    description: string,
    dockerCount?: ReclaimableRow['dockerCount'],
  ): ReclaimableRow => {
    const freed = layers?.onlyIn[kind];
    return {
      key,
      label,
      bytes: freed !== undefined && freed.unknownLayers === 0 ? freed.engineBytes : null,
      source: 'engine',
      count: freed?.images ?? null,
      link: `/images?filter=${kind}`,
      description,
      ...(dockerCount ? { dockerCount } : {}),
    };
  };
  const rows: ReclaimableRow[] = [
    imageRow('dangling-images', 'Dangling images', 'dangling', 'Images no tag points at'),
    imageRow(
      'unused-images',
      'Unused images',
      'unused',
      'Images no container uses (includes the dangling ones)',
      { bytes: disk.images.reclaimableBytes, note: dockerImagesReclaimableNote },
    ),
    {
      key: 'stopped-containers',
      label: 'Stopped containers',
      bytes: disk.containers.reclaimableBytes,
      source: 'engine',
      count: disk.containers.count - disk.containers.active,
      link: '/containers?state=stopped',
      description: 'Their writable layers',
    },
    {
      key: 'unused-volumes',
      label: 'Unused volumes',
      bytes: disk.volumes.reclaimableBytes,
      source: 'engine',
      count: disk.volumes.count - disk.volumes.active,
      link: '/volumes?filter=unused',
      description: 'Volumes no container mounts',
    },
    {
      key: 'build-cache',
      label: 'Build cache',
      bytes: disk.buildCache.reclaimableBytes,
      source: 'engine',
      count: null,
      link: '/build-cache?filter=reclaimable',
      description: 'Records neither in use nor shared with images',
    },
  ];
  if (disk.orphans !== null) {
    rows.push({
      key: 'orphans',
      label: 'Orphaned layer directories',
      // The set's own du (shared hard links once), not its rows added: see OrphansTotal.
      bytes: disk.orphans.diskBytes,
      source: 'disk',
      count: disk.orphans.dirs.length,
      link: '#orphans',
      description: 'overlay2/ directories nothing references (shared hard links once)',
    });
  }
  return rows;
}
