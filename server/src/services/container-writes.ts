import type { ContainerChange, ContainerChanges } from '@footprint/shared';
import { displayName } from '../domain/tree-names.js';
import {
  containerChanges,
  type InspectedContainer,
  inspectContainer,
} from '../engine/engine-containers.js';
import type { LayerIndex } from './layer-index.js';
import { RecentAnswers } from './recent-answers.js';

/** Stopped containers' answers kept per version of the container list: a page shows one. */
const maxKept = 16;

/*
 * What a container wrote: the engine's own change list (what `docker diff` prints, from the
 * writable layer) with sizes. Added and changed entries are measured in the writable layer;
 * deleted ones are what the image had there, from the image's merged tree.
 */
export async function containerWrites(index: LayerIndex, id: string): Promise<ContainerChanges> {
  const kept = await keptAnswers(index);
  const known = kept?.peek(id);
  if (known !== undefined) return known;
  const container = await inspectContainer(index.engine.client, id);
  if (kept === null || container.running) return writesOf(index, container);
  return kept.get(id, () => writesOf(index, container));
}

/**
 * A stopped container's files change only with an event the engine watcher follows (start,
 * `docker cp` into it: extract-to-dir, rename, destroy), and its image's tags only with an image
 * event: its answer is kept until one, while the stream is followed (EngineSnapshot.keep;
 * without it, null: every request asks). A running one writes without an event and is asked
 * each time. Asked per request, the engine's diff, an inspect, the image's and each written
 * file's lstat took 140 to 620 ms at p50 under load.
 */
async function keptAnswers(index: LayerIndex): Promise<RecentAnswers<ContainerChanges> | null> {
  const snapshot = index.options.snapshot;
  if (snapshot === undefined) return null;
  return snapshot.keep(
    'container-writes',
    ['containers', 'images'],
    async () => new RecentAnswers<ContainerChanges>(maxKept),
  );
}

async function writesOf(
  index: LayerIndex,
  container: InspectedContainer,
): Promise<ContainerChanges> {
  const client = index.engine.client;
  const [records, image] = await Promise.all([
    containerChanges(client, container.id),
    index.resolve(container.imageId),
  ]);
  const top = image.chainIds.length - 1;
  const merged = top < 0 ? null : await index.view(image, top);
  const encoder = new TextEncoder();
  const mountId = await image.contents.mountId(container.id);

  const changes: ContainerChange[] = await Promise.all(
    records.map(async (record): Promise<ContainerChange> => {
      const displayPath = `/${record.path.split('/').filter(Boolean).map(displayName).join('/')}`;
      if (record.change === 'deleted') {
        const path = record.path.split('/').filter(Boolean);
        const gone = merged?.find(path.map((part) => encoder.encode(part))) ?? null;
        const packed = gone === null ? null : merged?.packed(gone[0] as number);
        const node = gone?.[1] as number;
        return {
          path: record.path,
          displayPath,
          change: 'deleted',
          kind: packed?.kind(node) ?? null,
          apparentBytes: packed?.f64('mergedApparent', node) ?? 0,
        };
      }
      const written =
        mountId === null ? null : await image.contents.writtenFile(mountId, record.path);
      return {
        path: record.path,
        displayPath,
        change: record.change,
        kind: written?.kind ?? null,
        apparentBytes: written?.apparentBytes ?? 0,
      };
    }),
  );

  // A directory's size is the files written under it; each file is counted once overall.
  const written = changes.filter((c) => c.change !== 'deleted' && c.kind !== 'dir');
  const underDir = new Map<string, number>();
  for (const file of written) {
    const parts = file.path.split('/').filter(Boolean);
    for (let depth = 1; depth < parts.length; depth++) {
      const dir = `/${parts.slice(0, depth).join('/')}`;
      underDir.set(dir, (underDir.get(dir) ?? 0) + file.apparentBytes);
    }
  }
  for (const change of changes) {
    if (change.kind === 'dir' && change.change !== 'deleted') {
      change.apparentBytes = underDir.get(change.path) ?? 0;
    }
  }
  changes.sort(
    (a, b) => b.apparentBytes - a.apparentBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  return {
    containerId: container.id,
    name: container.name,
    imageId: container.imageId,
    imageTags: image.repoTags,
    writtenBytes: written.reduce((sum, file) => sum + file.apparentBytes, 0),
    changes,
  };
}
