import type { Searchable } from '../domain/duplicate-pages.js';
import { extraOf } from '../domain/duplicate-pages.js';
import { duplicatedCopies } from '../domain/duplicated-diffs.js';
import type { ImageLayers } from '../domain/types.js';
import type { LayerStoreReader as LayerStore } from '../storage/backends/storage-backend.js';
import type { LayerDisks } from './disk-truth.js';
import { compare } from './duplicate-files.js';

/*
 * One diff stored under several chains (the same layer content on different bases), each copy
 * with three figures, labelled apart because they differ: the size the engine recorded for the
 * diff (layerdb; what `docker image ls` adds up), and its directory on disk as `du -B1` and
 * `du -b` see it in the last scan (the directory holds more than the diff: its link, lower and
 * work entries, and blocks round up). The overview's "Layers stored twice" reads this answer too.
 */

export interface DiffCopyFigures {
  chainId: string;
  cacheId: string | null;
  engineBytes: number;
  diskBytes: number | null;
  apparentBytes: number | null;
}

export interface DiffGroup extends Searchable {
  diffId: string;
  copies: DiffCopyFigures[];
  /** Every image holding one of the copies. */
  imageCount: number;
  engineBytes: number;
  extraEngineBytes: number;
  extraDiskBytes: number | null;
  extraApparentBytes: number | null;
}

export interface DiffGroups {
  groups: DiffGroup[];
  /** Why disk figures are missing, when some are; null when every copy is measured. */
  notMeasuredReason: string | null;
  /** When they were worked out. */
  computedAt: string;
}

/** Each duplicated diff with its copies' figures, most extra engine bytes first. */
export async function groupDiffs(
  layers: readonly ImageLayers[],
  store: LayerStore,
  disks: LayerDisks,
): Promise<DiffGroups> {
  const byDiff = duplicatedCopies(layers);
  const chains = [...byDiff.values()].flatMap((copies) => [...copies.keys()]);
  const metadata = new Map(
    (await store.readLayers(chains)).map((layer, index) => [chains[index] as string, layer]),
  );
  let notMeasuredReason: string | null = null;
  const groups: DiffGroup[] = [];
  for (const [diffId, copiesByChain] of byDiff) {
    const copies: DiffCopyFigures[] = [];
    const images = new Set<string>();
    for (const [chainId, holders] of copiesByChain) {
      const layer = metadata.get(chainId) ?? null;
      // Removed while we looked: that copy is gone.
      if (layer === null) continue;
      const disk = disks.of(layer.cacheId);
      if (disk.notMeasuredReason !== null) notMeasuredReason ??= disk.notMeasuredReason;
      copies.push({
        chainId,
        cacheId: layer.cacheId,
        engineBytes: layer.size,
        diskBytes: disk.diskBytes,
        apparentBytes: disk.apparentBytes,
      });
      for (const id of holders) images.add(id);
    }
    if (copies.length < 2) continue;
    copies.sort((a, b) => b.engineBytes - a.engineBytes || compare(a.chainId, b.chainId));
    groups.push({
      diffId,
      copies,
      imageCount: images.size,
      engineBytes: Math.max(...copies.map((copy) => copy.engineBytes)),
      extraEngineBytes: extraOf(copies.map((copy) => copy.engineBytes)) ?? 0,
      extraDiskBytes: extraOf(copies.map((copy) => copy.diskBytes)),
      extraApparentBytes: extraOf(copies.map((copy) => copy.apparentBytes)),
      text: diffId,
      chainIds: copies.map((copy) => copy.chainId),
    });
  }
  groups.sort((a, b) => b.extraEngineBytes - a.extraEngineBytes || compare(a.diffId, b.diffId));
  return { groups, notMeasuredReason, computedAt: new Date().toISOString() };
}
