/*
 * More fields of GET /system/df (API ≤ 1.51) than raw-types.ts maps, for the prune planner,
 * and the other raw answers of removal calls and the event stream. PascalCase stays in engine/.
 */
import type { RawBuildCache, RawDfContainer, RawDfImage, RawDfVolume } from './raw-types.js';

export interface RawDfImageFull extends RawDfImage {
  Labels?: Record<string, string> | null;
}

export interface RawDfContainerFull extends RawDfContainer {
  Names?: string[] | null;
  Created: number;
  Labels?: Record<string, string> | null;
  Mounts?: { Type: string; Name?: string }[] | null;
}

export interface RawDfVolumeFull extends RawDfVolume {
  Labels?: Record<string, string> | null;
  CreatedAt?: string;
}

export interface RawBuildCacheFull extends RawBuildCache {
  /** The record it was made on top of (Engine API up to 1.41; deprecated since 1.42). */
  Parent?: string;
  /** Its parents (Engine API 1.42+). */
  Parents?: string[] | null;
  Description?: string;
  CreatedAt?: string;
  LastUsedAt?: string | null;
}

export interface RawDiskUsageFull {
  Images: RawDfImageFull[] | null;
  Containers: RawDfContainerFull[] | null;
  Volumes: RawDfVolumeFull[] | null;
  BuildCache: RawBuildCacheFull[] | null;
}

/** DELETE /images/{name}: one entry per reference untagged or image/layer deleted. */
export type RawImageDeleteResponse = { Untagged?: string; Deleted?: string }[];

/** POST /build/prune. */
export interface RawBuildPruneResponse {
  CachesDeleted: string[] | null;
  SpaceReclaimed: number;
}

/** One line of GET /events. */
export interface RawEvent {
  Type: string;
  Action: string;
  Actor?: { ID: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

export interface RawContainerSummary {
  Id: string;
  Names?: string[] | null;
  /** The reference it was created from, as given (or the image ID). */
  Image?: string;
  ImageID: string;
  State: string;
  Created: number;
  Mounts?: { Type: string; Name?: string }[] | null;
}

export interface RawImageListEntry {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
}
