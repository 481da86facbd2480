import type { BulkReader } from '../../bulk-read/bulk-read.js';

/**
 * Each layer directory's short name in l/ (its `link` file); null where it has none. The same
 * for overlay2 and for containers/storage's overlay driver.
 */
export async function readLayerLinks(
  reader: BulkReader,
  overlayRoot: string,
  cacheIds: readonly string[],
): Promise<(string | null)[]> {
  const texts = await reader.readSmallFiles(cacheIds.map((id) => `${overlayRoot}/${id}/link`));
  return texts.map((text) => text?.trim() || null);
}
