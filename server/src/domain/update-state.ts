import type { TagUpdate, TagUpdateState, UpdateState } from '@footprint/shared';

/*
 * The update check's decisions, pure: which tags of an image to follow, whether the digest a
 * registry gives for a tag means a new image, and how tag states add up to the image's state.
 * The service (services/update-check.ts) asks the registry; everything decided is decided here.
 */

/** A reference split as docker does (registry/reference.ts parses it). */
export interface RepoRef {
  registry: string;
  repository: string;
}

export interface TagRef extends RepoRef {
  /** As `docker images` shows it: what the page names. */
  reference: string;
  tag: string;
}

export interface DigestRef extends RepoRef {
  digest: string;
}

const sameRepo = (a: RepoRef, b: RepoRef) =>
  a.registry === b.registry && a.repository === b.repository;

/**
 * The tags worth asking a registry about: those in a repository the image has a RepoDigest in,
 * that is, one it was pulled from or pushed to. A tag given only here (`docker tag`) names a
 * repository the image never came from: asking about it would compare with whatever someone
 * else published under that name.
 */
export function tagsToFollow(tags: readonly TagRef[], digests: readonly DigestRef[]): TagRef[] {
  return tags.filter((tag) => digests.some((digest) => sameRepo(tag, digest)));
}

const indexTypes = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

export function isIndexMediaType(mediaType: string): boolean {
  return indexTypes.has(mediaType.split(';')[0]?.trim() ?? '');
}

/** What the tag's digest alone decides, or that the index must be read. */
export type DigestDecision =
  | { kind: 'decided'; state: 'up-to-date' | 'update-available'; decidedBy: DecidedBy }
  | { kind: 'read-index' };
export type DecidedBy = NonNullable<TagUpdate['decidedBy']>;

/**
 * The digest the tag points at now against EVERY RepoDigest of the image (not the first only:
 * Portainer#7148 reported updates forever for images with several). A digest is the hash of
 * the manifest's bytes, so one match in any repository means the very same manifest. A single
 * manifest with another digest is another image; an index with another digest may differ only
 * in its attestation manifests (BuildKit adds them per build), so it must be read.
 */
export function decideByDigest(
  remote: { digest: string; mediaType: string },
  localDigests: readonly string[],
): DigestDecision {
  if (localDigests.includes(remote.digest)) {
    return { kind: 'decided', state: 'up-to-date', decidedBy: 'repo-digest' };
  }
  if (isIndexMediaType(remote.mediaType)) return { kind: 'read-index' };
  return { kind: 'decided', state: 'update-available', decidedBy: 'manifest-digest' };
}

/** What the index's manifest for this platform decides, or that it must be read too. */
export type PlatformDecision =
  | { kind: 'decided'; state: 'up-to-date' | 'update-available'; decidedBy: DecidedBy }
  | { kind: 'read-manifest' };

/**
 * The rule at the platform level. The index changed; its manifest for the image's platform
 * (attestations skipped) is compared, cheapest first:
 * 1. its digest is one of the RepoDigests (the image was pulled or pushed by that manifest):
 *    the same image, decided with the index's GET alone (1 GET in all);
 * 2. else its config digest against the local image ID, read from the platform manifest (a
 *    second GET; Docker Hub counts two manifest GETs as one pull). The image ID of the
 *    graph-driver store IS the digest of the image's config, and the config names every layer
 *    by diff ID: equal means the very image that is here, whatever the index or its
 *    attestations became. This needs nothing but the new index, where comparing with the old
 *    index's platform manifest would need the old index still in the registry (tags get
 *    overwritten and garbage-collected) and a third GET.
 * On the containerd image store the image ID is the digest the image was pulled by, which
 * rule 1 (and the RepoDigest check before it) already covers; `manifestDigest === imageId` is
 * accepted for the same reason.
 */
export function decideByPlatform(
  platformManifest: { digest: string; configDigest: string | null },
  imageId: string,
  localDigests: readonly string[],
): PlatformDecision {
  const { digest, configDigest } = platformManifest;
  if (localDigests.includes(digest) || digest === imageId) {
    return { kind: 'decided', state: 'up-to-date', decidedBy: 'platform-manifest' };
  }
  if (configDigest === null) return { kind: 'read-manifest' };
  return {
    kind: 'decided',
    state: configDigest === imageId ? 'up-to-date' : 'update-available',
    decidedBy: 'platform-config',
  };
}

/** The registry client's error codes (registry/registry-client.ts) as a tag's state. */
export function stateOfError(code: string | null): TagUpdateState {
  switch (code) {
    case 'REGISTRY_UNREACHABLE':
      return 'registry-offline';
    case 'REGISTRY_AUTH_FAILED':
      return 'unauthorized';
    case 'REGISTRY_RATE_LIMITED':
      return 'rate-limited';
    case 'REGISTRY_NOT_FOUND':
      return 'not-found';
    default:
      return 'failed';
  }
}

/**
 * An image's state from its tags' states. Any available update says so (it is true whatever
 * the other tags answered); then any failure, worst first, so that a tag the registry did not
 * answer for never lets the image read "up to date"; "up to date" only when every tag is.
 */
export function imageState(
  facts: { hasRepoDigests: boolean; followedTags: number },
  tagStates: readonly TagUpdateState[],
): UpdateState {
  if (!facts.hasRepoDigests) return 'not-from-a-registry';
  if (facts.followedTags === 0) return 'no-registry-tag';
  const order: TagUpdateState[] = [
    'update-available',
    'registry-offline',
    'unauthorized',
    'rate-limited',
    'not-found',
    'failed',
  ];
  for (const state of order) if (tagStates.includes(state)) return state;
  // Every state left is up-to-date; a tag with no answer (none given) is not.
  return tagStates.length === facts.followedTags ? 'up-to-date' : 'failed';
}

/** States that say the registry, not the image, is the problem: the interval backs off. */
export function isRegistryFailure(state: UpdateState | TagUpdateState): boolean {
  return state === 'registry-offline' || state === 'unauthorized' || state === 'rate-limited';
}

/** At most this many times the interval between scheduled checks while registries fail. */
export const maxBackoffFactor = 16;

/**
 * The wait before the next scheduled check: the interval, doubled for each run in a row that
 * met a failing registry (at most 16 times), and never before a 429's Retry-After.
 */
export function nextCheckDelayMs(
  intervalMs: number,
  failedRunsInARow: number,
  retryAfterMs: number | null,
): number {
  const factor = Math.min(2 ** Math.max(0, failedRunsInARow), maxBackoffFactor);
  return Math.max(intervalMs * factor, retryAfterMs ?? 0);
}

/** True when the image's tags now are not those it was checked with (order aside). */
export function tagsChanged(checked: readonly string[], now: readonly string[]): boolean {
  if (checked.length !== now.length) return true;
  const set = new Set(checked);
  return now.some((tag) => !set.has(tag));
}
