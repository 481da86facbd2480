import { type ImageSpec, seededBytes } from './image-archive.js';

/*
 * An image for the explorer's change marks (dive's filter, mode and owner, the layer that
 * last changed an entry). By layer:
 *   0 ADD    etc/app.conf 0644 0:0, bin/tool 0755, tmp/ 1777, data/keep.txt, data/drop.txt
 *   1 RUN    opt/x
 *   2 RUN    chmod 600 /etc/app.conf && chown 1000:2000 /etc/app.conf (the file again)
 *   3 RUN    writes /tmp/cache.bin (tmp/ again, 1777)
 *   4 RUN    rm /data/drop.txt (a whiteout)
 *   5 RUN    srv/top.txt
 */
export const changesImage: ImageSpec = {
  tags: ['footprint-fixture/changes:1'],
  layers: [
    {
      createdBy: 'ADD rootfs.tar /',
      entries: [
        { type: 'file', path: 'etc/app.conf', content: 'port=1\n' },
        { type: 'file', path: 'bin/tool', content: seededBytes('tool', 1200), mode: 0o755 },
        { type: 'dir', path: 'tmp', mode: 0o1777 },
        { type: 'file', path: 'data/keep.txt', content: seededBytes('keep', 300) },
        { type: 'file', path: 'data/drop.txt', content: seededBytes('drop', 200) },
      ],
    },
    { createdBy: 'RUN write /opt/x', entries: [{ type: 'file', path: 'opt/x', content: 'x' }] },
    {
      createdBy: 'RUN chmod 600 /etc/app.conf && chown 1000:2000 /etc/app.conf',
      entries: [
        {
          type: 'file',
          path: 'etc/app.conf',
          content: 'port=1\n',
          mode: 0o600,
          uid: 1000,
          gid: 2000,
        },
      ],
    },
    {
      createdBy: 'RUN write /tmp/cache.bin',
      entries: [
        { type: 'dir', path: 'tmp', mode: 0o1777 },
        { type: 'file', path: 'tmp/cache.bin', content: seededBytes('cache', 4000) },
      ],
    },
    { createdBy: 'RUN rm /data/drop.txt', entries: [{ type: 'whiteout', path: 'data/drop.txt' }] },
    {
      createdBy: 'RUN write /srv/top.txt',
      entries: [{ type: 'file', path: 'srv/top.txt', content: 'top\n' }],
    },
  ],
};
