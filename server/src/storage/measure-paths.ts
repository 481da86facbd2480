import type { ScanPool } from './scan/scan-pool.js';

/*
 * Small, direct measurements under the data root, for what a scan does not measure one by one
 * (a layer's short link, an image's config, a container's mount record, a volume): each path as
 * `du -B1 -s` counts it, in the scan's worker threads.
 */

/** Each path's `du -B1 -s`: 0 for a path that is not there; null where some entry was unreadable. */
export async function measurePaths(
  scan: ScanPool,
  paths: readonly string[],
): Promise<(number | null)[]> {
  const results = await scan.runWalks(paths.map((path) => ({ root: Buffer.from(path) })));
  return results.map((result) => {
    if (result.rootMissing) return 0;
    return result.warnings.length > 0 ? null : result.diskBytes;
  });
}
