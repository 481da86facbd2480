import type { EngineStatus, GraphDriver, HistoryEntry } from '@footprint/shared';
import type { DiskUsageSnapshot, EngineImage } from '../domain/types.js';
import type {
  RawDfImage,
  RawDiskUsage,
  RawHistoryEntry,
  RawImageInspect,
  RawInfo,
  RawVersion,
} from './raw-types.js';

/** Older engines list an untagged image as "<none>:<none>" / "<none>@<none>"; that is no tag. */
function realNames(names: string[] | null | undefined): string[] {
  return (names ?? []).filter((name) => !name.startsWith('<none>'));
}

export function toEngineStatus(
  endpoint: string,
  version: RawVersion,
  apiVersion: string,
  info: RawInfo,
): EngineStatus {
  return {
    reachable: true,
    endpoint,
    message: null,
    version: version.Version,
    apiVersion,
    storageDriver: info.Driver || null,
    dockerRootDir: info.DockerRootDir || null,
    os: info.OperatingSystem || null,
  };
}

export function toEngineImage(raw: RawDfImage): EngineImage {
  return {
    id: raw.Id,
    repoTags: realNames(raw.RepoTags),
    repoDigests: realNames(raw.RepoDigests),
    created: new Date(raw.Created * 1000).toISOString(),
    containers: Math.max(raw.Containers, 0),
    size: raw.Size,
    sharedSize: raw.SharedSize,
  };
}

/**
 * One image as GET /images/json lists it, from its inspect answer: the list gives the creation
 * time in whole seconds, inspect with nanoseconds.
 */
export function toListedFacts(raw: RawImageInspect) {
  return {
    id: raw.Id,
    repoTags: realNames(raw.RepoTags),
    repoDigests: realNames(raw.RepoDigests),
    created: new Date(raw.Created.replace(/\.\d+/, '')).toISOString(),
    size: raw.Size,
  };
}

export function toDiskUsageSnapshot(raw: RawDiskUsage): DiskUsageSnapshot {
  return {
    layersSize: raw.LayersSize,
    images: (raw.Images ?? []).map(toEngineImage),
    containers: (raw.Containers ?? []).map((c) => ({
      id: c.Id,
      names: (c.Names ?? []).map((name) => name.replace(/^\//, '')),
      image: c.Image ?? '',
      imageId: c.ImageID,
      state: c.State,
      sizeRw: typeof c.SizeRw === 'number' && c.SizeRw >= 0 ? c.SizeRw : null,
    })),
    volumes: (raw.Volumes ?? []).map((v) => ({
      name: v.Name,
      size: v.UsageData?.Size ?? -1,
      refCount: v.UsageData?.RefCount ?? 0,
    })),
    buildCache: (raw.BuildCache ?? []).map((b) => ({
      id: b.ID,
      inUse: b.InUse,
      shared: b.Shared,
      size: b.Size,
    })),
  };
}

export function toGraphDriver(raw: RawImageInspect['GraphDriver']): GraphDriver {
  const data = raw.Data ?? {};
  return {
    name: raw.Name,
    lowerDir: data.LowerDir ? data.LowerDir.split(':') : [],
    upperDir: data.UpperDir ?? null,
    mergedDir: data.MergedDir ?? null,
    workDir: data.WorkDir ?? null,
  };
}

export function toDiffIds(raw: RawImageInspect): string[] {
  return raw.RootFS.Layers ?? [];
}

/**
 * History from GET /images/{id}/history (newest first) when the image config cannot be read.
 * That endpoint has no empty_layer flag: a step is known to have made a layer only when the
 * non-zero steps match the image's layer count one for one; otherwise emptyLayer is unknown.
 */
export function toHistoryFromApi(raw: RawHistoryEntry[], layerCount: number): HistoryEntry[] {
  const oldestFirst = [...raw].reverse();
  const nonEmpty = oldestFirst.filter((entry) => entry.Size > 0).length;
  const known = nonEmpty === layerCount;
  return oldestFirst.map((entry) => ({
    created: entry.Created > 0 ? new Date(entry.Created * 1000).toISOString() : null,
    createdBy: entry.CreatedBy,
    comment: entry.Comment,
    emptyLayer: known ? entry.Size === 0 : null,
  }));
}

interface ConfigHistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** History from the image config (OCI image spec), exact, oldest first. */
export function toHistoryFromConfig(history: ConfigHistoryEntry[] | undefined): HistoryEntry[] {
  return (history ?? []).map((entry) => ({
    created: entry.created ?? null,
    createdBy: entry.created_by ?? '',
    comment: entry.comment ?? '',
    emptyLayer: entry.empty_layer === true,
  }));
}
