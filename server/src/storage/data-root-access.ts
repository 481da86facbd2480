import { constants } from 'node:fs';
import { access, opendir } from 'node:fs/promises';
import { join } from 'node:path';

export type DataRootAccess = { readable: true } | { readable: false; reason: string };

/**
 * Whether this process can read the data root well enough to measure it, and if not, what to
 * change. Checked before every scan: permissions and mounts change without the engine knowing.
 */
export async function probeDataRoot(
  dataRoot: string,
  driver: string,
  rootless: boolean,
): Promise<DataRootAccess> {
  const needed = [dataRoot, join(dataRoot, driver), join(dataRoot, 'image', driver, 'layerdb')];
  return probeDirs(needed, (dir, code) => explain(dir, dataRoot, code, rootless));
}

/**
 * Whether each of `needed` can be opened, in order; the first that cannot is said by `explain`
 * with its error code. Each backend names its own directories and its own advice.
 */
export async function probeDirs(
  needed: readonly string[],
  explain: (dir: string, code: string) => string,
): Promise<DataRootAccess> {
  for (const dir of needed) {
    try {
      await access(dir, constants.R_OK | constants.X_OK);
      // Opened, not listed: a layer root holds a directory per layer, and this runs every scan.
      await (await opendir(dir)).close();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      return { readable: false, reason: explain(dir, code) };
    }
  }
  return { readable: true };
}

function explain(dir: string, dataRoot: string, code: string, rootless: boolean): string {
  const engineFigures = 'The engine’s own figures are shown meanwhile.';
  if (code === 'ENOENT') {
    return (
      `${dir} does not exist here, so the data root cannot be measured on disk. If the ` +
      'dashboard runs in a container or on another host, mount the engine’s data root ' +
      `read-only (e.g. -v ${dataRoot}:${dataRoot}:ro) and set DOCKER_DATA_ROOT to where it is ` +
      `mounted. ${engineFigures}`
    );
  }
  const uid = typeof process.geteuid === 'function' ? process.geteuid() : null;
  const who = uid === null ? 'this process' : `this process (uid ${uid})`;
  const fix = rootless
    ? 'The engine is rootless: its data root belongs to the user who runs it; run the ' +
      'dashboard as that user.'
    : 'Run the dashboard as root (e.g. sudo npm start), or as its container with the data root ' +
      'mounted read-only, as docker-compose.yml does.';
  return `${dir} is not readable by ${who} (${code}). ${fix} ${engineFigures}`;
}

/**
 * What a failed scan says: a file or directory this process may not read (a layer record of
 * mode 0700 when the dashboard runs as a member of the docker group) is named with what to
 * change, as the probe names the data root's own directories; anything else as it is.
 */
export function explainScanError(error: unknown, dataRoot: string, rootless: boolean): string {
  const { code, path } = error as NodeJS.ErrnoException;
  if ((code === 'EACCES' || code === 'EPERM') && typeof path === 'string') {
    return explain(path, dataRoot, code, rootless);
  }
  return error instanceof Error ? error.message : String(error);
}
