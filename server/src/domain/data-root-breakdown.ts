import type { DataRootBreakdown, DataRootPart, DataRootPartKind } from '@footprint/shared';

/*
 * The data root as `du -x -s` counts it, split into the parts every Docker guide names. Each
 * measured entry is one `du -s` (a layer directory, a container's directory, volumes/, …);
 * the data root's total is one `du -x -s` over all of them, so a file hard-linked into two
 * entries counts in the first entry only, here as there. Pure: figures in, figures out.
 */

export interface Figures {
  diskBytes: number;
  apparentBytes: number;
  files: number;
}

/** An inode with several links: [dev:ino, diskBytes, apparentBytes]. */
export type LinkedInode = [key: string, diskBytes: number, apparentBytes: number];

export interface MeasuredEntry {
  kind: DataRootPartKind;
  /** The part's path relative to the data root, e.g. "overlay2/" or "containerd/". */
  partPath: string;
  /** The directory's own entry (overlay2/, containers/), whose children are entries too. */
  self: boolean;
  figures: Figures;
  linkedInodes: readonly LinkedInode[];
}

/** The parts' labels and descriptions in an overlay2 data root (the storage layout names them). */
export const partLabels: Record<DataRootPartKind, string> = {
  'image-layers': 'overlay2/ image layers',
  'container-layers': 'overlay2/ container writable layers',
  'container-init-layers': 'overlay2/ container -init layers',
  'build-cache-layers': 'overlay2/ build cache (BuildKit)',
  'orphan-layers': 'overlay2/ orphans',
  'overlay2-metadata': 'overlay2/ itself and l/',
  'image-metadata': 'image/',
  containers: 'containers/',
  volumes: 'volumes/',
  buildkit: 'buildkit/',
  network: 'network/',
  plugins: 'plugins/',
  tmp: 'tmp/',
  swarm: 'swarm/',
  other: '',
};

export const partDescriptions: Record<DataRootPartKind, string> = {
  'image-layers': 'The files of every image layer, one directory per layer (layerdb cache-id).',
  'container-layers': 'What containers wrote: each container’s writable layer.',
  'container-init-layers':
    'The small layer the engine puts under each container (/etc/hosts, /etc/resolv.conf, …).',
  'build-cache-layers':
    'Snapshots BuildKit keeps as build cache; `docker builder prune` frees them.',
  'orphan-layers': 'Layer directories no image, container or build cache references.',
  'overlay2-metadata': 'The overlay2 directory’s own entry and l/, a short link to each layer.',
  'image-metadata': 'Image and layer metadata: configs, layerdb, distribution records.',
  containers: 'Each container’s configuration and its log files.',
  volumes: 'Local volumes’ data.',
  buildkit: 'BuildKit’s databases and content store.',
  network: 'Network configuration database.',
  plugins: 'Engine plugins and their root filesystems.',
  tmp: 'The engine’s temporary files (image loads and pulls in progress).',
  swarm: 'Swarm state, when the engine is or was in a swarm.',
  other: 'Something the engine or another program keeps in the data root.',
};

/**
 * Each entry's figures with inodes that an earlier entry already counted taken out, so that
 * the entries add up to what one `du -x -s` of the whole data root counts.
 */
export function attributeHardLinks(entries: readonly MeasuredEntry[]): Figures[] {
  const claimed = new Set<string>();
  return entries.map(({ figures, linkedInodes }) => {
    // Most entries have no hard links: their own figures (shared, never changed here).
    if (linkedInodes.length === 0) return figures;
    const attributed = { ...figures };
    for (const [key, diskBytes, apparentBytes] of linkedInodes) {
      if (!claimed.has(key)) {
        claimed.add(key);
        continue;
      }
      attributed.diskBytes -= diskBytes;
      attributed.apparentBytes -= apparentBytes;
      attributed.files--;
    }
    return attributed;
  });
}

/**
 * What one `du -x -s a b …` counts over these entries together: an inode hard-linked into
 * several of them counts once (GNU du keeps one table of linked inodes per invocation). Two
 * orphan directories holding the same file add up to less than their own figures do.
 */
export function figuresTogether(entries: readonly MeasuredEntry[]): Figures {
  const total: Figures = { diskBytes: 0, apparentBytes: 0, files: 0 };
  for (const figures of attributeHardLinks(entries)) {
    total.diskBytes += figures.diskBytes;
    total.apparentBytes += figures.apparentBytes;
    total.files += figures.files;
  }
  return total;
}

/** How a storage layout names its parts, and which parts count a directory per entry. */
export interface PartNaming {
  labels: Readonly<Record<DataRootPartKind, string>>;
  descriptions: Readonly<Record<DataRootPartKind, string>>;
  /** Parts whose every entry is a directory counted (the layer root, containers/). */
  countedParts: readonly string[];
}

const overlay2Naming: PartNaming = {
  labels: partLabels,
  descriptions: partDescriptions,
  countedParts: ['overlay2/', 'containers/'],
};

export function buildBreakdown(
  path: string,
  rootSelf: Figures,
  entries: readonly MeasuredEntry[],
  naming: PartNaming = overlay2Naming,
): DataRootBreakdown {
  const { labels, descriptions, countedParts } = naming;
  const attributed = attributeHardLinks(entries);
  // Parts by kind, then path: a key string made per entry was 10,000 strings per scan.
  const parts = new Map<DataRootPartKind, Map<string, DataRootPart>>();
  entries.forEach((entry, index) => {
    const figures = attributed[index] as Figures;
    let ofKind = parts.get(entry.kind);
    if (ofKind === undefined) parts.set(entry.kind, (ofKind = new Map()));
    let part = ofKind.get(entry.partPath);
    if (part === undefined) {
      part = {
        kind: entry.kind,
        label: entry.kind === 'other' ? entry.partPath : labels[entry.kind],
        path: entry.partPath,
        diskBytes: 0,
        apparentBytes: 0,
        files: 0,
        entries: 0,
        description: descriptions[entry.kind],
      };
      ofKind.set(entry.partPath, part);
    }
    part.diskBytes += figures.diskBytes;
    part.apparentBytes += figures.apparentBytes;
    part.files += figures.files;
    // Layer and container directories are counted; other parts are one directory, however
    // many entries the scan cut them into (image/ is cut so mounts/ can be read alone).
    if (!entry.self && countedParts.includes(entry.partPath)) {
      part.entries++;
    }
  });
  const list = [...parts.values()]
    .flatMap((ofKind) => [...ofKind.values()])
    .sort((a, b) => b.diskBytes - a.diskBytes || a.label.localeCompare(b.label));
  for (const part of list) part.entries = Math.max(part.entries, 1);
  const total = { ...rootSelf };
  for (const figures of attributed) {
    total.diskBytes += figures.diskBytes;
    total.apparentBytes += figures.apparentBytes;
    total.files += figures.files;
  }
  return {
    path,
    diskBytes: total.diskBytes,
    apparentBytes: total.apparentBytes,
    files: total.files,
    parts: list,
    unexplained: {
      diskBytes: rootSelf.diskBytes,
      apparentBytes: rootSelf.apparentBytes,
      description:
        'The data root directory’s own entry. Every other byte belongs to a part; if files ' +
        'appeared or vanished during the scan, rescan for exact figures.',
    },
  };
}
