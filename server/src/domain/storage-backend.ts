import type { StorageBackend } from '@footprint/shared';

/** What the engine says about its storage, in our words (engine/engine.ts StorageInfo). */
export interface StorageFacts {
  driver: string;
  containerdSnapshotter: boolean;
  rootless: boolean;
}

export interface BackendVerdict {
  backend: StorageBackend;
  /** Layers live in plain overlay2 directories that can be named and measured. */
  measurable: boolean;
  /** Why not, in words a user can act on; null when measurable. */
  reason: string | null;
}

const reasons: Record<Exclude<StorageBackend, 'overlay2'>, string> = {
  // Chosen by its backend factory from Podman's engine kind, never from the driver alone: this
  // is said only where that factory is not there.
  'containers-storage':
    'Podman’s containers/storage is measured by its own backend, which this server does not ' +
    'have. Shown: the engine’s figures.',
  'containerd-snapshotter':
    'The engine uses the containerd image store (io.containerd.snapshotter.v1, the default on ' +
    'new installs of Engine 29+): layers are containerd snapshots under /var/lib/containerd, not ' +
    'directories of the data root, so they cannot be matched to images on disk. Shown: the ' +
    'engine’s figures.',
  vfs:
    'The vfs driver stores every layer as a full copy of the layers below it; a directory’s size ' +
    'is not the layer’s own bytes, so measuring it would overstate each layer. Shown: the ' +
    'engine’s figures.',
  btrfs:
    'With btrfs, layers are subvolume snapshots sharing extents; du counts shared extents once ' +
    'per snapshot, so its figures would be wrong. `btrfs filesystem du` knows the truth. ' +
    'Shown: the engine’s figures.',
  zfs:
    'With zfs, layers are datasets and clones whose space zfs accounts for itself (`zfs list ' +
    '-o space`); du cannot tell shared from unique blocks. Shown: the engine’s figures.',
  'fuse-overlayfs':
    'fuse-overlayfs (typical for rootless engines) keeps layers where this dashboard does not ' +
    'measure them yet. Shown: the engine’s figures.',
  unknown:
    'This storage driver is not one the dashboard knows how to measure on disk, and it will not ' +
    'guess. Shown: the engine’s figures.',
};

/** Which backend the engine uses and whether its data root can be measured with du's rules. */
export function detectBackend(facts: StorageFacts): BackendVerdict {
  // The containerd store reports Driver "overlayfs" (a snapshotter name), so test it first.
  let backend: StorageBackend;
  if (facts.containerdSnapshotter) backend = 'containerd-snapshotter';
  else if (facts.driver === 'overlay2') backend = 'overlay2';
  else if (['vfs', 'btrfs', 'zfs', 'fuse-overlayfs'].includes(facts.driver)) {
    backend = facts.driver as StorageBackend;
  } else backend = 'unknown';
  if (backend === 'overlay2') return { backend, measurable: true, reason: null };
  const driverNote = backend === 'unknown' ? ` (driver "${facts.driver}")` : '';
  return { backend, measurable: false, reason: `${reasons[backend]}${driverNote}` };
}
