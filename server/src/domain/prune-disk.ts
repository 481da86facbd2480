import type { PlannedItem } from './prune-types.js';

/*
 * What removing each planned item takes off the disk, as paths under the data root: an image's
 * freed layer directories with their short links and layer records, and its config; a
 * container's writable and -init layers with their links, containers/<id> (config and logs) and
 * its mount record; a volume's directory. The figures are `du -B1 -s` of those paths: a quiet
 * data root loses exactly their sum (tests compare with du before and after). Pure: the
 * layer directories' names and short links come in, paths and sums go out.
 */

export interface RemovalLayout {
  /** The storage driver's directory name: overlay2. */
  driver: string;
  /** The layer directory of a chain (layerdb cache-id); null when not known. */
  cacheIdOf(chainId: string): string | null;
  /** A layer directory's short name under overlay2/l/ (its `link` file); null when none. */
  linkOf(cacheId: string): string | null;
  /** A container's writable and -init layer directories (layerdb/mounts); null when unknown. */
  mountsOf(containerId: string): { mountId: string; initId: string | null } | null;
}

const hex = (id: string) => id.replace(/^sha256:/, '');

function layerPaths(layout: RemovalLayout, cacheId: string): string[] {
  const link = layout.linkOf(cacheId);
  return [`${layout.driver}/${cacheId}`, ...(link !== null ? [`${layout.driver}/l/${link}`] : [])];
}

/**
 * The paths removing this item frees; null when they cannot be named (a layer whose directory
 * is not known, a build cache record: BuildKit's map from records to snapshot directories is
 * not read here). `freedChains`: the layers the plan says this image frees.
 */
export function removedPaths(
  item: Pick<PlannedItem, 'kind' | 'id'>,
  freedChains: readonly string[],
  layout: RemovalLayout,
): string[] | null {
  const { driver } = layout;
  switch (item.kind) {
    case 'image': {
      const paths = [
        `image/${driver}/imagedb/content/sha256/${hex(item.id)}`,
        `image/${driver}/imagedb/metadata/sha256/${hex(item.id)}`,
      ];
      for (const chainId of freedChains) {
        const cacheId = layout.cacheIdOf(chainId);
        if (cacheId === null) return null;
        paths.push(
          ...layerPaths(layout, cacheId),
          `image/${driver}/layerdb/sha256/${hex(chainId)}`,
        );
      }
      return paths;
    }
    case 'container': {
      const mounts = layout.mountsOf(item.id);
      if (mounts === null) return null;
      return [
        ...layerPaths(layout, mounts.mountId),
        ...(mounts.initId !== null ? layerPaths(layout, mounts.initId) : []),
        `containers/${item.id}`,
        `image/${driver}/layerdb/mounts/${item.id}`,
      ];
    }
    case 'volume':
      return [`volumes/${item.id}`];
    case 'build-cache':
      return null;
  }
}

/** Each item's on-disk bytes: the sum of its paths' figures; null where a path is unknown. */
export function removedDiskBytes(
  paths: readonly (readonly string[] | null)[],
  bytesAt: (path: string) => number | null,
): (number | null)[] {
  return paths.map((list) => {
    if (list === null) return null;
    let total = 0;
    for (const path of list) {
      const bytes = bytesAt(path);
      if (bytes === null) return null;
      total += bytes;
    }
    return total;
  });
}
