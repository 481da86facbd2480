import type { RawContainerSummary, RawDiskUsageFull, RawEvent } from './raw-action-types.js';
import type { RawDfImage, RawVersion } from './raw-types.js';

/*
 * Podman answers the Docker Engine API (`podman system service`, API 1.41 on Podman 4.3), but not
 * with Docker's JSON everywhere. Each difference below was seen on Debian's podman 4.3.1 and is
 * asserted by server/test/integration/podman-engine.test.ts against the real service; the
 * functions turn Podman's answers into Docker's shape where the rest of engine/ reads them, and
 * leave Docker's answers as they are (Docker never sends what they change).
 */

export type EngineKind = 'docker' | 'podman';

/**
 * GET /version: Podman lists a component named "Podman Engine" (Docker's is "Engine"); Podman
 * 4.3 also sends Version "4.3.1" with ApiVersion "1.41".
 */
export function engineKindOf(version: RawVersion): EngineKind {
  return (version.Components ?? []).some((component) => component.Name === 'Podman Engine')
    ? 'podman'
    : 'docker';
}

const bareDigest = /^[0-9a-f]{64}$/;

/**
 * Podman sends image IDs as bare hex where Docker sends "sha256:<hex>": in /system/df (Images[].Id,
 * Containers[].ImageID and .Image), in /images/json's ParentId, in image events' Actor.ID and in
 * DELETE /images/{name}'s "Deleted" entries.
 * /images/json's Id, container inspect's Image and /containers/json's ImageID carry the prefix.
 */
export function withDigestPrefix(id: string): string {
  return bareDigest.test(id) ? `sha256:${id}` : id;
}

/** An image of GET /images/json as Podman lists it: full names, digests and labels. */
export interface PodmanListedImage {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Labels?: Record<string, string> | null;
  ParentId?: string;
}

/**
 * Podman 4.3's GET /system/df in Docker's shape. Podman's differs (pkg/api/handlers/compat
 * system.go builds it from libimage's DiskUsage):
 * - one Images row per tag (an image with three tags is three rows with the same Id, Size,
 *   SharedSize and Containers), and RepoTags holds only the tag part ("1", "latest", "<none>"),
 *   never "repo:tag"; RepoDigests is null and Labels empty in every row. Rows are joined by Id
 *   and take names, digests and labels from GET /images/json, which has them in full; a row
 *   whose image that list no longer has was removed in between, and is left out.
 * - Ids are bare hex (see withDigestPrefix), the containers' ImageID and Image too.
 * - SharedSize is libimage's: the size of the image's parent image (an image whose layers are
 *   a prefix of its own), or all of it when it has children; not Docker's bytes in layers some
 *   other image also uses. Kept as Podman says it: it is the engine's figure.
 * - LayersSize is 0: Podman computes no total there. `podman system df` gives as its images'
 *   SIZE the sum of the rows' Size, a tagged image once per tag (5.83 MB for the fixtures,
 *   whose layer directories take 3.0 MB): that sum is taken as Podman's total, so the images
 *   row says what Podman's own CLI says instead of 0 (and a negative reclaimable).
 * - BuildCache is [] (Podman has no BuildKit cache; buildah's layers are images).
 * - Containers' Mounts is null: taken from GET /containers/json?all=1, which lists them, so
 *   volumes a stopped container holds are not planned as unused.
 */
export function fromPodmanDiskUsage(
  raw: RawDiskUsageFull & { LayersSize: number },
  listedImages: readonly PodmanListedImage[],
  listedContainers: readonly RawContainerSummary[],
): RawDiskUsageFull & { LayersSize: number } {
  const listed = new Map(listedImages.map((image) => [withDigestPrefix(image.Id), image]));
  const containers = new Map(listedContainers.map((container) => [container.Id, container]));
  const images = new Map<string, RawDfImage & { Labels?: Record<string, string> | null }>();
  for (const row of raw.Images ?? []) {
    const id = withDigestPrefix(row.Id);
    const image = listed.get(id);
    if (image === undefined || images.has(id)) continue;
    images.set(id, {
      ...row,
      Id: id,
      ParentId: image.ParentId ? withDigestPrefix(image.ParentId) : '',
      RepoTags: image.RepoTags ?? [],
      RepoDigests: image.RepoDigests ?? [],
      Labels: image.Labels ?? {},
    });
  }
  const rowsTotal = (raw.Images ?? []).reduce((sum, row) => sum + Math.max(row.Size, 0), 0);
  return {
    ...raw,
    LayersSize: raw.LayersSize > 0 ? raw.LayersSize : rowsTotal,
    Images: [...images.values()],
    Containers: (raw.Containers ?? []).map((container) => {
      const known = containers.get(container.Id);
      return {
        ...container,
        ImageID: withDigestPrefix(container.ImageID),
        Image: known?.Image ?? withDigestPrefix(container.Image ?? ''),
        Mounts: container.Mounts ?? known?.Mounts ?? [],
      };
    }),
  };
}

/**
 * One GET /events line in Docker's words. Podman 4.3's compat stream differs in what the
 * watcher and the image-change feed read:
 * - a removed container or volume is Action "remove" (Docker: "destroy");
 * - an image event's Actor.ID is the bare hex ID (Docker: "sha256:<hex>");
 * - libpod names a stopped container's event "died"; the compat stream of 4.3 already sends
 *   "die" (seen), Podman 3 forwarded "died" as it was, so it is mapped too;
 * - `podman load` is one image event "loadfromarchive" with an empty Actor.ID (Docker: "load"
 *   per image);
 * - an image "pull" (Podman sends one for every container created from a local image, too) has
 *   an empty Actor.ID and the reference in its name attribute; Docker's Actor.ID is the
 *   reference. An empty ID is no ID: asked about, it became GET /images//json, which Podman's
 *   router answers with a redirect that docker-modem cannot follow (an uncaught TypeError).
 * Other actions Podman sends ("init", "cleanup", "mount", an image "pull" when a container is
 * created from a local image) are left as they are: they change no listing or cost one refresh.
 */
export function toDockerEvent(raw: RawEvent): RawEvent {
  let action = raw.Action;
  if ((raw.Type === 'container' || raw.Type === 'volume') && action === 'remove')
    action = 'destroy';
  if (raw.Type === 'container' && action === 'died') action = 'die';
  if (raw.Type === 'image' && action === 'loadfromarchive') action = 'load';
  const actor = raw.Actor;
  if (actor?.ID === '') {
    const reference = actor.Attributes?.name;
    const { Actor: _dropped, ...rest } = raw;
    return raw.Type === 'image' && action === 'pull' && reference
      ? { ...rest, Action: action, Actor: { ...actor, ID: reference } }
      : { ...rest, Action: action };
  }
  const fixId = raw.Type === 'image' && actor !== undefined && bareDigest.test(actor.ID);
  if (action === raw.Action && !fixId) return raw;
  return {
    ...raw,
    Action: action,
    ...(fixId && actor !== undefined
      ? { Actor: { ...actor, ID: withDigestPrefix(actor.ID) } }
      : {}),
  };
}
