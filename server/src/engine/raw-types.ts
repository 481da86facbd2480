/*
 * The few fields of the Engine API's JSON that this project reads, PascalCase as the engine sends
 * them. These types never leave engine/: mappers.ts turns them into domain types.
 */

export interface RawVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os?: string;
  /** The engine's parts: Docker's "Engine", containerd, runc; Podman's "Podman Engine", conmon. */
  Components?: { Name: string; Version?: string }[] | null;
}

export interface RawInfo {
  /** The daemon's ID, kept in its data root across restarts (empty on some other engines). */
  ID?: string;
  Name?: string;
  Driver: string;
  DriverStatus?: [string, string][] | null;
  DockerRootDir: string;
  OperatingSystem?: string;
  SecurityOptions?: string[] | null;
  /** Podman only: whether the service runs rootless. */
  Rootless?: boolean;
}

export interface RawDfImage {
  Id: string;
  ParentId?: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  SharedSize: number;
  Containers: number;
}

export interface RawDfContainer {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID: string;
  State: string;
  SizeRw?: number;
}

export interface RawDfVolume {
  Name: string;
  UsageData?: { Size: number; RefCount: number } | null;
}

export interface RawBuildCache {
  ID: string;
  InUse: boolean;
  Shared: boolean;
  Size: number;
}

/** GET /system/df as engines answer it up to API 1.51 (1.52 reshaped it; we negotiate ≤ 1.51). */
export interface RawDiskUsage {
  LayersSize: number;
  Images: RawDfImage[] | null;
  Containers: RawDfContainer[] | null;
  Volumes: RawDfVolume[] | null;
  BuildCache: RawBuildCache[] | null;
}

export interface RawImageInspect {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: string;
  /** Bytes of all its layers, as GET /images/json gives it. */
  Size: number;
  RootFS: { Type: string; Layers?: string[] | null };
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  /** The image config; Labels is null when the image has none. */
  Config?: { Labels?: Record<string, string> | null } | null;
  /** LastTagTime: when the image was last tagged here; Go's zero time when never. */
  Metadata?: { LastTagTime?: string | null } | null;
}

export interface RawHistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Comment: string;
  Size: number;
}
