/**
 * The manifest documents a distribution registry serves (OCI image-spec v1.1 and Docker's
 * schema 2, which share one JSON shape), and the pure choices made on them: which platform's
 * manifest a pull takes, and the diff IDs an image config lists. No I/O here.
 */

export const mediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
} as const;

/** What a manifest request accepts, index types first as the docker CLI (and containerd) asks. */
export const manifestAccept = [
  mediaTypes.ociIndex,
  mediaTypes.dockerManifestList,
  mediaTypes.ociManifest,
  mediaTypes.dockerManifest,
].join(', ');

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: PlatformSpec & { 'os.version'?: string; 'os.features'?: string[] };
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export type ManifestDoc = ImageIndex | ImageManifest;

export function isIndex(doc: ManifestDoc): doc is ImageIndex {
  return Array.isArray((doc as ImageIndex).manifests);
}

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === mediaTypes.ociIndex || mediaType === mediaTypes.dockerManifestList;
}

/**
 * Checks the parsed JSON is a schema-2 index or image manifest; throws a plain Error with the
 * reason otherwise (the client turns it into an AppError naming the registry). Schema 1
 * (signed JSON, docker < 1.10) is refused: engines since 20.10 refuse to pull it too.
 */
export function toManifestDoc(json: unknown): ManifestDoc {
  if (typeof json !== 'object' || json === null)
    throw new Error('the manifest is not a JSON object');
  const doc = json as Partial<ImageIndex & ImageManifest>;
  if (doc.schemaVersion !== 2) {
    throw new Error(
      `manifest schemaVersion ${String(doc.schemaVersion)} is not supported (only 2)`,
    );
  }
  if (Array.isArray(doc.manifests)) {
    for (const entry of doc.manifests) checkDescriptor(entry, 'an index entry');
    return doc as ImageIndex;
  }
  if (Array.isArray(doc.layers) && doc.config !== undefined) {
    checkDescriptor(doc.config, 'the config');
    for (const layer of doc.layers) checkDescriptor(layer, 'a layer');
    return doc as ImageManifest;
  }
  throw new Error('the document is neither an image index nor an image manifest');
}

function checkDescriptor(value: unknown, what: string): void {
  const d = value as Partial<Descriptor> | null;
  if (
    typeof d !== 'object' ||
    d === null ||
    typeof d.digest !== 'string' ||
    !/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(d.digest) ||
    typeof d.size !== 'number' ||
    !Number.isSafeInteger(d.size) ||
    d.size < 0 ||
    typeof d.mediaType !== 'string'
  ) {
    throw new Error(`${what} is not a valid descriptor (mediaType, digest, size)`);
  }
}

/**
 * Whether an index entry is an attestation or other artifact rather than a runnable image:
 * BuildKit marks its provenance/SBOM manifests with `vnd.docker.reference.type` and the platform
 * unknown/unknown (moby/buildkit docs/attestations/attestation-storage.md).
 */
export function isAttestation(entry: Descriptor): boolean {
  if (entry.annotations?.['vnd.docker.reference.type'] !== undefined) return true;
  return entry.platform?.os === 'unknown' && entry.platform.architecture === 'unknown';
}

/**
 * The entry a pull for `platform` takes, as containerd's platforms.Only matcher picks it: same
 * os and architecture; a variant asked for must match (an entry without one matches the
 * architecture's default: arm64 -> v8, amd64 -> v1); an entry with a variant when none is
 * asked matches only the default one. The first match in index order wins, as in the engine.
 */
export function selectPlatformManifest(
  index: ImageIndex,
  platform: PlatformSpec,
): Descriptor | null {
  const wanted = normalizePlatform(platform);
  for (const entry of index.manifests) {
    if (isAttestation(entry) || entry.platform === undefined) continue;
    const have = normalizePlatform(entry.platform);
    if (have.os !== wanted.os || have.architecture !== wanted.architecture) continue;
    if ((have.variant ?? '') !== (wanted.variant ?? '')) continue;
    return entry;
  }
  return null;
}

/** containerd's platforms.Normalize for the cases engines meet: aliases and default variants. */
export function normalizePlatform(platform: PlatformSpec): PlatformSpec {
  const os = platform.os.toLowerCase();
  let architecture = platform.architecture.toLowerCase();
  let variant = platform.variant?.toLowerCase() || undefined;
  if (architecture === 'x86_64' || architecture === 'x86-64') architecture = 'amd64';
  if (architecture === 'aarch64') architecture = 'arm64';
  if (architecture === 'i386') architecture = '386';
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = undefined;
  if (architecture === 'armhf') {
    architecture = 'arm';
    variant = 'v7';
  } else if (architecture === 'armel') {
    architecture = 'arm';
    variant = 'v6';
  } else if (architecture === 'arm' && variant === undefined) {
    variant = 'v7';
  } else if (architecture === 'arm' && /^[5-8]$/.test(variant ?? '')) {
    variant = `v${variant}`;
  }
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

/**
 * `rootfs.diff_ids` of an image config blob (OCI image-spec config.md): the uncompressed
 * layers' digests, bottom first. Throws a plain Error when the config has none.
 */
export function imageConfigDiffIds(configJson: unknown): string[] {
  const rootfs = (configJson as { rootfs?: { type?: unknown; diff_ids?: unknown } } | null)?.rootfs;
  const diffIds = rootfs?.diff_ids;
  if (
    !Array.isArray(diffIds) ||
    !diffIds.every((id): id is string => typeof id === 'string' && /^sha256:[0-9a-f]{64}$/.test(id))
  ) {
    throw new Error('the image config has no rootfs.diff_ids list of sha256 digests');
  }
  return diffIds;
}
