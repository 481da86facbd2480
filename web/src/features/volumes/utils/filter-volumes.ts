import type { VolumeSummary } from '@footprint/shared';

export type VolumeFilter = 'all' | 'unused' | 'in-use';

export function filterVolumes(volumes: readonly VolumeSummary[], filter: string): VolumeSummary[] {
  if (filter === 'unused') return volumes.filter((volume) => volume.containers.length === 0);
  if (filter === 'in-use') return volumes.filter((volume) => volume.containers.length > 0);
  return [...volumes];
}

/** Biggest first; volumes whose size the driver does not report last. */
export function sortVolumes(volumes: readonly VolumeSummary[]): VolumeSummary[] {
  return [...volumes].sort(
    (a, b) => (b.size ?? -1) - (a.size ?? -1) || a.name.localeCompare(b.name),
  );
}
