import { access, constants } from 'node:fs/promises';
import { measurePaths } from './measure-paths.js';
import type { ScanPool } from './scan/scan-pool.js';

/*
 * Docker's own directories beside the layers (volumes/, containers/), for a container's removal
 * preview: the same under every graph driver. The container's layers are its backend's
 * (backends/<name>/, DataRootBackend.containerFootprint).
 */

/** The volume's directory, volumes/<name>, as `du -B1 -s`; null where unreadable. */
export async function measureVolumes(
  scan: ScanPool,
  dataRoot: string,
  names: readonly string[],
): Promise<(number | null)[]> {
  return measurePaths(
    scan,
    names.map((name) => `${dataRoot}/volumes/${name}`),
  );
}

/** Why containers/ under the data root cannot be read by this process; null when it can. */
export async function containerRecordsRefused(
  dataRoot: string,
  directory = 'containers',
): Promise<string | null> {
  try {
    await access(`${dataRoot}/${directory}`, constants.R_OK | constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return `${dataRoot}/${directory} cannot be read by this server (${code}): no on-disk figures.`;
  }
}
