import type { PruneBuildRecord, PruneContainer, PruneVolume } from '../domain/prune-types.js';
import type { ImageChange } from '../domain/untag-outcome.js';
import { withDigestPrefix } from './podman-compat.js';
import type {
  RawBuildCacheFull,
  RawDfContainerFull,
  RawDfImageFull,
  RawDfVolumeFull,
  RawEvent,
} from './raw-action-types.js';

export interface EngineImageFacts {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  parentId: string | null;
  created: string;
  labels: Record<string, string>;
}

/** Older engines list an untagged image as "<none>:<none>"; that is no tag. */
function realNames(names: string[] | null | undefined): string[] {
  return (names ?? []).filter((name) => !name.startsWith('<none>'));
}

function isoOrNull(value: string | null | undefined): string | null {
  if (!value || value.startsWith('0001-01-01')) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function toImageFacts(raw: RawDfImageFull): EngineImageFacts {
  return {
    id: raw.Id,
    repoTags: realNames(raw.RepoTags),
    repoDigests: realNames(raw.RepoDigests),
    // Podman lists the parent as bare hex (podman-compat.ts).
    parentId: raw.ParentId ? withDigestPrefix(raw.ParentId) : null,
    created: new Date(raw.Created * 1000).toISOString(),
    labels: raw.Labels ?? {},
  };
}

/** The container's name without the leading "/" the API keeps (moby container names). */
export function containerName(names: string[] | null | undefined): string {
  return (names?.[0] ?? '').replace(/^\//, '');
}

export function toPruneContainer(raw: RawDfContainerFull): PruneContainer {
  return {
    id: raw.Id,
    name: containerName(raw.Names),
    imageId: raw.ImageID,
    state: raw.State,
    created: new Date(raw.Created * 1000).toISOString(),
    labels: raw.Labels ?? {},
    sizeRw: raw.SizeRw ?? 0,
    volumeNames: volumeNames(raw.Mounts),
  };
}

/** The names of the volumes among a container's mounts (binds and tmpfs have none). */
export function volumeNames(
  mounts: { Type: string; Name?: string }[] | null | undefined,
): string[] {
  return (mounts ?? []).flatMap((mount) =>
    mount.Type === 'volume' && mount.Name ? [mount.Name] : [],
  );
}

/**
 * Anonymous: Engine 23 (API 1.42) labels them com.docker.volume.anonymous; older engines give
 * them a random 64-hex name and no label, so that name is the sign there.
 */
export function toPruneVolume(raw: RawDfVolumeFull): PruneVolume {
  const labels = raw.Labels ?? {};
  return {
    name: raw.Name,
    anonymous: 'com.docker.volume.anonymous' in labels || /^[0-9a-f]{64}$/.test(raw.Name),
    size: raw.UsageData?.Size ?? -1,
    created: isoOrNull(raw.CreatedAt),
    labels,
  };
}

export function toPruneBuildRecord(raw: RawBuildCacheFull): PruneBuildRecord {
  return {
    id: raw.ID,
    parents: raw.Parents ?? (raw.Parent ? [raw.Parent] : []),
    description: raw.Description ?? '',
    size: raw.Size,
    inUse: raw.InUse,
    shared: raw.Shared,
    created: isoOrNull(raw.CreatedAt),
    lastUsed: isoOrNull(raw.LastUsedAt),
  };
}

/** What df says of volumes and build cache beyond the sizes DiskUsageSnapshot keeps. */
export interface DfObjects {
  volumes: PruneVolume[];
  buildCache: PruneBuildRecord[];
}

export function toDfObjects(raw: {
  Volumes?: RawDfVolumeFull[] | null;
  BuildCache?: RawBuildCacheFull[] | null;
}): DfObjects {
  return {
    volumes: (raw.Volumes ?? []).map(toPruneVolume),
    buildCache: (raw.BuildCache ?? []).map(toPruneBuildRecord),
  };
}

const imageChangeActions = new Set<string>(['tag', 'untag', 'delete']);

/**
 * An image's tag, untag or delete event; null for any other. Actor.ID is the image (moby
 * LogImageEvent); the `name` attribute is the reference for `tag` but the image ID again for
 * `untag` and `delete`, so only a tag names a reference.
 */
export function toImageChange(raw: RawEvent): ImageChange | null {
  if (raw.Type !== 'image' || !imageChangeActions.has(raw.Action) || !raw.Actor?.ID) return null;
  const action = raw.Action as ImageChange['action'];
  return {
    action,
    imageId: raw.Actor.ID,
    reference: action === 'tag' ? (raw.Actor.Attributes?.name ?? null) : null,
  };
}

export type InventoryResource = 'images' | 'containers' | 'volumes' | 'build-cache' | 'disk';

const imageActions = new Set(['delete', 'import', 'load', 'pull', 'tag', 'untag']);
const containerActions = new Set([
  'commit',
  'create',
  'destroy',
  'start',
  'die',
  'pause',
  'unpause',
  'rename',
  // `docker cp` into a container (PUT /containers/{id}/archive): its writable layer changed.
  'extract-to-dir',
]);
const volumeActions = new Set(['create', 'destroy']);

/** What an engine event changes, or nothing for events that change no listing (exec, attach…). */
export function resourcesOfEvent(event: RawEvent): InventoryResource[] {
  switch (event.Type) {
    case 'image':
      return imageActions.has(event.Action) ? ['images', 'build-cache', 'disk'] : [];
    case 'container':
      if (!containerActions.has(event.Action)) return [];
      // An image's container count changes when a container comes or goes; a commit makes an
      // image, with a tag event only when it names one.
      return event.Action === 'create' || event.Action === 'destroy' || event.Action === 'commit'
        ? ['containers', 'images', 'volumes', 'disk']
        : ['containers', 'disk'];
    case 'volume':
      return volumeActions.has(event.Action) ? ['volumes', 'disk'] : [];
    default:
      return [];
  }
}
