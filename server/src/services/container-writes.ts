import type { ContainerChange, ContainerChanges } from '@footprint/shared';
import { displayName } from '../domain/tree-names.js';
import { containerChanges, inspectContainer } from '../engine/engine-containers.js';
import type { LayerIndex } from './layer-index.js';

/*
 * What a container wrote: the engine's own change list (what `docker diff` prints, from the
 * writable layer) with sizes. Added and changed entries are measured in the writable layer;
 * deleted ones are what the image had there, from the image's merged tree.
 */
export async function containerWrites(index: LayerIndex, id: string): Promise<ContainerChanges> {
  const client = index.engine.client;
  const container = await inspectContainer(client, id);
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
