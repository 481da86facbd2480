import type { PruneItemKind, PruneKind } from '@footprint/shared';

export interface PruneKindInfo {
  kind: PruneKind;
  label: string;
  hint: string;
}

/** Every prune kind in the order the form lists them. Named volumes only by explicit choice. */
export const pruneKinds: readonly PruneKindInfo[] = [
  { kind: 'dangling-images', label: 'Dangling images', hint: 'Images no tag points at' },
  {
    kind: 'unused-images',
    label: 'Unused images',
    hint: 'Every image no container uses, tagged or not',
  },
  {
    kind: 'unused-for-days',
    label: 'Images unused for N days',
    hint: 'No container used them for this long (as far as this server saw)',
  },
  { kind: 'build-cache', label: 'Build cache', hint: 'Records neither in use nor shared' },
  { kind: 'stopped-containers', label: 'Stopped containers', hint: 'And their writable layers' },
  {
    kind: 'anonymous-volumes',
    label: 'Unused anonymous volumes',
    hint: 'Volumes without a name that no container mounts',
  },
  {
    kind: 'named-volumes',
    label: 'Unused named volumes',
    hint: 'Named volumes no container mounts: often data someone meant to keep',
  },
];

const kindSet = new Set<string>(pruneKinds.map((info) => info.kind));

export function isPruneKind(value: string): value is PruneKind {
  return kindSet.has(value);
}

export function pruneKindLabel(kind: PruneKind): string {
  return pruneKinds.find((info) => info.kind === kind)?.label ?? kind;
}

export const itemKindLabels: Record<PruneItemKind, string> = {
  container: 'Container',
  image: 'Image',
  volume: 'Volume',
  'build-cache': 'Build cache',
};

/** The prune kind an Overview "reclaimable" row stands for; null when there is none. */
export function pruneKindForReclaimable(key: string): PruneKind | null {
  switch (key) {
    case 'dangling-images':
    case 'unused-images':
    case 'stopped-containers':
    case 'build-cache':
      return key;
    case 'unused-volumes':
      // Named volumes are never preselected: only by the person's own choice.
      return 'anonymous-volumes';
    default:
      return null;
  }
}
