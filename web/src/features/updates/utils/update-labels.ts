import type { ImageUpdate, TagUpdate, UpdateList, UpdateState } from '@footprint/shared';

/** Each state in words for a badge, and whether it is a failure (never read as up to date). */
export const updateStateLabels: Record<UpdateState, { label: string; failure: boolean }> = {
  'up-to-date': { label: 'up to date', failure: false },
  'update-available': { label: 'update available', failure: false },
  'not-from-a-registry': { label: 'not from a registry', failure: false },
  'no-registry-tag': { label: 'no registry tag', failure: false },
  'registry-offline': { label: 'registry offline', failure: true },
  unauthorized: { label: 'registry refused access', failure: true },
  'rate-limited': { label: 'rate-limited', failure: true },
  'not-found': { label: 'not found in the registry', failure: true },
  failed: { label: 'check failed', failure: true },
};

/** How a tag's verdict was reached, for the detail's table. */
export const decidedByText: Record<NonNullable<TagUpdate['decidedBy']>, string> = {
  'repo-digest': 'the tag’s digest is one of the image’s RepoDigests',
  'manifest-digest': 'the tag now points at another manifest',
  'platform-manifest':
    'the tag’s index changed, but its manifest for this platform is one of the RepoDigests',
  'platform-config':
    'the tag’s index changed; its manifest for this platform was compared by config digest ' +
    'with the image ID',
};

/** IDs of the images whose kept result says an update is available. */
export function updateAvailableIds(list: UpdateList | undefined): Set<string> {
  return new Set(
    (list?.results ?? [])
      .filter((result) => result.state === 'update-available')
      .map((result) => result.id),
  );
}

/** Only the rows with an update; all of them when the filter is off (ids null). */
export function onlyWithUpdates<T extends { id: string }>(
  rows: readonly T[],
  ids: ReadonlySet<string> | null,
): T[] {
  return ids === null ? [...rows] : rows.filter((row) => ids.has(row.id));
}

/** The tag the update section previews: the first tag with an update available. */
export function tagToPreview(result: ImageUpdate | null): TagUpdate | null {
  return result?.tags.find((tag) => tag.state === 'update-available') ?? null;
}

/** "Checking 3 of 12 images…" */
export function progressText(progress: UpdateList['progress']): string {
  const noun = progress.total === 1 ? 'image' : 'images';
  return `Checking ${progress.done} of ${progress.total} ${noun}…`;
}
