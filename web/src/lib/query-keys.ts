/*
 * Every query key of the page, in one place (issue 19). An engine's keys all start with
 * ['engine', <engine key>], so one engine's queries are invalidated, refreshed or dropped
 * without touching another's; the app's own (session, engine list, registries) have none.
 *
 * Keys are prefixes: invalidating images(e) also covers imageUpdates(e), idleImages(e, days)
 * and duplicateFiles(e, …), which sit under it on purpose (an images event refreshes them).
 * The previews (removal, container removal, tag deletion, update) sit under no list's key:
 * what a person confirms must not change under their eyes when an event comes.
 */

/**
 * The key of the engine the unscoped /api/... routes answer for (the server's default engine),
 * used by the pages at unprefixed URLs. It cannot be an engine ID (IDs are [a-z0-9-]), so it
 * never mixes with the keys of an engine reached by its ID.
 */
export const defaultEngineKey = '@default';

/** An engine's ID, or defaultEngineKey for the unscoped routes. */
export type EngineKey = string;

export interface TreePageKey {
  imageId: string;
  layer: number | undefined;
  view: string;
  sort: string;
  changes?: string | undefined;
}

export interface TreeSearchKey {
  imageId: string;
  layer: number | undefined;
  view: string;
  q: string;
  changes?: string | undefined;
}

const engine = (key: EngineKey) => ['engine', key] as const;

export const queryKeys = {
  // The app's, one for every engine.
  session: () => ['session'] as const,
  engines: () => ['engines'] as const,
  registries: () => ['registries'] as const,
  registry: (host: string) => ['registries', host] as const,
  tagDeletionPreview: (host: string, repository: string, tag: string) =>
    ['registry-tag-deletion-preview', host, repository, tag] as const,

  // One engine's.
  /** Every query of one engine: the prefix of all the keys below. */
  engine,
  health: (key: EngineKey) => [...engine(key), 'health'] as const,
  images: (key: EngineKey) => [...engine(key), 'images'] as const,
  imageUpdates: (key: EngineKey) => [...engine(key), 'images', 'updates'] as const,
  idleImages: (key: EngineKey, days: number) =>
    [...engine(key), 'images', 'unused-for-days', days] as const,
  duplicateFiles: (key: EngineKey, request: object) =>
    [...engine(key), 'images', 'duplicate-files', request] as const,
  image: (key: EngineKey, id: string) => [...engine(key), 'image', id] as const,
  /** Every image's detail (after a scan their on-disk figures change). */
  imageDetails: (key: EngineKey) => [...engine(key), 'image'] as const,
  layers: (key: EngineKey) => [...engine(key), 'layers'] as const,
  /** Under layers: refreshed with them; images' use (containers) changes it too. */
  layerSummary: (key: EngineKey) => [...engine(key), 'layers', 'summary'] as const,
  duplicateDiffs: (key: EngineKey, request: object) =>
    [...engine(key), 'layers', 'duplicate-diffs', request] as const,
  containers: (key: EngineKey) => [...engine(key), 'containers'] as const,
  containerChanges: (key: EngineKey, id: string) =>
    [...engine(key), 'containers', id, 'changes'] as const,
  volumes: (key: EngineKey) => [...engine(key), 'volumes'] as const,
  buildCache: (key: EngineKey) => [...engine(key), 'build-cache'] as const,
  disk: (key: EngineKey) => [...engine(key), 'disk'] as const,
  pruneStatus: (key: EngineKey) => [...engine(key), 'prune-status'] as const,
  pulls: (key: EngineKey) => [...engine(key), 'pulls'] as const,
  /** Every tree page, search and analysis of one image (the explorer's work in progress). */
  imageTrees: (key: EngineKey, imageId: string) => [...engine(key), 'image-tree', imageId] as const,
  imageTree: (key: EngineKey, tree: TreePageKey, directory: string, page: number) =>
    [
      ...engine(key),
      'image-tree',
      tree.imageId,
      tree.layer ?? 'top',
      tree.view,
      tree.sort,
      tree.changes ?? 'all',
      directory,
      page,
    ] as const,
  imageTreeSearches: (key: EngineKey, imageId: string) =>
    [...engine(key), 'image-tree-search', imageId] as const,
  imageTreeSearch: (key: EngineKey, search: TreeSearchKey) =>
    [
      ...engine(key),
      'image-tree-search',
      search.imageId,
      search.layer ?? 'top',
      search.view,
      search.q,
      search.changes ?? 'all',
    ] as const,
  imageAnalysis: (key: EngineKey, imageId: string) =>
    [...engine(key), 'image-analysis', imageId] as const,
  removalPreview: (key: EngineKey, ids: readonly string[]) =>
    [...engine(key), 'image-removal-preview', ...ids] as const,
  containerRemovalPreview: (key: EngineKey, id: string) =>
    [...engine(key), 'container-removal-preview', id] as const,
  updatePreview: (key: EngineKey, reference: string) =>
    [...engine(key), 'update-preview', reference] as const,
};

/** Whether a query key is one engine's (and which part of it: 'health', 'images', …). */
export function engineKeyOf(
  queryKey: readonly unknown[],
): { key: EngineKey; part: unknown } | null {
  if (queryKey[0] !== 'engine' || typeof queryKey[1] !== 'string') return null;
  return { key: queryKey[1], part: queryKey[2] };
}
