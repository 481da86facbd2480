/*
 * A registry's own footprint, from what its API showed (repositories, tags, manifests): sizes
 * per tag, and what deleting a tag or a repository frees once the registry's garbage collector
 * has run. Pure: plain data in, plain data out.
 *
 * The garbage collector, as distribution's registry/storage/garbagecollect.go (MarkAndSweep)
 * does it with --delete-untagged:
 * - mark: for every repository, every manifest revision that a tag points at is marked (its own
 *   blob: the manifest JSON is a blob in blobs/ like any layer), and so is everything it
 *   references: an image manifest's config and layers; an index's child manifests, and through
 *   them (markManifestReferences recurses while the child exists in that repository) their
 *   config and layers. A revision no tag points at is not marked, nor what only it references.
 * - sweep: every blob in the registry's global blob store that is not marked is deleted.
 * Blobs are global (blobs/sha256/<xx>/<digest>/data, one file per digest whichever repository
 * pushed it), so a layer marked through any repository stays. What deleting X frees is therefore
 * the blobs marked now but not once X is gone: mark(before) − mark(after), each blob counted
 * once with its size. Blobs that nothing marks already (an untagged manifest's) go in the same
 * run whether or not X is deleted, so they are not X's; they are `reclaimableNowBytes`.
 *
 * distribution 2.x (Debian's docker-registry 2.8) marks only an index's direct references: with
 * --delete-untagged it sweeps the layers of the platform manifests inside a multi-platform
 * index (distribution/distribution#3178, fixed in 3.0). This module follows 3.0; the GC
 * instructions warn when the registry holds an index (`holdsIndexes`).
 *
 * A manifest DELETE by digest (the only delete the API has) removes the revision and every tag
 * in that repository pointing at it: deleting one tag deletes its siblings on the same digest.
 */

export interface BlobRef {
  digest: string;
  bytes: number;
}

export interface ChildRef extends BlobRef {
  /** "linux/amd64/v8"; null when the index gives none (or says unknown/unknown). */
  platform: string | null;
  /** An attestation manifest (buildx's `vnd.docker.reference.type`), not a platform's image. */
  attestation: boolean;
}

export type RegistryManifest =
  | { kind: 'image'; digest: string; bytes: number; config: BlobRef; layers: BlobRef[] }
  | { kind: 'index'; digest: string; bytes: number; children: ChildRef[] };

export interface RegistryRepository {
  name: string;
  /** Tag -> manifest digest it points at. */
  tags: Record<string, string>;
  /**
   * Manifests known to exist in this repository besides the tagged ones (an index's children,
   * untagged manifests the dashboard saw before and checked to be still there).
   */
  manifests: string[];
}

export interface RegistryContent {
  repositories: RegistryRepository[];
  /** Every manifest fetched, by digest (its content is the same in every repository). */
  manifests: Record<string, RegistryManifest>;
}

/** What is deleted: these manifest digests from this repository (and the tags on them). */
export interface Removal {
  repository: string;
  digests: readonly string[];
}

export interface PlatformSize {
  digest: string;
  platform: string | null;
  attestation: boolean;
  /** Config + layers, compressed as stored; null when the child manifest was not fetched. */
  compressedBytes: number | null;
}

/** Config + layers of an image manifest: what a pull of it downloads at most (compressed). */
export function imageCompressedBytes(
  manifest: Extract<RegistryManifest, { kind: 'image' }>,
): number {
  return manifest.layers.reduce((sum, layer) => sum + layer.bytes, manifest.config.bytes);
}

/**
 * A tag's size: an image's config + layers; for an index, the same per platform (the index's
 * own JSON is not part of any image, so it is never counted here).
 */
export function tagSizes(
  content: RegistryContent,
  digest: string,
): { compressedBytes: number | null; platforms: PlatformSize[] } {
  const manifest = content.manifests[digest];
  if (manifest === undefined) return { compressedBytes: null, platforms: [] };
  if (manifest.kind === 'image') {
    return { compressedBytes: imageCompressedBytes(manifest), platforms: [] };
  }
  const platforms = manifest.children.map((child): PlatformSize => {
    const inner = content.manifests[child.digest];
    return {
      digest: child.digest,
      platform: child.platform,
      attestation: child.attestation,
      compressedBytes: inner?.kind === 'image' ? imageCompressedBytes(inner) : null,
    };
  });
  return { compressedBytes: null, platforms };
}

function taggedDigests(repository: RegistryRepository, removed: ReadonlySet<string>): Set<string> {
  const tagged = new Set<string>();
  for (const digest of Object.values(repository.tags)) {
    if (!removed.has(digest)) tagged.add(digest);
  }
  return tagged;
}

/**
 * The blobs the garbage collector marks (digest -> bytes), with `removal` applied first: its
 * digests are no longer revisions of its repository, and their tags are gone.
 */
export function markedBlobs(content: RegistryContent, removal: Removal | null = null) {
  const marked = new Map<string, number>();
  for (const repository of content.repositories) {
    const removed = new Set(removal?.repository === repository.name ? removal.digests : []);
    const present = new Set(
      [...Object.values(repository.tags), ...repository.manifests].filter((d) => !removed.has(d)),
    );
    // A manifest's references are followed once per repository it is a revision of; roots
    // always (MarkAndSweep calls markManifestReferences for every tagged revision).
    const followed = new Set<string>();
    const follow = (digest: string) => {
      const manifest = content.manifests[digest];
      if (manifest === undefined || followed.has(digest)) return;
      followed.add(digest);
      if (manifest.kind === 'image') {
        for (const blob of [manifest.config, ...manifest.layers])
          marked.set(blob.digest, blob.bytes);
        return;
      }
      for (const child of manifest.children) {
        marked.set(child.digest, child.bytes);
        // A child is followed only while it is a revision of this repository (Exists()).
        if (present.has(child.digest)) follow(child.digest);
      }
    };
    for (const digest of taggedDigests(repository, removed)) {
      const manifest = content.manifests[digest];
      if (manifest === undefined) continue;
      marked.set(digest, manifest.bytes);
      follow(digest);
    }
  }
  return marked;
}

/** Every blob the content names (manifests, configs, layers), digest -> bytes. */
export function knownBlobs(content: RegistryContent): Map<string, number> {
  const blobs = new Map<string, number>();
  for (const manifest of Object.values(content.manifests)) {
    blobs.set(manifest.digest, manifest.bytes);
    if (manifest.kind === 'image') {
      for (const blob of [manifest.config, ...manifest.layers]) blobs.set(blob.digest, blob.bytes);
    } else {
      for (const child of manifest.children) blobs.set(child.digest, child.bytes);
    }
  }
  return blobs;
}

function sumBytes(blobs: Iterable<number>): number {
  let total = 0;
  for (const bytes of blobs) total += bytes;
  return total;
}

/** Blobs marked now that `removal` leaves unmarked: what it frees after garbage collection. */
export function freedByRemoval(
  content: RegistryContent,
  removal: Removal,
  before: Map<string, number> = markedBlobs(content),
): { bytes: number; blobs: BlobRef[] } {
  const after = markedBlobs(content, removal);
  const blobs: BlobRef[] = [];
  for (const [digest, bytes] of before) {
    if (!after.has(digest)) blobs.push({ digest, bytes });
  }
  return { bytes: sumBytes(blobs.map((blob) => blob.bytes)), blobs };
}

export interface TagFootprint {
  tag: string;
  digest: string;
  kind: 'image' | 'index' | 'unknown';
  compressedBytes: number | null;
  platforms: PlatformSize[];
  /** The repository's other tags on the same digest: a delete by digest takes them too. */
  sameDigestTags: string[];
  /** Bytes freed after garbage collection if this tag's manifest (by digest) is deleted. */
  onlyHeldBytes: number;
}

export interface UntaggedManifest {
  digest: string;
  kind: 'image' | 'index' | 'unknown';
  compressedBytes: number | null;
  /** Its bytes no marked manifest holds: the next garbage collection sweeps them. */
  sweptBytes: number;
}

export interface RepositoryFootprint {
  name: string;
  tags: TagFootprint[];
  untagged: UntaggedManifest[];
  /** Blobs its tagged manifests mark, each once (manifests, configs, layers). */
  storedBytes: number;
  /** Bytes freed after garbage collection if every manifest of the repository is deleted. */
  onlyHeldBytes: number;
  empty: boolean;
}

export interface RegistryFootprint {
  repositories: RepositoryFootprint[];
  /** Every blob the garbage collector keeps, once (what the registry's blob store holds). */
  markedBytes: number;
  /** The tags' compressed sizes added up, shared layers as often as they are used. */
  tagSumBytes: number;
  /** Known blobs nothing marks: the next garbage collection frees them with no deletion. */
  reclaimableNowBytes: number;
  holdsIndexes: boolean;
}

function kindOf(content: RegistryContent, digest: string): 'image' | 'index' | 'unknown' {
  return content.manifests[digest]?.kind ?? 'unknown';
}

/** The whole footprint of a crawled registry. */
export function registryFootprint(content: RegistryContent): RegistryFootprint {
  const before = markedBlobs(content);
  let tagSumBytes = 0;
  const repositories = content.repositories.map((repository): RepositoryFootprint => {
    const byDigest = new Map<string, string[]>();
    for (const [tag, digest] of Object.entries(repository.tags)) {
      byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
    }
    const freedPerDigest = new Map<string, number>();
    for (const digest of byDigest.keys()) {
      const removal = { repository: repository.name, digests: [digest] };
      freedPerDigest.set(digest, freedByRemoval(content, removal, before).bytes);
    }
    const tags = Object.entries(repository.tags)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([tag, digest]): TagFootprint => {
        const sizes = tagSizes(content, digest);
        tagSumBytes +=
          sizes.compressedBytes ?? sumBytes(sizes.platforms.map((p) => p.compressedBytes ?? 0));
        return {
          tag,
          digest,
          kind: kindOf(content, digest),
          ...sizes,
          sameDigestTags: (byDigest.get(digest) ?? []).filter((other) => other !== tag),
          onlyHeldBytes: freedPerDigest.get(digest) ?? 0,
        };
      });
    const children = new Set<string>();
    for (const digest of byDigest.keys()) {
      const manifest = content.manifests[digest];
      if (manifest?.kind === 'index') manifest.children.forEach((c) => children.add(c.digest));
    }
    const untagged = repository.manifests
      .filter((digest) => !byDigest.has(digest) && !children.has(digest))
      .map((digest): UntaggedManifest => {
        const sizes = tagSizes(content, digest);
        const own = knownBlobs({ repositories: [], manifests: pick(content, digest) });
        return {
          digest,
          kind: kindOf(content, digest),
          compressedBytes: sizes.compressedBytes,
          sweptBytes: sumBytes([...own].filter(([d]) => !before.has(d)).map(([, b]) => b)),
        };
      });
    const everything = { repository: repository.name, digests: [...byDigest.keys()] };
    const marksOwn = markedBlobs({ ...content, repositories: [repository] });
    return {
      name: repository.name,
      tags,
      untagged,
      storedBytes: sumBytes(marksOwn.values()),
      onlyHeldBytes: freedByRemoval(content, everything, before).bytes,
      empty: tags.length === 0 && untagged.length === 0,
    };
  });
  const known = knownBlobs(content);
  return {
    repositories,
    markedBytes: sumBytes(before.values()),
    tagSumBytes,
    reclaimableNowBytes: sumBytes([...known].filter(([d]) => !before.has(d)).map(([, b]) => b)),
    holdsIndexes: Object.values(content.manifests).some((m) => m.kind === 'index'),
  };
}

/** The manifest and, for an index, its fetched children: the manifests under one digest. */
function pick(content: RegistryContent, digest: string): Record<string, RegistryManifest> {
  const manifest = content.manifests[digest];
  if (manifest === undefined) return {};
  const picked: Record<string, RegistryManifest> = { [digest]: manifest };
  if (manifest.kind === 'index') {
    for (const child of manifest.children) {
      const inner = content.manifests[child.digest];
      if (inner !== undefined) picked[child.digest] = inner;
    }
  }
  return picked;
}
