import type { BulkReader } from '../../bulk-read/bulk-read.js';

/** Each overlay2 layer directory's short name in l/ (its `link` file); null where it has none. */
export async function readLayerLinks(
  reader: BulkReader,
  overlayRoot: string,
  cacheIds: readonly string[],
): Promise<(string | null)[]> {
  const texts = await reader.readSmallFiles(cacheIds.map((id) => `${overlayRoot}/${id}/link`));
  return texts.map((text) => text?.trim() || null);
}
