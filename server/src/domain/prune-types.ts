import type { PruneItemKind, PruneKind } from '@footprint/shared';

/** What a prune plan is computed from: the engine's objects and the layers' recorded sizes. */

export type Labels = Record<string, string>;

export interface PruneImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** Legacy-builder parent (ParentId); null when none. An image with children cannot go. */
  parentId: string | null;
  /** ISO 8601. */
  created: string;
  labels: Labels;
  /** Chain IDs bottom first. */
  chainIds: readonly string[];
  /** Since when no container used it, as far as known (ISO); null when not known. */
  idleSince: string | null;
}

export interface PruneContainer {
  id: string;
  name: string;
  imageId: string;
  state: string;
  created: string;
  labels: Labels;
  /** Bytes in the writable layer (engine SizeRw). */
  sizeRw: number;
  volumeNames: string[];
}

export interface PruneVolume {
  name: string;
  /** Created for a container without a name (`-v /data`, VOLUME): a 64-hex name. */
  anonymous: boolean;
  /** Bytes (engine); -1 when the driver reports none. */
  size: number;
  created: string | null;
  labels: Labels;
}

export interface PruneBuildRecord {
  id: string;
  /** The records it was made on top of: BuildKit keeps a record while a child holds it. */
  parents: string[];
  description: string;
  size: number;
  inUse: boolean;
  /** Its data is shared with image layers: removing the record frees nothing (engine df). */
  shared: boolean;
  created: string | null;
  lastUsed: string | null;
}

export interface PruneSnapshot {
  images: PruneImage[];
  containers: PruneContainer[];
  volumes: PruneVolume[];
  buildCache: PruneBuildRecord[];
  /** Recorded bytes of each layer by chain ID (layerdb size). */
  layerSizes: ReadonlyMap<string, number>;
}

export interface LabelFilter {
  key: string;
  /** Null: the label's presence is enough. */
  value: string | null;
}

export interface PruneCriteria {
  kinds: ReadonlySet<PruneKind>;
  unusedForDays: number | null;
  /** Only what was created (build cache: last used) before this instant. */
  until: Date | null;
  label: LabelFilter[];
  notLabel: LabelFilter[];
  now: Date;
}

export interface PlannedItem {
  kind: PruneItemKind;
  id: string;
  name: string;
  reason: PruneKind;
  bytes: number;
  bytesKnown: boolean;
}

export interface PrunePlan {
  items: PlannedItem[];
  totalBytes: number;
  /** Chain IDs of layers the plan frees but whose size is not recorded (counted as 0). */
  unsizedLayers: string[];
  /** By image ID: the chains its removal frees (the last listed image holding each). */
  freedChains: ReadonlyMap<string, string[]>;
}

export function itemKey(item: { kind: PruneItemKind; id: string }): string {
  return `${item.kind}:${item.id}`;
}
