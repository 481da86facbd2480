import type { DataRootPartKind, StorageBackend } from '@footprint/shared';
import type { OverlayReferences } from '../../domain/overlay-dirs.js';
import type { PrunePlan } from '../../domain/prune-types.js';
import { type BackendVerdict, detectBackend } from '../../domain/storage-backend.js';
import type { FileKind } from '../../domain/layer-entry.js';
import type { DataRootAccess } from '../data-root-access.js';
import type { PlannedEntry, ScanEntry } from '../data-root-scan.js';
import type { LayerSource } from '../layer-index-worker.js';
import type { WalkRequest } from '../scan/walk-tree.js';
import type { StorageWorkers } from '../storage-workers.js';
import { knownBackends } from './known-backends.js';

/*
 * A storage backend: how one engine's storage keeps layers in its data root, answered the same
 * way for every backend to the scan (data-root-plan.ts, data-root-scan.ts), DiskTruth, the layer
 * explorer, the layer catalog and the removal previews, which never decide a driver themselves.
 * One implementation per folder beside this file (overlay2/, containers-storage/, later
 * containerd/), registered in known-backends.ts; selectBackend picks one from what the engine
 * says of its storage, or says why the disk is not measured.
 *
 * The words are the API's: a layer is named by its chain ID (domain/layers.ts, made from the
 * image's diff IDs, so the same for every backend), and its files live in a layer directory
 * under the backend's layer root, named by what the API calls its cacheId. How the backend
 * finds that name (overlay2: layerdb's cache-id file; containers-storage: the layer's id in
 * layers.json, matched by its diff digest and parent) stays inside the backend.
 */

/** What the engine says of its storage (engine/engine.ts StorageInfo), and which engine it is. */
export interface EngineStorageFacts {
  driver: string;
  dockerRootDir: string;
  containerdSnapshotter: boolean;
  rootless: boolean;
  /** Podman answers the Docker API too; its driver "overlay" is containers/storage's. */
  engineKind?: 'docker' | 'podman';
}

/** A layer the engine has registered, and where its files are. */
export interface LayerRecord {
  chainId: string;
  /** The layer directory's name under the layer root. */
  cacheId: string;
  diffId: string | null;
}

/** A container's own layers: what it wrote and what the engine put under it. */
export interface MountRecord {
  containerId: string;
  /** The writable layer's directory name under the layer root. */
  mountId: string;
  /** The init layer's directory (/etc/hosts, resolv.conf…); null for containers without one. */
  initId: string | null;
}

/** Who references each directory of the layer root (see domain/overlay-dirs.ts). */
export type LayerReferences = OverlayReferences;

/** Everything that names a layer directory, read in one go before a scan classifies them. */
export interface ScanMetadata {
  layers: LayerRecord[];
  mounts: MountRecord[];
  references: LayerReferences;
}

/**
 * What the last read of this data root found: `same`, no image event since (the records as they
 * were); `added`, only images added (read new layers only).
 */
export interface PreviousLayers {
  layers: LayerRecord[];
  change: 'same' | 'added';
}

/** A layer's record in the engine's layer store: its directory and the size the engine keeps. */
export interface LayerStoreRecord {
  cacheId: string;
  /** Bytes of the layer diff as the engine recorded them. */
  size: number;
}

export interface ImageConfig {
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
}

/**
 * The engine's image and layer records, read in batches (inventory, layer catalog, explorer,
 * prune snapshot, tag times). Each answers null where a record is not (or no longer) there.
 */
export interface LayerStoreReader {
  readonly dataRoot: string;
  readonly driver: string;
  readLayer(chainId: string): Promise<LayerStoreRecord | null>;
  readLayers(chainIds: readonly string[]): Promise<(LayerStoreRecord | null)[]>;
  readDiffSizes(chainIds: readonly string[]): Promise<(number | null)[]>;
  readImageConfig(imageId: string): Promise<ImageConfig | null>;
  readImageConfigs(imageIds: readonly string[]): Promise<(ImageConfig | null)[]>;
  /** Metadata.LastTagTime per image as ISO; null where the store keeps none. */
  readLastTagTimes(imageIds: readonly string[]): Promise<(string | null)[]>;
}

/** The layer store and what is inside the layers, or why this process cannot read them. */
export type LayerStoreAccess =
  | { readable: true; store: LayerStoreReader; files: LayerFiles }
  | { readable: false; message: string };

export interface WrittenFile {
  kind: FileKind;
  /** Apparent size, as `du -b` counts it; 0 for directories. */
  apparentBytes: number;
}

/** What is inside layers and writable layers, by ID only (the explorer, duplicates, writes). */
export interface LayerFiles {
  /** Where to read a layer's entries (a tar-split file or its directory), or why it cannot be. */
  layerSource(chainId: string): Promise<LayerSource | { unavailable: string }>;
  /** sha256 of one regular file of a layer directory; null when it is not a plain file. */
  hashFile(
    cacheId: string,
    segments: readonly string[],
    onBytes?: (bytes: number) => void,
  ): Promise<string | null>;
  /** A container's writable layer directory name; null when it has none (any more). */
  mountId(containerId: string): Promise<string | null>;
  /** One path of a writable layer as it is on disk now; null when it is not there. */
  writtenFile(mountId: string, path: string): Promise<WrittenFile | null>;
}

/** One container's footprint measured now, each as `du -B1 -s` (a removal preview). */
export interface ContainerFootprint {
  writableLayerBytes: number | null;
  initLayerBytes: number | null;
  logBytes: number | null;
  totalBytes: number | null;
}

/** A data root entry as listed for the plan, with its lstat. */
export interface ListedEntry {
  key: string;
  name: Buffer;
  path: Buffer;
  isDirectory: boolean;
  modifiedAt: string;
  ino: string;
}

/** An entry the previous scan measured, taken as it is (see PlanSteps.list). */
export function isScanEntry(entry: ListedEntry | ScanEntry): entry is ScanEntry {
  return 'result' in entry;
}

/** What data-root-plan.ts lends a backend to plan the top-level entries it splits. */
export interface PlanSteps {
  /**
   * A directory's entries with their lstat (mount points and vanished ones counted). `keep`:
   * entries the previous scan kept (layer directories, layer records) come back as they were.
   */
  list(dir: ListedEntry, keep?: boolean): Promise<(ListedEntry | ScanEntry)[]>;
  /** One entry of the plan (one `du -s`), in du's order; a kept entry is taken as it is. */
  add(
    entry: ListedEntry | ScanEntry,
    kind: DataRootPartKind,
    partPath: string,
    options?: {
      request?: Partial<WalkRequest>;
      /** The directory's own entry only: its children are entries of their own. */
      self?: boolean;
      /** Written once, like a layer: kept in the layer cache under this key. */
      cacheKey?: string | null;
    },
  ): void;
  /** A directory of the layer root: planned as an orphan, classified once metadata is read. */
  addLayerDir(entry: ListedEntry | ScanEntry, request?: Partial<WalkRequest>): void;
}

/** How a scan cuts this backend's data root into entries and how the breakdown names them. */
export interface DataRootLayout {
  /** The layer root's part path ("overlay2/"): each directory in it is one layer's. */
  layerPart: string;
  /** Where each child is one container's directory ("containers/"): counted as entries. */
  containerPart: string;
  /** Top-level names measured as one part each (volumes, buildkit, …); the rest are "other". */
  parts: Readonly<Record<string, DataRootPartKind>>;
  /** Each part's label, e.g. "overlay2/ image layers" (data-root-breakdown.ts). */
  labels: Readonly<Record<DataRootPartKind, string>>;
  /** What each part holds, in a sentence. */
  descriptions: Readonly<Record<DataRootPartKind, string>>;
  /** What the orphans' answer says to do about them. */
  orphanAdvice: string;
  /**
   * Plans a top-level entry the backend splits (the layer root, the layer records, the
   * containers); false: not one of those, planned as one part by its name.
   */
  planTop(top: ListedEntry, steps: PlanSteps): Promise<boolean>;
  /**
   * The container an entry belongs to (for a refresh scoped to containers), from its path and
   * the container of each layer directory; scan-scope's anyContainer for one every container
   * writes (the mount records); null for none.
   */
  containerOf(
    entry: PlannedEntry,
    containerOfLayerDir: (name: string) => string | null,
  ): string | null;
}

/** The paths removing each item frees, from what the last scan knows (prune previews). */
export interface RemovalLookups {
  cacheIdOf(chainId: string): string | null;
  mountsOf(containerId: string): { mountId: string; initId: string | null } | null;
}

/** One engine's storage, measurable here: what every reader of its data root asks. */
export interface DataRootBackend {
  readonly name: StorageBackend;
  /** The engine's driver name as it reports it (Info.Driver). */
  readonly driver: string;
  /** The data root as this process sees it. */
  readonly dataRoot: string;
  readonly layout: DataRootLayout;
  /** The app's worker threads this backend reads and measures with. */
  readonly workers: StorageWorkers;
  /** Whether this process can read what a scan needs, else what to change (before each scan). */
  probe(rootless: boolean): Promise<DataRootAccess>;
  /**
   * Layer records, container mounts and what references each layer directory, for a scan.
   * `knownMounts`: what the last read found, taken for containers still listed.
   */
  readScanMetadata(
    previous: PreviousLayers | null,
    knownMounts?: readonly MountRecord[],
  ): Promise<ScanMetadata>;
  /** A layer directory's path as this process sees it, by its name under the layer root. */
  layerDirectory(cacheId: string): string;
  /** The engine's image and layer records and the layers' files, or why they cannot be read. */
  openLayerStore(): Promise<LayerStoreAccess>;
  /** One container's layers, logs and records measured now (a removal preview). */
  containerFootprint(containerId: string): Promise<ContainerFootprint>;
  /**
   * The paths under the data root removing each planned item frees, in order; null for an item
   * whose paths cannot be named (see domain/prune-disk.ts).
   */
  removalPaths(
    plan: Pick<PrunePlan, 'items' | 'freedChains'>,
    lookups: RemovalLookups,
  ): Promise<(string[] | null)[]>;
}

/** How a backend is recognised and made (one per folder; see known-backends.ts). */
export interface BackendFactory {
  name: StorageBackend;
  /** The same for every data root of this backend (a scan of a planted data root asks it). */
  layout: DataRootLayout;
  /** Whether the engine's storage is this backend's. */
  matches(facts: EngineStorageFacts): boolean;
  create(dataRoot: string, facts: EngineStorageFacts, workers: StorageWorkers): DataRootBackend;
}

/** Which backend an engine's storage is, whether it is measured here, and where it is read. */
export interface BackendSelection {
  verdict: BackendVerdict;
  /** The data root as this process sees it: the one configured, else the engine's. */
  dataRoot: string;
  /** Null when the storage is not measured here (verdict.reason says why). */
  backend: DataRootBackend | null;
}

/** The data root this process reads: the one configured (DOCKER_DATA_ROOT), else the engine's. */
export function dataRootOf(
  facts: Pick<EngineStorageFacts, 'dockerRootDir'>,
  configured: string | null,
): string {
  return configured ?? facts.dockerRootDir;
}

/**
 * Backends made, by the app's workers, factory, driver and data root: the same object while
 * those are the same.
 */
const made = new WeakMap<StorageWorkers, WeakMap<BackendFactory, Map<string, DataRootBackend>>>();

/**
 * The backend of this storage: the first factory that recognises it, else the verdict of
 * domain/storage-backend.ts (containerd store, vfs, btrfs, …) with its reason. The same backend
 * object for the same storage, so what is built from it can be kept by its identity.
 */
export function selectBackend(
  facts: EngineStorageFacts,
  configuredDataRoot: string | null,
  workers: StorageWorkers,
  factories: readonly BackendFactory[] = knownBackends,
): BackendSelection {
  const dataRoot = dataRootOf(facts, configuredDataRoot);
  const factory = factories.find((candidate) => candidate.matches(facts));
  if (factory !== undefined) {
    let byFactory = made.get(workers);
    if (byFactory === undefined) made.set(workers, (byFactory = new WeakMap()));
    let byKey = byFactory.get(factory);
    if (byKey === undefined) byFactory.set(factory, (byKey = new Map()));
    const key = `${facts.driver}\0${dataRoot}`;
    let backend = byKey.get(key);
    if (backend === undefined) byKey.set(key, (backend = factory.create(dataRoot, facts, workers)));
    return {
      verdict: { backend: factory.name, measurable: true, reason: null },
      dataRoot,
      backend,
    };
  }
  const verdict = detectBackend(facts);
  // A driver domain calls measurable but no factory here measures: said, not guessed.
  if (verdict.measurable) {
    return {
      verdict: {
        ...verdict,
        measurable: false,
        reason: `No backend here reads "${facts.driver}".`,
      },
      dataRoot,
      backend: null,
    };
  }
  return { verdict, dataRoot, backend: null };
}
