import { bytesOfUnion, bytesOnlyIn, type ImageSummary, type LayerNode } from '@footprint/shared';
import { imageRepositories } from './filter-images';

/** What dangling images are grouped under: they have no repository. */
export const noRepository = '<none>';

export interface RepositoryRollup {
  repository: string;
  tags: string[];
  imageIds: string[];
  containers: number;
  /** Engine bytes of every layer of the repository's images, each once; null: sizes unknown. */
  size: number | null;
  /** Layers only this repository's images hold: what removing all its tags and images frees. */
  uniqueSize: number | null;
  /** size − uniqueSize: layers that images of other repositories use too. */
  sharedSize: number | null;
}

/**
 * All tags of one repository together. An image tagged in two repositories counts in both; a
 * layer counts once per repository however many of its images hold it.
 */
export function rollUpRepositories(
  images: readonly ImageSummary[],
  layers: readonly LayerNode[] | undefined,
): RepositoryRollup[] {
  const groups = new Map<string, { tags: Set<string>; images: ImageSummary[] }>();
  for (const image of images) {
    const repositories = imageRepositories(image);
    for (const repository of repositories.length > 0 ? repositories : [noRepository]) {
      const group = groups.get(repository) ?? { tags: new Set<string>(), images: [] };
      for (const tag of image.repoTags) {
        if (imageRepositories({ ...image, repoTags: [tag] })[0] === repository) group.tags.add(tag);
      }
      group.images.push(image);
      groups.set(repository, group);
    }
  }
  return [...groups.entries()].map(([repository, group]) => {
    const ids = new Set(group.images.map((image) => image.id));
    let size: number | null = null;
    let uniqueSize: number | null = null;
    if (layers !== undefined) {
      const union = bytesOfUnion(ids, layers);
      const only = bytesOnlyIn(ids, layers);
      if (union.unknownLayers === 0) size = union.bytes;
      if (only.unknownLayers === 0) uniqueSize = only.bytes;
    }
    return {
      repository,
      tags: [...group.tags].sort(),
      imageIds: [...ids],
      containers: group.images.reduce((sum, image) => sum + image.containers, 0),
      size,
      uniqueSize,
      sharedSize: size !== null && uniqueSize !== null ? size - uniqueSize : null,
    };
  });
}

export type RollupSortColumn = 'repository' | 'tags' | 'size' | 'uniqueSize' | 'sharedSize';

export function sortRollups(
  rows: readonly RepositoryRollup[],
  column: RollupSortColumn,
  direction: 'ascending' | 'descending',
): RepositoryRollup[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const value = (row: RepositoryRollup): number | string => {
    if (column === 'repository') return row.repository;
    if (column === 'tags') return row.tags.length;
    return row[column] ?? -1;
  };
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return sign * order || a.repository.localeCompare(b.repository);
  });
}
