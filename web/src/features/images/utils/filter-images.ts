import type { ImageSummary } from '@footprint/shared';

export type ImageFilter = 'all' | 'dangling' | 'unused' | 'in-use';

export const imageFilters: readonly { value: ImageFilter; label: string; hint: string }[] = [
  { value: 'all', label: 'All', hint: 'Every image' },
  { value: 'dangling', label: 'Dangling', hint: 'No tag points at the image' },
  { value: 'unused', label: 'Unused', hint: 'No container, in any state, uses the image' },
  { value: 'in-use', label: 'In use', hint: 'At least one container uses the image' },
];

export function isImageFilter(value: string): value is ImageFilter {
  return imageFilters.some((filter) => filter.value === value);
}

/**
 * The repository of a reference: everything before the tag or digest.
 * "registry.example:5000/team/app:1" → "registry.example:5000/team/app" (the port's colon comes
 * before the last slash, so it is not a tag).
 */
export function repositoryOf(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** The repositories an image is tagged in (or known by digest in), each once. */
export function imageRepositories(image: ImageSummary): string[] {
  const names = image.repoTags.length > 0 ? image.repoTags : image.repoDigests;
  return [...new Set(names.map(repositoryOf))];
}

/**
 * Search by name, tag, ID or digest, any case: "app:1", "team/app", "4bf5c7", "sha256:4bf5",
 * a digest's hex. Every word must match somewhere.
 */
export function matchesSearch(image: ImageSummary, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [image.id, ...image.repoTags, ...image.repoDigests].join('\n').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export interface ImageQuery {
  q: string;
  filter: ImageFilter;
  /** Only images with a tag in this repository; '' for all. */
  repo: string;
}

export function matchesFilter(image: ImageSummary, filter: ImageFilter): boolean {
  switch (filter) {
    case 'dangling':
      return image.dangling;
    case 'unused':
      return image.containers === 0;
    case 'in-use':
      return image.containers > 0;
    default:
      return true;
  }
}

export function filterImages(images: readonly ImageSummary[], query: ImageQuery): ImageSummary[] {
  return images.filter(
    (image) =>
      matchesFilter(image, query.filter) &&
      (query.repo === '' || imageRepositories(image).includes(query.repo)) &&
      matchesSearch(image, query.q),
  );
}
