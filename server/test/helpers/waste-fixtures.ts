import { type ImageSpec, type LayerEntry, type LayerSpec, seededBytes } from './image-archive.js';

/*
 * Images whose waste is known by construction, for the layer explorer's tests. Each layer is
 * what the engine would store for the step in its history line.
 */

export const wasteRepo = 'footprint-fixture/waste';

export const bigBytes = seededBytes('big', 10_000);
export const movedBytes = seededBytes('moved', 3000);
export const confBytes = seededBytes('conf', 1000);

const layers: LayerSpec[] = [
  {
    createdBy: 'ADD rootfs.tar /',
    entries: [
      { type: 'file', path: 'etc/conf', content: confBytes },
      { type: 'file', path: 'data/big.bin', content: bigBytes },
      { type: 'file', path: 'data/moved.bin', content: movedBytes },
      { type: 'file', path: 'cache/a', content: seededBytes('a', 2000) },
      { type: 'file', path: 'cache/b', content: seededBytes('b', 500) },
      { type: 'file', path: 'opq/old', content: seededBytes('old', 700) },
      { type: 'file', path: 'del.bin', content: seededBytes('del', 400) },
    ],
  },
  {
    createdBy: 'COPY big.bin /data/big.bin',
    entries: [{ type: 'file', path: 'data/big.bin', content: bigBytes }],
  },
  {
    createdBy: 'RUN chmod 600 /etc/conf',
    entries: [{ type: 'file', path: 'etc/conf', content: confBytes, mode: 0o600 }],
  },
  {
    createdBy: 'RUN mv /data/moved.bin /data/moved-to.bin',
    entries: [
      { type: 'whiteout', path: 'data/moved.bin' },
      { type: 'file', path: 'data/moved-to.bin', content: movedBytes },
    ],
  },
  { createdBy: 'RUN rm /del.bin', entries: [{ type: 'whiteout', path: 'del.bin' }] },
  { createdBy: 'RUN rm -rf /cache', entries: [{ type: 'whiteout', path: 'cache' }] },
  {
    createdBy: 'RUN rm -rf /opq && mkdir /opq && write /opq/new',
    entries: [
      { type: 'opaque', path: 'opq' },
      { type: 'file', path: 'opq/new', content: seededBytes('new', 100) },
    ],
  },
  {
    createdBy: 'RUN cp /data/big.bin /data/big-copy.bin',
    entries: [{ type: 'file', path: 'data/big-copy.bin', content: bigBytes }],
  },
];

export const wasteImage: ImageSpec = { tags: [`${wasteRepo}:1`], layers };

/** 100 directories of 1,000 files each; every tenth file holds 10 bytes, the rest none. */
export function manyFilesImage(): ImageSpec {
  const entries: LayerEntry[] = [];
  const ten = Buffer.from('0123456789');
  for (let d = 0; d < 100; d++) {
    const dir = `many/d${String(d).padStart(3, '0')}`;
    entries.push({ type: 'dir', path: dir });
    for (let f = 0; f < 1000; f++) {
      const name = `${dir}/f${String(f).padStart(4, '0')}`;
      entries.push({ type: 'file', path: name, content: f % 10 === 0 ? ten : '' });
    }
  }
  return { tags: ['footprint-fixture/many-files:1'], layers: [{ createdBy: 'ADD many', entries }] };
}
