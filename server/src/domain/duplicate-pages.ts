/*
 * Searching, filtering and naming the duplicate groups (identical files, duplicated diffs) a
 * page at a time. The groups are worked out once per image set; these run per request, over
 * plain data: group lists, which images hold each chain, and the images' tags.
 */

/** Images by ID with their tags; an image the engine no longer lists has none. */
export type ImageTags = ReadonlyMap<string, readonly string[]>;

/** What a search or an image filter looks at in a group. */
export interface Searchable {
  /** Lower-case text a search matches besides image names: paths, the diff ID. */
  text: string;
  /** The chains its copies are stored under. */
  chainIds: readonly string[];
}

export interface GroupFilter {
  /** Case-insensitive; empty or blank: no search. */
  q: string;
  /** An image ID: only groups a chain of this image holds; null: every group. */
  image: string | null;
}

/**
 * The groups, in their order, that match the search (text, or an image's tag or ID) and the
 * image filter. `chainsOf(imageId)` lists the chains of that image's layers.
 */
export function filterGroups<G extends Searchable>(
  groups: readonly G[],
  filter: GroupFilter,
  chainsOf: (imageId: string) => readonly string[],
  tags: ImageTags,
): G[] {
  const needle = filter.q.trim().toLowerCase();
  if (needle === '' && filter.image === null) return [...groups];
  const ofImage = filter.image === null ? null : new Set(chainsOf(filter.image));
  // The chains an image with a matching name holds: a few per image, where a base chain's
  // holders can be thousands.
  const named = new Set<string>();
  if (needle !== '') {
    for (const id of imagesNamed(tags, needle))
      for (const chainId of chainsOf(id)) named.add(chainId);
  }
  return groups.filter(
    (group) =>
      (ofImage === null || group.chainIds.some((chainId) => ofImage.has(chainId))) &&
      (needle === '' ||
        group.text.includes(needle) ||
        group.chainIds.some((chainId) => named.has(chainId))),
  );
}

/** The IDs of images with a tag (or an ID) that holds the lower-case needle. */
function imagesNamed(tags: ImageTags, needle: string): string[] {
  const named: string[] = [];
  for (const [id, names] of tags) {
    if (id.includes(needle) || names.some((name) => name.toLowerCase().includes(needle))) {
      named.push(id);
    }
  }
  return named;
}

/**
 * Images in the order a row names them: tagged ones by their first tag, then untagged ones,
 * each then by ID, so that the same set always reads the same way.
 */
export function byName(ids: Iterable<string>, tags: ImageTags): string[] {
  const key = (id: string) => tags.get(id)?.[0] ?? null;
  return [...ids].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return ka < kb ? -1 : 1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** At most `max` of the images (already in name order), the filtered image first. */
export function imagesOfRow(ordered: readonly string[], first: string | null, max: number) {
  if (first === null || !ordered.includes(first)) return ordered.slice(0, max);
  return [first, ...ordered.filter((id) => id !== first)].slice(0, max);
}

/**
 * What keeping one copy, the largest, would save: the others together (the same rule as the
 * overview's duplicated diffs). Null when a copy is not measured.
 */
export function extraOf(sizes: readonly (number | null)[]): number | null {
  if (sizes.some((size) => size === null)) return null;
  const known = sizes as number[];
  return known.reduce((sum, size) => sum + size, 0) - Math.max(...known);
}

/** A sum over groups; null when any group's figure is null (not measured). */
export function sumOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const value of values) {
    if (value === null) return null;
    sum += value;
  }
  return sum;
}
